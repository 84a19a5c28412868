package io.fastd.kernel.server;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The PID file ({@code server.pid_file}) and, next to it, the admin file
 * ({@code <pid_file>.admin}: the admin port and a random token, readable by the owner only).
 * A PID file is never trusted on its own: {@link #livePid} checks the process exists.
 */
public final class PidFile {

    private final Path path;

    public PidFile(Path path) {
        this.path = requireNonNull(path, "path is null");
    }

    public Path path() {
        return path;
    }

    public Path adminPath() {
        return ServerSettings.adminFileFor(path);
    }

    /** The PID written in the file, if the file exists and holds a number. */
    public OptionalLong readPid() {
        try {
            String text = Files.readString(path, StandardCharsets.US_ASCII).trim();
            return OptionalLong.of(Long.parseLong(text));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** The PID in the file if that process is alive; empty if there is no file or it is stale. */
    public OptionalLong livePid() {
        OptionalLong pid = readPid();
        if (pid.isPresent() && ProcessHandle.of(pid.getAsLong()).map(ProcessHandle::isAlive).orElse(false)) {
            return pid;
        }
        return OptionalLong.empty();
    }

    /** True if the file exists but its process is gone (or it holds no PID). */
    public boolean isStale() {
        return Files.exists(path) && livePid().isEmpty();
    }

    /** The admin endpoint written next to the PID file, if readable. */
    public Optional<AdminEndpoint> readAdmin() {
        try {
            List<String> lines = Files.readAllLines(adminPath(), StandardCharsets.US_ASCII);
            if (lines.size() < 2) {
                return Optional.empty();
            }
            return Optional.of(new AdminEndpoint(Integer.parseInt(lines.get(0).trim()), lines.get(1).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    void write(long pid) {
        writeAtomically(path, pid + "\n");
    }

    void writeAdmin(AdminEndpoint endpoint) {
        writeAtomically(adminPath(), endpoint.port() + "\n" + endpoint.token() + "\n");
    }

    /** Removes both files if the PID file still names {@code pid}. */
    void delete(long pid) {
        try {
            if (readPid().orElse(-1) == pid || !Files.exists(path)) {
                Files.deleteIfExists(path);
                Files.deleteIfExists(adminPath());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove PID file " + path, e);
        }
    }

    /** Removes both files unconditionally (a stale PID file). */
    public void deleteStale() {
        try {
            Files.deleteIfExists(path);
            Files.deleteIfExists(adminPath());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove stale PID file " + path, e);
        }
    }

    private static void writeAtomically(Path target, String content) {
        try {
            Path parent = target.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path temp = Files.createTempFile(parent, target.getFileName().toString(), ".tmp");
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the directory's permissions protect the file instead
                temp.toFile().setReadable(true, true);
            }
            Files.writeString(temp, content, StandardCharsets.US_ASCII);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }

    /**
     * Where a running server's admin channel listens.
     *
     * @param port the port on 127.0.0.1
     * @param token the secret each command line starts with
     */
    public record AdminEndpoint(int port, String token) {
        public AdminEndpoint {
            requireNonNull(token, "token is null");
        }

        /** The port only: the token is a secret. */
        @Override
        public String toString() {
            return "AdminEndpoint[127.0.0.1:" + port + ", token=[REDACTED]]";
        }
    }
}
