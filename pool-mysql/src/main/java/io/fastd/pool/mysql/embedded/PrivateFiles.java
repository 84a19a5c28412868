package io.fastd.pool.mysql.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Directories and files that only the current user can change (Linux: owners are read as
 * {@code unix:uid}, links are never followed unless they are trusted).
 *
 * <p>A path is trusted when, walking it from {@code /}, every directory on the way is owned by the
 * current user or root and is not writable by group or others, except a sticky directory (such
 * as {@code /tmp}) whose next entry is owned by the current user or root (the sticky bit keeps
 * others from renaming or replacing it). A symbolic link on the way is followed only when it is
 * owned by the current user or root and sits in a trusted directory. The last directory must be
 * owned by the current user and not writable by group or others.
 */
final class PrivateFiles {

    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> EXECUTABLE = PosixFilePermissions.fromString("rwx------");
    private static final int ROOT = 0;
    private static final int MAX_LINKS = 40;
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private PrivateFiles() {
    }

    /** The effective uid of this process (the owner of {@code /proc/self}). */
    static int currentUid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the uid of this process from /proc/self", e);
        }
    }

    /**
     * Checks {@code directory} and every directory above it (see the class comment), creating the
     * missing ones with mode 0700, and returns its real path.
     *
     * @throws IOException naming the directory, its owner and mode when it is not trusted
     */
    static Path trustedDirectory(Path directory) throws IOException {
        Path wanted = directory.toAbsolutePath().normalize();
        Path real = walk(wanted, wanted, true, new int[] {0});
        PosixFileAttributes attributes = Files.readAttributes(real, PosixFileAttributes.class, NOFOLLOW);
        if (!attributes.isDirectory()) {
            throw new IOException("refusing embedded MariaDB directory " + wanted + ": " + real + " is not a directory");
        }
        if (uid(real) != currentUid() || groupOrOthersMayWrite(attributes.permissions())) {
            throw refused(wanted, real, attributes, "it must be owned by " + userName() + " and not writable by group or others");
        }
        return real;
    }

    private static Path walk(Path wanted, Path path, boolean create, int[] links) throws IOException {
        Path current = path.getRoot();
        int count = path.getNameCount();
        for (int i = 0; i < count; i++) {
            Path next = current.resolve(path.getName(i));
            PosixFileAttributes attributes;
            try {
                attributes = Files.readAttributes(next, PosixFileAttributes.class, NOFOLLOW);
            } catch (NoSuchFileException e) {
                if (!create) {
                    throw new IOException("refusing embedded MariaDB directory " + wanted + ": " + next + " does not exist");
                }
                try {
                    Files.createDirectory(next, PosixFilePermissions.asFileAttribute(DIRECTORY));
                } catch (FileAlreadyExistsException raced) {
                    // Created by someone else between the two calls: checked like any existing entry below.
                }
                attributes = Files.readAttributes(next, PosixFileAttributes.class, NOFOLLOW);
            }
            if (create && i == count - 1 && !attributes.isSymbolicLink()) {
                return next; // the directory itself: checked by the caller against the stricter rule
            }
            int uid = uid(next);
            boolean trustedOwner = uid == currentUid() || uid == ROOT;
            if (!trustedOwner) {
                throw refused(wanted, next, attributes, rule());
            }
            if (attributes.isSymbolicLink()) {
                if (++links[0] > MAX_LINKS) {
                    throw new IOException("refusing embedded MariaDB directory " + wanted + ": too many symbolic links");
                }
                Path target = current.resolve(Files.readSymbolicLink(next)).normalize();
                current = walk(wanted, target, false, links);
                continue;
            }
            if (!attributes.isDirectory()) {
                throw new IOException("refusing embedded MariaDB directory " + wanted + ": " + next + " is not a directory");
            }
            if (groupOrOthersMayWrite(attributes.permissions()) && !(sticky(next) && i < count - 1)) {
                throw refused(wanted, next, attributes, rule());
            }
            current = next;
        }
        return current;
    }

    private static String rule() {
        String owners = currentUid() == ROOT ? "root" : userName() + " or root";
        return "every directory on the way must be owned by " + owners + " and not writable by group or others,"
                + " unless it is sticky like /tmp";
    }

    private static IOException refused(Path wanted, Path path, PosixFileAttributes attributes, String rule) {
        return new IOException("refusing embedded MariaDB directory " + wanted + ": " + path + " is owned by "
                + attributes.owner().getName() + " with mode " + PosixFilePermissions.toString(attributes.permissions())
                + " (" + rule + ")");
    }

    private static boolean sticky(Path directory) throws IOException {
        Integer mode = (Integer) Files.getAttribute(directory, "unix:mode", NOFOLLOW);
        return (mode & 01000) != 0;
    }

    static boolean groupOrOthersMayWrite(Set<PosixFilePermission> permissions) {
        return permissions.contains(PosixFilePermission.GROUP_WRITE) || permissions.contains(PosixFilePermission.OTHERS_WRITE);
    }

    static int uid(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:uid", NOFOLLOW);
    }

    private static String userName() {
        return System.getProperty("user.name");
    }

    /** Creates directory {@code directory} with mode 0700; it must not exist yet. */
    static Path createDirectory(Path directory) throws IOException {
        Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(DIRECTORY));
        Files.setPosixFilePermissions(directory, DIRECTORY);
        return directory;
    }

    /** Writes {@code secret} to a new file with mode 0600, never through a link; the file must not exist yet. */
    static void writeSecret(Path file, String secret) throws IOException {
        try (var channel = Files.newByteChannel(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(FILE))) {
            Files.setPosixFilePermissions(file, FILE);
            channel.write(java.nio.ByteBuffer.wrap(secret.getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** Reads a file written by {@link #writeSecret}: a regular file of the current user with mode 0600. */
    static String readSecret(Path file) throws IOException {
        PosixFileAttributes attributes = Files.readAttributes(file, PosixFileAttributes.class, NOFOLLOW);
        if (!attributes.isRegularFile() || uid(file) != currentUid() || !attributes.permissions().equals(FILE)) {
            throw new IOException("refusing secret file " + file + ": it must be a regular file owned by " + userName()
                    + " with mode rw-------, not " + PosixFilePermissions.toString(attributes.permissions()) + " of "
                    + attributes.owner().getName());
        }
        try (var in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Deletes {@code path} and everything below it; links are deleted, never followed. */
    static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, NOFOLLOW)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
