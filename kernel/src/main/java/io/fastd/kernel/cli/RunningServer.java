package io.fastd.kernel.cli;

import static java.util.Objects.requireNonNull;

import io.fastd.kernel.server.api.ServerStartException;
import io.fastd.kernel.server.internal.admin.OwnFiles;
import io.fastd.kernel.server.internal.admin.PidFile;
import io.fastd.kernel.server.internal.admin.StartLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Finds the running server for {@code stop}, {@code reload} and {@code status}, and proves it is
 * that server before anything is sent or signalled: the PID file and admin file must be ours
 * ({@link PidFile#checkTrusted}), the process the PID file names must be alive, the admin file's
 * identity must name that PID with the start time the OS reports for it (a reused or planted PID
 * does not match), and the admin channel must answer {@code identify} with that PID and the
 * recorded nonce. Whatever does not match is reported and left alone.
 */
final class RunningServer {

    private final PidFile pidFile;
    private final String name;
    private final long pid;
    private final ProcessHandle process;
    private final PidFile.Identity identity;

    private RunningServer(PidFile pidFile, String name, long pid, ProcessHandle process, PidFile.Identity identity) {
        this.pidFile = pidFile;
        this.name = name;
        this.pid = pid;
        this.process = process;
        this.identity = identity;
    }

    /**
     * The server named by {@code pidFile}, verified by PID and process start time.
     *
     * @throws Refusal with the exit code and message when there is none, or it is not this server
     */
    static RunningServer find(PidFile pidFile, String name) throws Refusal {
        requireNonNull(pidFile, "pidFile is null");
        try {
            pidFile.checkTrusted();
        } catch (OwnFiles.UntrustedFileException e) {
            throw new Refusal(Cli.FAILED, e.getMessage());
        }
        OptionalLong read = pidFile.readPid();
        Optional<ProcessHandle> process = read.isPresent() ? ProcessHandle.of(read.getAsLong()) : Optional.empty();
        if (process.isEmpty() || !process.get().isAlive()) {
            if (!Files.exists(pidFile.path(), LinkOption.NOFOLLOW_LINKS)) {
                throw new Refusal(Cli.NOT_RUNNING, name + " is not running (no PID file at " + pidFile + ")");
            }
            String stale = name + " is not running: stale PID file " + pidFile + " (process "
                    + (read.isPresent() ? read.getAsLong() : "?") + " is gone)";
            // Removed only under the start lock, so a server starting right now keeps its new PID file.
            try (StartLock lock = StartLock.acquire(pidFile, name)) {
                pidFile.deleteStale();
                requireNonNull(lock, "lock is null");
            } catch (ServerStartException e) {
                throw new Refusal(Cli.NOT_RUNNING, stale + "; left in place: a start holds the lock");
            }
            throw new Refusal(Cli.NOT_RUNNING, stale + "; removed it");
        }
        long pid = read.getAsLong();
        String notOurs = "PID " + pid + " (from " + pidFile + ") is not " + name + ": ";
        Optional<PidFile.Identity> identity = pidFile.readIdentity();
        if (identity.isEmpty()) {
            throw new Refusal(Cli.NOT_RUNNING, notOurs + "no server identity recorded in " + pidFile.adminPath()
                    + "; leaving that process alone");
        }
        if (identity.get().pid() != pid) {
            throw new Refusal(Cli.NOT_RUNNING, notOurs + pidFile.adminPath() + " records PID " + identity.get().pid()
                    + "; leaving that process alone");
        }
        Optional<Instant> started = process.get().info().startInstant();
        if (started.isEmpty() || identity.get().started().isEmpty()) {
            throw new Refusal(Cli.NOT_RUNNING, notOurs + "its start time is unknown, so it cannot be verified;"
                    + " leaving that process alone");
        }
        if (!started.equals(identity.get().started())) {
            throw new Refusal(Cli.NOT_RUNNING, notOurs + "that process started at " + started.get() + ", " + name
                    + " with that PID at " + identity.get().started().get() + " (the PID was reused);"
                    + " leaving that process alone");
        }
        return new RunningServer(pidFile, name, pid, process.get(), identity.get());
    }

    long pid() {
        return pid;
    }

    ProcessHandle process() {
        return process;
    }

    /** The admin endpoint, once the server serves. */
    Optional<PidFile.AdminEndpoint> endpoint() {
        return pidFile.readAdmin();
    }

    /**
     * Sends {@code command} after the admin channel confirmed the identity ({@code identify}).
     *
     * @throws IOException if the admin channel does not answer
     * @throws Refusal if it answers as another server
     */
    String send(PidFile.AdminEndpoint endpoint, String command, Duration timeout) throws IOException, Refusal {
        AdminClient client = new AdminClient(endpoint);
        String answer = client.send("identify", Duration.ofSeconds(10)).trim();
        if (!answer.equals("OK " + pid + " " + identity.nonce())) {
            throw new Refusal(Cli.NOT_RUNNING, "PID " + pid + " (from " + pidFile + ") is not " + name + ": the admin channel"
                    + " 127.0.0.1:" + endpoint.port() + " did not confirm its identity ("
                    + (answer.startsWith("OK ") ? "another PID or nonce" : firstLine(answer)) + "); leaving that process alone");
        }
        return client.send(command, timeout);
    }

    private static String firstLine(String text) {
        String line = text.lines().findFirst().orElse("no answer");
        return line.length() > 120 ? line.substring(0, 120) + "..." : line;
    }

    /** Why a command does not act on the PID file's process, and its exit code. */
    static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;

        private final int exitCode;

        Refusal(int exitCode, String message) {
            super(message);
            this.exitCode = exitCode;
        }

        int exitCode() {
            return exitCode;
        }
    }
}
