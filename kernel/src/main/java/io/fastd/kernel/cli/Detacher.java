package io.fastd.kernel.cli;

import static java.util.Objects.requireNonNull;

import io.fastd.kernel.config.Config;
import io.fastd.kernel.config.ConfigLoader;
import io.fastd.kernel.server.api.ServerSettings;
import io.fastd.kernel.server.api.ServerStartException;
import io.fastd.kernel.server.internal.admin.PidFile;
import io.fastd.kernel.server.internal.admin.StartLock;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code start -d}: a JVM cannot fork itself, so it relaunches its own command line (the same
 * java, JVM options, class path, main class and arguments, minus {@code -d}), via {@code setsid}
 * when available so the server leaves the terminal's session, with input from
 * {@code /dev/null} and output appended to {@code server.log_file} (checked or created
 * owner-only, never through a link: {@link DetachedLog}). Every {@code -Dkey=value} whose key is
 * secret ({@link Config#isSecret}) leaves the command line, which every local user can read, and
 * goes to the new process's environment as {@code FASTD_<KEY>} (readable by its owner only),
 * which sets the same key. It then waits until the new process has written the PID file and the
 * admin file (it is serving), or has exited (the start failed: the end of the log is shown).
 */
final class Detacher {

    private final Config config;
    private final ServerSettings settings;
    private final PidFile pidFile;
    private final PrintStream out;
    private final PrintStream err;

    Detacher(Config config, ServerSettings settings, PidFile pidFile, PrintStream out, PrintStream err) {
        this.config = requireNonNull(config, "config is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.pidFile = requireNonNull(pidFile, "pidFile is null");
        this.out = requireNonNull(out, "out is null");
        this.err = requireNonNull(err, "err is null");
    }

    int detach(String[] args) {
        // The relaunched server takes the start lock for good; this only tells early.
        try (StartLock probe = StartLock.acquire(pidFile, io.fastd.kernel.AppSettings.name(config))) {
            requireNonNull(probe, "probe is null");
        } catch (ServerStartException e) {
            err.println(e.getMessage());
            return Cli.FAILED;
        }
        ProcessHandle.Info info = ProcessHandle.current().info();
        Optional<String[]> arguments = info.arguments().or(Detacher::procArguments);
        if (info.command().isEmpty() || arguments.isEmpty()) {
            err.println("cannot detach: this platform does not report the JVM's command line; start in the"
                    + " foreground under a supervisor (systemd, nohup) instead");
            return Cli.FAILED;
        }
        List<String> all = Arrays.asList(arguments.get());
        List<String> ours = Arrays.asList(args);
        if (all.size() < ours.size() || !all.subList(all.size() - ours.size(), all.size()).equals(ours)) {
            err.println("cannot detach: the JVM's arguments do not end with " + ours);
            return Cli.FAILED;
        }
        List<String> command = new ArrayList<>();
        if (new File("/usr/bin/setsid").canExecute()) {
            command.add("/usr/bin/setsid");
        }
        command.add(info.command().get());
        Map<String, String> secrets = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (String option : all.subList(0, all.size() - ours.size())) {
            int equals = option.indexOf('=');
            String key = option.startsWith("-D") && equals > 2 ? option.substring(2, equals) : null;
            if (key == null || !config.isSecret(key)) {
                command.add(option);
            } else if (ConfigLoader.keyOfEnvironmentVariable(ConfigLoader.environmentVariableOf(key)).equals(key)) {
                secrets.put(ConfigLoader.environmentVariableOf(key), option.substring(equals + 1));
            } else {
                problems.add("the secret -D" + key + " cannot move to the environment (its name is not lower case"
                        + " or holds '__'); set it with a config file, a FASTD_ variable or a *_file key instead");
            }
        }
        if (!problems.isEmpty()) {
            problems.forEach(problem -> err.println("cannot detach: " + problem));
            return Cli.FAILED;
        }
        command.addAll(Cli.withoutDetach(args));
        Path log = settings.logFile().toAbsolutePath();
        Process process;
        try {
            DetachedLog.prepare(log);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().putAll(secrets);
            builder.environment().put(DetachedLog.ENVIRONMENT, log.toString());
            process = builder.start();
        } catch (IOException e) {
            err.println("cannot detach: " + config.redact(String.valueOf(e.getMessage())));
            return Cli.FAILED;
        }
        long deadline = System.nanoTime() + settings.startTimeout().plusSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            // Ours only if it names the process just started (setsid execs in place).
            if (pidFile.livePid().isPresent() && isOurs(process, pidFile.livePid().getAsLong())
                    && pidFile.readAdmin().isPresent()) {
                out.println("started in the background: PID " + pidFile.livePid().getAsLong() + ", log " + log);
                return Cli.OK;
            }
            if (!process.isAlive()) {
                err.println("the server failed to start (exit code " + process.exitValue() + "); see " + log + ":");
                tail(log);
                return Cli.FAILED;
            }
            LockSupport.parkNanos(20_000_000);
        }
        err.println("the server did not become ready within " + settings.startTimeout().plusSeconds(30).toSeconds()
                + " s; it may still be starting (PID " + process.pid() + ", log " + log + ")");
        return Cli.FAILED;
    }

    private static boolean isOurs(Process process, long pid) {
        return process.pid() == pid || process.descendants().anyMatch(child -> child.pid() == pid);
    }

    private void tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            lines.subList(Math.max(0, lines.size() - 20), lines.size()).forEach(err::println);
        } catch (IOException e) {
            err.println("(cannot read " + log + ": " + e.getMessage() + ")");
        }
    }

    /**
     * The JVM's arguments from {@code /proc/self/cmdline}: on Linux, {@link ProcessHandle.Info}
     * reports none for a command line longer than a page (4 KiB), which a long {@code -cp} reaches.
     */
    static Optional<String[]> procArguments() {
        Path cmdline = Path.of("/proc/self/cmdline");
        if (!Files.isReadable(cmdline)) {
            return Optional.empty();
        }
        try {
            String[] parts = new String(Files.readAllBytes(cmdline), java.nio.charset.Charset.defaultCharset())
                    .split("\0", -1);
            int end = parts.length > 0 && parts[parts.length - 1].isEmpty() ? parts.length - 1 : parts.length;
            return end < 1 ? Optional.empty() : Optional.of(Arrays.copyOfRange(parts, 1, end));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
