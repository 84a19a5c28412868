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
 * does not match), and the admin endpoint must answer {@code GET /identity} with that PID and the
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
     * Sends {@code command} ({@code status}, {@code reload} or {@code stop}) after the admin
     * endpoint confirmed the identity ({@code GET /identity}); see {@link AdminClient#send}.
     *
     * @throws IOException if the admin endpoint does not answer
     * @throws Refusal if it answers as another server
     */
    String send(PidFile.AdminEndpoint endpoint, String command, Duration timeout) throws IOException, Refusal {
        return verified(endpoint).send(command, timeout);
    }

    /**
     * The server's status as JSON ({@code GET /status}), after the identity check.
     *
     * @throws IOException if the admin endpoint does not answer, or answers an error (named)
     * @throws Refusal if it answers as another server
     */
    String statusJson(PidFile.AdminEndpoint endpoint, Duration timeout) throws IOException, Refusal {
        AdminClient.Answer answer = verified(endpoint).get("/status", false, timeout);
        if (answer.status() != 200) {
            throw new IOException("GET /status answered " + answer.status() + ": " + answer.error());
        }
        return answer.body();
    }

    /**
     * Whether the server is ready ({@code GET /health/ready}: 200 ready, 503 not), with the JSON
     * body naming what is not; after the identity check.
     *
     * @throws IOException if the admin endpoint does not answer, or answers neither 200 nor 503
     * @throws Refusal if it answers as another server
     */
    Readiness readiness(PidFile.AdminEndpoint endpoint, Duration timeout) throws IOException, Refusal {
        AdminClient.Answer answer = verified(endpoint).get("/health/ready", false, timeout);
        if (answer.status() != 200 && answer.status() != 503) {
            throw new IOException("GET /health/ready answered " + answer.status() + ": " + answer.error());
        }
        return new Readiness(answer.status() == 200, answer.body());
    }

    /** A client of {@code endpoint} once it answered {@code GET /identity} with this PID and the recorded nonce. */
    private AdminClient verified(PidFile.AdminEndpoint endpoint) throws IOException, Refusal {
        AdminClient client = new AdminClient(endpoint);
        AdminClient.Answer identify = client.get("/identity", true, Duration.ofSeconds(10));
        boolean confirmed = identify.status() == 200
                && AdminClient.field(identify.body(), "nonce").filter(identity.nonce()::equals).isPresent()
                && identify.body().matches("(?s).*\"pid\"\\s*:\\s*" + pid + "\\b.*");
        if (!confirmed) {
            throw new Refusal(Cli.NOT_RUNNING, "PID " + pid + " (from " + pidFile + ") is not " + name + ": the admin channel "
                    + client.address() + " did not confirm its identity ("
                    + (identify.status() == 200 ? "another PID or nonce" : firstLine(identify.error())) + "); leaving that process alone");
        }
        return client;
    }

    private static String firstLine(String text) {
        String line = text.lines().findFirst().orElse("no answer");
        return line.length() > 120 ? line.substring(0, 120) + "..." : line;
    }

    /**
     * A server's readiness.
     *
     * @param ready {@code GET /health/ready} answered 200
     * @param body its JSON body ({@code {"status":"UP"}}, or {@code "DOWN"} with the problems)
     */
    record Readiness(boolean ready, String body) {
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
