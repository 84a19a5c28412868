package io.fastd.kernel.server.internal.admin;

import static java.util.Objects.requireNonNull;

import io.fastd.kernel.server.api.ServerSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The PID file ({@code server.pid_file}: the PID alone, so {@code kill $(cat file)} works) and,
 * next to it, the admin file ({@code <pid_file>.admin}, owner-only): the server's identity (PID,
 * the process's start time, a random per-run nonce) and, once the server serves, the admin
 * endpoint's URL ({@code url=http://HOST:PORT}) and token. Both are written atomically (a new file renamed over the old one, so a link planted
 * at the path is replaced, never followed) and read without following links.
 *
 * <p>A PID file is never trusted on its own: {@link #checkTrusted} refuses files (and a
 * directory) someone else controls, and the command line compares the identity with the live
 * process and with the admin endpoint's {@code GET /identity} answer before it acts on the PID.
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

    /** The start lock's file, {@code <pid_file>.lock}; see {@link StartLock}. */
    public Path lockPath() {
        return path.resolveSibling(path.getFileName() + ".lock");
    }

    /**
     * Refuses the PID file and admin file unless each is absent or a regular file owned by the
     * current user, and their directory unless it is safe (see {@link OwnFiles}).
     */
    public void checkTrusted() throws OwnFiles.UntrustedFileException {
        try {
            OwnFiles.checkDirectoryOf(path, "PID file");
            OwnFiles.checkFileIfPresent(path, "PID file");
            OwnFiles.checkFileIfPresent(adminPath(), "admin file");
        } catch (OwnFiles.UntrustedFileException e) {
            throw e;
        } catch (IOException e) {
            throw new OwnFiles.UntrustedFileException("cannot check PID file " + path + ": " + e);
        }
    }

    /** The PID written in the file, if the file exists (not as a link) and holds a number. */
    public OptionalLong readPid() {
        try {
            String text = read(path).trim();
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

    /**
     * Whether {@code pid} is the server this PID file's admin file describes: the recorded
     * identity names it and its process started when recorded (a reused PID did not).
     */
    public boolean namesLiveServer(long pid) {
        Optional<Identity> identity = readIdentity();
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        return identity.isPresent() && identity.get().pid() == pid && process.isPresent()
                && identity.get().started().isPresent()
                && identity.get().started().equals(process.get().info().startInstant());
    }

    /** True if the file exists but its process is gone (or it holds no PID). */
    public boolean isStale() {
        return Files.exists(path, LinkOption.NOFOLLOW_LINKS) && livePid().isEmpty();
    }

    /** The admin endpoint written next to the PID file, once the server serves. */
    public Optional<AdminEndpoint> readAdmin() {
        Map<String, String> fields = readAdminFields();
        if (!fields.containsKey("url") || !fields.containsKey("token")) {
            return Optional.empty();
        }
        try {
            URI url = new URI(fields.get("url"));
            if (!"http".equals(url.getScheme()) || url.getHost() == null || url.getPort() < 0) {
                return Optional.empty();
            }
            String host = url.getHost();
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            return Optional.of(new AdminEndpoint(host, url.getPort(), fields.get("token")));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The identity the server recorded in the admin file, if present and well formed. */
    public Optional<Identity> readIdentity() {
        Map<String, String> fields = readAdminFields();
        try {
            if (fields.containsKey("pid") && fields.containsKey("nonce") && fields.containsKey("started")) {
                String started = fields.get("started");
                return Optional.of(new Identity(Long.parseLong(fields.get("pid")),
                        started.equals("unknown") ? Optional.empty() : Optional.of(Instant.parse(started)), fields.get("nonce")));
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private Map<String, String> readAdminFields() {
        Map<String, String> fields = new LinkedHashMap<>();
        try {
            for (String line : read(adminPath()).split("\n")) {
                int equals = line.indexOf('=');
                if (equals > 0) {
                    fields.put(line.substring(0, equals).trim(), line.substring(equals + 1).trim());
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return fields;
    }

    private static String read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return new String(in.readNBytes(4096), StandardCharsets.US_ASCII);
        }
    }

    /** Writes the identity to the admin file, then the PID to the PID file. */
    public void write(Identity identity) {
        writeAtomically(adminPath(), identity.lines());
        writeAtomically(path, identity.pid() + "\n");
    }

    /** Adds the admin URL and token to the admin file. */
    public void writeAdmin(AdminEndpoint endpoint, Identity identity) {
        writeAtomically(adminPath(), "url=" + endpoint.url() + "\ntoken=" + endpoint.token() + "\n" + identity.lines());
    }

    /** Removes both files if the PID file still names {@code pid}. */
    public void delete(long pid) {
        try {
            if (readPid().orElse(-1) == pid || !Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                Files.deleteIfExists(path);
                Files.deleteIfExists(adminPath());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove PID file " + path, e);
        }
    }

    /** Removes both files unconditionally (a stale PID file, checked with {@link #checkTrusted} first). */
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
            if (!Files.exists(parent)) {
                Files.createDirectories(parent, OwnFiles.OWNER_ONLY_DIRECTORY);
            }
            // A new file with a random name (created exclusively, owner-only), renamed over the
            // target: a link at the target is replaced, never written through.
            Path temp = Files.createTempFile(parent, target.getFileName().toString(), ".tmp", OwnFiles.OWNER_ONLY_FILE);
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
     * Who a running server is: its PID, its process's start time (as the OS reports it, which
     * a reused PID does not share) and a random nonce its admin endpoint answers {@code GET /identity}
     * with.
     *
     * @param pid the process id
     * @param started {@link ProcessHandle.Info#startInstant()}, empty where the OS does not say
     * @param nonce random, per run
     */
    public record Identity(long pid, Optional<Instant> started, String nonce) {
        public Identity {
            requireNonNull(started, "started is null");
            requireNonNull(nonce, "nonce is null");
        }

        /** This process with a fresh nonce. */
        public static Identity ofCurrentProcess(String nonce) {
            ProcessHandle self = ProcessHandle.current();
            return new Identity(self.pid(), self.info().startInstant(), nonce);
        }

        private String lines() {
            return "pid=" + pid + "\nstarted=" + started.map(Instant::toString).orElse("unknown") + "\nnonce=" + nonce + "\n";
        }

        /** PID and start time only: the nonce is a secret. */
        @Override
        public String toString() {
            return "Identity[pid=" + pid + ", started=" + started.map(Instant::toString).orElse("unknown") + "]";
        }
    }

    /**
     * Where a running server's admin endpoint listens ({@code url=} in the admin file).
     *
     * @param host the host or address it is bound to (an IPv6 address without brackets)
     * @param port its port
     * @param token the secret {@code POST /reload}, {@code POST /stop} and {@code GET /identity}
     *     need ({@code Authorization: Bearer <token>})
     */
    public record AdminEndpoint(String host, int port, String token) {
        public AdminEndpoint {
            requireNonNull(host, "host is null");
            requireNonNull(token, "token is null");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("admin port must lie in [0, 65535]: " + port);
            }
        }

        /** {@code http://HOST:PORT}, an IPv6 address in brackets. */
        public String url() {
            return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }

        /** The URL only: the token is a secret. */
        @Override
        public String toString() {
            return "AdminEndpoint[" + url() + ", token=[REDACTED]]";
        }
    }
}
