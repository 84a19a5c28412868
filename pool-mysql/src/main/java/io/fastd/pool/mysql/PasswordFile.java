package io.fastd.pool.mysql;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Reads {@code database.<key>.pass_file}: a password kept in a file (the {@code _FILE}
 * convention of container images: Docker and Kubernetes secrets). The file must be a regular file
 * that other users can neither read nor write (owner- or group-readable is fine: {@code 0400},
 * {@code 0440}, {@code 0600}); a symbolic link is followed only if it is owned by the current
 * user or by root (Kubernetes mounts secrets as root-owned links). Trailing line breaks are
 * stripped. The content never appears in a message.
 */
final class PasswordFile {

    /** Larger files are refused: a password file holds one line. */
    static final int MAX_BYTES = 64 * 1024;

    private PasswordFile() {
    }

    /**
     * The password in {@code file}.
     *
     * @throws IllegalArgumentException whose message names the path and what is wrong (never the content)
     */
    static String read(Path file) {
        try {
            PosixFileAttributes link = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (link.isSymbolicLink()) {
                String owner = link.owner().getName();
                if (!owner.equals("root") && !owner.equals(System.getProperty("user.name"))) {
                    throw new IllegalArgumentException(file + " is a symbolic link owned by " + owner
                            + "; only links owned by root or " + System.getProperty("user.name") + " are followed");
                }
            }
            PosixFileAttributes target = Files.readAttributes(file, PosixFileAttributes.class);
            if (!target.isRegularFile()) {
                throw new IllegalArgumentException(file + " is not a regular file");
            }
            if (target.permissions().contains(PosixFilePermission.OTHERS_READ)
                    || target.permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
                throw new IllegalArgumentException(file + " can be read or written by every user (mode "
                        + PosixFilePermissions.toString(target.permissions()) + "); chmod o-rw it");
            }
            if (target.size() > MAX_BYTES) {
                throw new IllegalArgumentException(file + " is larger than " + MAX_BYTES + " bytes; it must hold the password only");
            }
            String text;
            try (InputStream in = Files.newInputStream(file)) {
                text = new String(in.readNBytes(MAX_BYTES), StandardCharsets.UTF_8);
            }
            int end = text.length();
            while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
                end--;
            }
            return text.substring(0, end);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } catch (UnsupportedOperationException e) {
            throw new IllegalArgumentException("cannot check " + file + ": the file system has no POSIX permissions");
        }
    }
}
