package io.fastd.kernel.cli;

import static java.util.Objects.requireNonNull;

import io.fastd.kernel.Application;
import io.fastd.kernel.config.Config;
import io.fastd.kernel.config.ConfigCheck;
import io.fastd.kernel.config.ConfigException;
import io.fastd.kernel.server.Server;
import io.fastd.kernel.server.api.ServerSettings;
import io.fastd.kernel.server.api.ServerStartException;
import io.fastd.kernel.server.internal.admin.PidFile;
import io.fastd.kernel.server.internal.admin.StartLock;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The server's command line, FastD's {@code bin/server start|stop|reload|status}, on picocli
 * ({@link Arguments}). A host app's {@code main} builds its {@link Application} and calls
 * {@link #main(Application, String...)}.
 *
 * <pre>
 * start [-d]      start in the foreground (-d: in the background, output to server.log_file)
 * stop            ask the running server to stop gracefully and wait until its process is gone
 * reload          replace every worker, one at a time, while the others keep serving
 * status [--json] print each worker's state, requests served, uptime and pools
 * health          print whether the running server is ready (exit 0) or not (exit 1)
 * config          print every config key, its value (secrets redacted) and its source
 * --config DIR    (with any command) the config directory
 * -h, --help      (with any command) its usage; -V, --version: the app's and the kernel's versions
 * </pre>
 *
 * <p>{@code start} takes the start lock ({@link StartLock}) before it builds the application, so
 * a second start says "already running" at once and touches nothing. The running server is found
 * through {@code server.pid_file} and verified before anything is sent or signalled
 * ({@link RunningServer}): a PID file whose process is gone is reported as stale and removed; one
 * naming a process that is not this server (reused or planted PID) is reported and that process
 * left alone. Commands go to the admin HTTP endpoint (URL and token in
 * {@code <pid_file>.admin}); {@code stop} falls back to SIGTERM if the admin endpoint does not
 * answer, for a process verified by PID and start time only. A foreground server stops on
 * SIGTERM/SIGINT and reloads its workers on SIGUSR1 ({@link Signals}).
 *
 * <p>Exit codes: {@link #OK} 0 success; {@link #NOT_RUNNING} 1 no server running (no or stale PID
 * file, or the PID file names a process that is not this server), or {@code health}: not ready;
 * {@link #USAGE} 2 bad arguments (picocli's usage errors); {@link #FAILED} 3 the command failed
 * (bad config, start refused or already starting/running, reload failed, stop timed out, admin
 * channel unreachable, PID file or its directory not trusted).
 */
public final class Cli {

    public static final int OK = 0;
    public static final int NOT_RUNNING = 1;
    public static final int USAGE = 2;
    public static final int FAILED = 3;

    private final Config config;
    private final String name;
    private final Supplier<Application> application;
    private final PrintStream out;
    private final PrintStream err;
    private final List<ConfigCheck> checks = new java.util.ArrayList<>();

    public Cli(Application app) {
        this(app, System.out, System.err);
    }

    public Cli(Application app, PrintStream out, PrintStream err) {
        this(requireNonNull(app, "app is null").config(), () -> app, out, err);
    }

    /**
     * A command line that builds the application only for {@code start}: {@code stop},
     * {@code reload} and {@code status} need nothing but the config (the PID file's location), so
     * they work even where the application could not be built (its database is unreachable).
     */
    public Cli(Config config, Supplier<Application> application, PrintStream out, PrintStream err) {
        this.config = requireNonNull(config, "config is null");
        this.name = io.fastd.kernel.AppSettings.name(config);
        this.application = requireNonNull(application, "application is null");
        this.out = requireNonNull(out, "out is null");
        this.err = requireNonNull(err, "err is null");
    }

    /**
     * Adds a check run with the server and app keys before any command, so that every problem of
     * a start is reported together before anything is started (an embedded database, a server):
     * a host app's own setting groups, or the database keys' check.
     */
    public Cli checking(ConfigCheck check) {
        checks.add(requireNonNull(check, "check is null"));
        return this;
    }

    /** Runs the command and exits the JVM with its exit code. */
    public static void main(Application app, String... args) {
        System.exit(new Cli(app).run(args));
    }

    /**
     * Parses {@code args} and runs the command; returns its exit code. {@code --config DIR} is a
     * usage error here: this command line's config is already loaded, so the directory could not
     * apply. A {@code main} that takes {@code --config} parses first ({@link Arguments#parse}),
     * loads its config from {@link Arguments#configDirectory()} and calls {@link #run(Arguments)}.
     */
    public int run(String... args) {
        Arguments arguments;
        try {
            arguments = Arguments.parseNamed(name, args);
        } catch (Arguments.UsageException e) {
            err.println(e.getMessage());
            return USAGE;
        }
        if (arguments.configDirectory().isPresent()) {
            err.println("--config " + arguments.configDirectory().get() + " cannot apply: this command line's config is"
                    + " already loaded (parse the arguments with Arguments.parse first and load the config from their"
                    + " configDirectory(), as ExampleMain does)");
            return USAGE;
        }
        return run(arguments);
    }

    /**
     * Runs the parsed command, whose {@code --config DIR} the caller loaded this command line's
     * config from; returns its exit code. {@code start} returns once the server stopped. Help,
     * the version and {@code config} need no valid settings; every other command checks them
     * first and reports every problem together.
     */
    public int run(Arguments arguments) {
        requireNonNull(arguments, "arguments is null");
        if (arguments.helpRequested()) {
            out.print(arguments.usage(name));
            out.flush();
            return OK;
        }
        if (arguments.versionRequested()) {
            out.println(name + " " + io.fastd.kernel.AppSettings.version(config));
            out.println("FastD kernel " + KernelVersion.get());
            out.flush();
            return OK;
        }
        String[] args = arguments.all().toArray(String[]::new);
        ServerSettings settings = null;
        List<String> problems = new java.util.ArrayList<>(io.fastd.kernel.AppSettings.SETTINGS.problems(config));
        try {
            settings = ServerSettings.from(config, name);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        checks.forEach(check -> problems.addAll(check.problems(config)));
        if (arguments.command().equals("config")) {
            out.print(ConfigTable.render(config));
            out.flush();
        }
        if (!problems.isEmpty()) {
            // Every bad key, each naming its source: the message alone, as for any config error.
            err.println(config.redact(new ConfigException(problems).getMessage()));
            return FAILED;
        }
        PidFile pidFile = new PidFile(settings.pidFile());
        return switch (arguments.command()) {
            case "start" -> arguments.detach() ? new Detacher(config, settings, pidFile, out, err).detach(args) : start(pidFile);
            case "stop" -> stop(settings, pidFile);
            case "reload" -> new AdminQuery(name, out, err).command(pidFile, "reload", Duration.ofMinutes(10));
            case "status" -> arguments.json() ? new AdminQuery(name, out, err).statusJson(pidFile)
                    : new AdminQuery(name, out, err).command(pidFile, "status", Duration.ofSeconds(30));
            case "health" -> new AdminQuery(name, out, err).health(pidFile);
            case "config" -> OK;
            default -> throw new IllegalStateException("unparsed command " + arguments.command());
        };
    }

    /**
     * Takes the start lock, then builds the application (which may be slow: an embedded
     * database), then starts the server, which keeps the lock until its PID file is removed.
     */
    private int start(PidFile pidFile) {
        StartLock lock;
        try {
            lock = StartLock.acquire(pidFile, name);
        } catch (ServerStartException e) {
            err.println(e.getMessage());
            return FAILED;
        }
        Application app;
        try {
            app = application.get();
        } catch (RuntimeException e) {
            lock.close();
            // Config, provider and binding errors already name file, key and value: print the
            // message alone; the stack trace only when asked for (-Dfastd.debug=true).
            err.println("cannot start " + name + ": " + config.redact(e.getMessage()));
            if (Boolean.getBoolean("fastd.debug")) {
                org.slf4j.LoggerFactory.getLogger(Cli.class).error("start of {} failed", name, e);
            }
            return FAILED;
        }
        PrintStream out = this.out;
        PrintStream err = this.err;
        String detachedLog = System.getenv(DetachedLog.ENVIRONMENT);
        if (detachedLog != null) {
            // Relaunched by start -d: write through the bounded log, which rotates (DetachedLog).
            try {
                PrintStream log = new PrintStream(DetachedLog.open(Path.of(detachedLog), DetachedLog.MAX_BYTES), true,
                        java.nio.charset.StandardCharsets.UTF_8);
                System.setOut(log);
                System.setErr(log);
                out = log;
                err = log;
            } catch (IOException e) {
                err.println("cannot open the log " + detachedLog + ": " + e.getMessage() + "; writing to the inherited output");
            }
        }
        Server server = new Server(app, out, lock);
        Signals.install(server, err);
        try {
            server.start();
        } catch (ServerStartException e) {
            err.println(e.getMessage());
            return FAILED;
        }
        try {
            while (!server.awaitTermination(Duration.ofHours(1))) {
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.stop();
        }
        return OK;
    }

    /**
     * Asks the verified server to stop over the admin endpoint; if the endpoint does not answer,
     * sends SIGTERM, which only a process verified by PID and start time ever gets.
     */
    private int stop(ServerSettings settings, PidFile pidFile) {
        RunningServer server;
        boolean asked = false;
        try {
            server = RunningServer.find(pidFile, name);
            Optional<PidFile.AdminEndpoint> endpoint = server.endpoint();
            if (endpoint.isPresent()) {
                try {
                    asked = server.send(endpoint.get(), "stop", Duration.ofSeconds(10)).startsWith("OK");
                } catch (IOException e) {
                    err.println("admin endpoint did not answer (" + e.getMessage() + "); PID " + server.pid()
                            + " is verified by its start time: sending SIGTERM");
                }
            }
        } catch (RunningServer.Refusal refusal) {
            err.println(refusal.getMessage());
            return refusal.exitCode();
        }
        long pid = server.pid();
        boolean self = pid == ProcessHandle.current().pid();
        if (!asked && !self) {
            server.process().destroy();
        }
        Duration wait = settings.shutdownTimeout().plusSeconds(20);
        try {
            if (self) {
                // A server embedded in this very JVM (tests, tools): it is stopped once its PID file is gone.
                awaitPidFileGone(pidFile, wait);
            } else {
                server.process().onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (java.util.concurrent.TimeoutException e) {
            err.println(name + " (PID " + pid + ") still running after " + wait.toSeconds() + " s");
            return FAILED;
        } catch (java.util.concurrent.ExecutionException e) {
            err.println("cannot wait for PID " + pid + ": " + e.getCause());
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FAILED;
        }
        out.println(name + " (PID " + pid + ") stopped");
        return OK;
    }

    private static void awaitPidFileGone(PidFile pidFile, Duration wait)
            throws InterruptedException, java.util.concurrent.TimeoutException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (pidFile.readPid().isPresent()) {
            if (System.nanoTime() > deadline) {
                throw new java.util.concurrent.TimeoutException();
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    /** The arguments of a relaunch: {@code args} without {@code -d}. */
    static List<String> withoutDetach(String[] args) {
        List<String> kept = new ArrayList<>();
        for (String arg : args) {
            if (!arg.equals("-d") && !arg.equals("--daemon")) {
                kept.add(arg);
            }
        }
        return kept;
    }
}
