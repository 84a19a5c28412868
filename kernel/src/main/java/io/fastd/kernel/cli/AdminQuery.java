package io.fastd.kernel.cli;

import static java.util.Objects.requireNonNull;

import io.fastd.kernel.server.internal.admin.PidFile;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code status} (the table, or {@code --json}), {@code reload} and {@code health}: one request to
 * the admin endpoint of the verified running server ({@link RunningServer}), its answer printed.
 */
final class AdminQuery {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final PrintStream out;
    private final PrintStream err;

    AdminQuery(String name, PrintStream out, PrintStream err) {
        this.name = requireNonNull(name, "name is null");
        this.out = requireNonNull(out, "out is null");
        this.err = requireNonNull(err, "err is null");
    }

    /**
     * {@code status} (the table) or {@code reload}: the server's answer printed (stdout when it is
     * OK, else stderr); exit 0 when it is OK.
     */
    int command(PidFile pidFile, String command, Duration timeout) {
        return ask(pidFile, command, (server, endpoint) -> {
            String answer = server.send(endpoint, command, timeout);
            if (answer.startsWith("OK\n")) {
                out.print(answer.substring(3));
            } else {
                (answer.startsWith("OK") ? out : err).print(answer);
            }
            return answer.startsWith("OK") ? Cli.OK : Cli.FAILED;
        });
    }

    /** {@code GET /status}; exit 0, or the usual codes when there is no verified server or it does not answer. */
    int statusJson(PidFile pidFile) {
        return ask(pidFile, "status --json", (server, endpoint) -> {
            out.println(server.statusJson(endpoint, TIMEOUT).strip());
            return Cli.OK;
        });
    }

    /**
     * {@code GET /health/ready}: its body on stdout; exit 0 ready, 1 not ready. No server, or one
     * still starting (no admin endpoint yet), is not ready either: exit 1, the reason on stderr.
     */
    int health(PidFile pidFile) {
        return ask(pidFile, "health", (server, endpoint) -> {
            RunningServer.Readiness readiness = server.readiness(endpoint, TIMEOUT);
            out.println(readiness.body().strip());
            return readiness.ready() ? Cli.OK : Cli.NOT_RUNNING;
        });
    }

    private int ask(PidFile pidFile, String command, Question question) {
        try {
            RunningServer server = RunningServer.find(pidFile, name);
            Optional<PidFile.AdminEndpoint> endpoint = server.endpoint();
            if (endpoint.isEmpty()) {
                err.println("cannot " + command + ": no admin endpoint in " + pidFile.adminPath() + " (is " + name
                        + " still starting?)");
                return command.equals("health") ? Cli.NOT_RUNNING : Cli.FAILED;
            }
            try {
                int code = question.ask(server, endpoint.get());
                out.flush();
                return code;
            } catch (IOException e) {
                err.println("cannot " + command + ": admin endpoint " + endpoint.get().url() + " did not answer: "
                        + e.getMessage());
                return Cli.FAILED;
            }
        } catch (RunningServer.Refusal refusal) {
            err.println(refusal.getMessage());
            return refusal.exitCode();
        }
    }

    /** One question to a verified server's admin endpoint; returns the exit code. */
    private interface Question {
        int ask(RunningServer server, PidFile.AdminEndpoint endpoint) throws IOException, RunningServer.Refusal;
    }
}
