package io.fastd.kernel.server.internal.admin;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Optional;

/**
 * Checks for the files the server and its command line write and trust (PID file, admin file,
 * start lock, {@code start -d} log): a file must be a regular file, not a symbolic link, owned by
 * the user running this JVM; its directory must be owned by that user or by root, and not
 * writable by group or others unless it has the sticky bit (as {@code /tmp} has, where nobody
 * can rename or remove another user's file). Every failure is an {@link UntrustedFileException}
 * naming the path and what is wrong with it.
 */
public final class OwnFiles {

    /** rw------- */
    public static final FileAttribute<?> OWNER_ONLY_FILE = PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rw-------"));
    /** rwx------ */
    public static final FileAttribute<?> OWNER_ONLY_DIRECTORY = PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rwx------"));

    private static final int STICKY = 01000;

    private OwnFiles() {
    }

    /** The user running this JVM. */
    public static UserPrincipal currentUser() throws IOException {
        return FileSystems.getDefault().getUserPrincipalLookupService()
                .lookupPrincipalByName(System.getProperty("user.name"));
    }

    /**
     * Checks {@code file} if it exists (not following a link): a regular file owned by the
     * current user. Returns false if there is no such file.
     *
     * @param what what the file is, for the message ("PID file")
     */
    public static boolean checkFileIfPresent(Path file, String what) throws IOException {
        PosixFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return false;
        }
        if (attributes.isSymbolicLink()) {
            throw new UntrustedFileException("refusing " + what + " " + file + ": it is a symbolic link (owned by "
                    + attributes.owner().getName() + "); remove it");
        }
        if (!attributes.isRegularFile()) {
            throw new UntrustedFileException("refusing " + what + " " + file + ": not a regular file");
        }
        UserPrincipal me = currentUser();
        if (!attributes.owner().equals(me)) {
            throw new UntrustedFileException("refusing " + what + " " + file + ": owned by " + attributes.owner().getName()
                    + ", not by " + me.getName() + " (the user running this command)");
        }
        return true;
    }

    /**
     * Checks the directory {@code file} lives in, creating it (rwx------) with its missing
     * parents if absent: owned by the current user or root, and not writable by group or
     * others unless sticky.
     */
    public static void checkDirectoryOf(Path file, String what) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(directory, OWNER_ONLY_DIRECTORY);
        }
        Path real = directory.toRealPath();
        PosixFileAttributes attributes = Files.readAttributes(real, PosixFileAttributes.class);
        if (!attributes.isDirectory()) {
            throw new UntrustedFileException("refusing " + what + " " + file + ": " + directory + " is not a directory");
        }
        String owner = attributes.owner().getName();
        if (!attributes.owner().equals(currentUser()) && !owner.equals("root")) {
            throw new UntrustedFileException("refusing " + what + " " + file + ": its directory " + real + " is owned by "
                    + owner + ", who could replace the file; use a directory of your own");
        }
        boolean writableByOthers = attributes.permissions().contains(java.nio.file.attribute.PosixFilePermission.GROUP_WRITE)
                || attributes.permissions().contains(java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE);
        if (writableByOthers && (mode(real).orElse(0) & STICKY) == 0) {
            throw new UntrustedFileException("refusing " + what + " " + file + ": its directory " + real
                    + " is writable by other users (mode " + PosixFilePermissions.toString(attributes.permissions())
                    + ", no sticky bit), who could replace the file; use a directory only you can write");
        }
    }

    /** The Unix mode bits of {@code path} (with setuid/setgid/sticky), if the platform reports them. */
    static Optional<Integer> mode(Path path) {
        try {
            return Optional.of((Integer) Files.getAttribute(path, "unix:mode"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A file or directory that must not be trusted. */
    public static final class UntrustedFileException extends IOException {
        private static final long serialVersionUID = 1L;

        public UntrustedFileException(String message) {
            super(message);
        }
    }
}
