package io.fastd.kernel.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.fastd.kernel.Application;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The CLI against a server running in a second JVM. */
@Timeout(90)
class CliTest {

    @TempDir
    Path dir;

    private final List<Process> spawned = new ArrayList<>();
    private long detachedPid = -1;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @AfterEach
    void killLeftovers() {
        spawned.forEach(process -> process.descendants().forEach(ProcessHandle::destroyForcibly));
        spawned.forEach(Process::destroyForcibly);
        ProcessHandle.of(detachedPid).ifPresent(ProcessHandle::destroyForcibly);
    }

    private Path pidFile() {
        return dir.resolve("fast-d.pid");
    }

    private List<String> properties() {
        return List.of("-Dserver.pid_file=" + pidFile(), "-Dserver.host=http://127.0.0.1:0", "-Dserver.worker_num=2",
                "-Dapp.version=1.0.0", "-Dserver.log_file=" + dir.resolve("server.log"));
    }

    private Process spawn(String... args) throws IOException {
        return spawn(List.of(), args);
    }

    private Process spawn(List<String> jvmOptions, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.addAll(jvmOptions);
        command.addAll(properties());
        command.add(TestServerMain.class.getName());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.out").toFile()).start();
        spawned.add(process);
        return process;
    }

    /** The same app as the child's, in this JVM: the CLI only needs its config. */
    private Cli cli() {
        Properties properties = new Properties();
        properties.put("server.pid_file", pidFile().toString());
        Application app = Application.builder().environment(Map.of()).systemProperties(properties)
                .discoverProviders(false).build();
        out.reset();
        err.reset();
        return new Cli(app, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            LockSupport.parkNanos(20_000_000);
        }
    }

    private String childOutput() throws IOException {
        return Files.readString(dir.resolve("child.out"));
    }

    @Test
    void statusReloadAndStopFromASecondProcess() throws Exception {
        Process server = spawn("start");
        await("PID file and admin endpoint", () -> serving() && readPid() == server.pid());

        assertThat(cli().run("status")).as(err()).isEqualTo(Cli.OK);
        assertThat(out()).contains("Server: fast-d 1.0.0, PID " + server.pid() + ", RUNNING")
                .contains("pool memory default=test: UP {connections.default=1}").contains("RUNNING");
        assertThat(out().lines().filter(line -> line.matches("\\d+\\s+request\\s+RUNNING.*"))).hasSize(2);

        assertThat(cli().run("reload")).as(err()).isEqualTo(Cli.OK);
        assertThat(out()).contains("reloaded 2 workers");

        assertThat(cli().run("stop")).as(err()).isEqualTo(Cli.OK);
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(server.exitValue()).isZero();
        assertThat(Files.exists(pidFile())).isFalse();
        assertThat(childOutput()).contains("Server: fast-d", "Server Worker[" + server.pid() + "] is started [1]",
                "Server Master[" + server.pid() + "] is stopped");

        assertThat(cli().run("stop")).isEqualTo(Cli.NOT_RUNNING);
        assertThat(err()).contains("is not running (no PID file at " + pidFile() + ")");
        assertThat(cli().run("status")).isEqualTo(Cli.NOT_RUNNING);
    }

    @Test
    void sigtermStopsTheServerGracefully() throws Exception {
        Process server = spawn("start");
        await("PID file and admin endpoint", this::serving);
        server.destroy();
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.exists(pidFile())).isFalse();
        assertThat(childOutput()).contains("stopping gracefully", "Server Master[" + server.pid() + "] is stopped");
    }

    @Test
    void aSecondSigtermDuringAGracefulStopForcesTheExit() throws Exception {
        Process server = spawn(List.of("-Dserver.shutdown_timeout=2m",
                "-Dtest.hang_marker=" + dir.resolve("hang.marker")), "start");
        await("the banner", () -> {
            try {
                return childOutput().contains("is started [1]");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(childOutput()).as("app.version is read by the banner, so it is not reported unused")
                .doesNotContain("is not used by any component");
        java.util.regex.Matcher url = java.util.regex.Pattern.compile("Server (http://127\\.0\\.0\\.1:\\d+)").matcher(childOutput());
        assertThat(url.find()).as(childOutput()).isTrue();
        java.net.http.HttpClient.newHttpClient().sendAsync(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(url.group(1) + "/hang")).build(), java.net.http.HttpResponse.BodyHandlers.discarding());
        await("the request to be in flight", () -> Files.exists(dir.resolve("hang.marker")));

        server.destroy();
        await("the graceful stop to begin", () -> {
            try {
                return childOutput().contains("stopping gracefully");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(server.isAlive()).as("a graceful stop waits for the request in flight").isTrue();
        server.destroy();

        assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("second SIGTERM forces the exit").isTrue();
        assertThat(server.exitValue()).isEqualTo(128 + 15);
    }

    @Test
    void aBadServerSettingIsOneMessageAndExitCodeThreeForEveryVerb() {
        Properties properties = new Properties();
        properties.put("server.worker_num", "lots");
        Application app = Application.builder().environment(Map.of()).systemProperties(properties)
                .discoverProviders(false).build();
        for (String verb : List.of("start", "stop", "status", "reload")) {
            ByteArrayOutputStream errors = new ByteArrayOutputStream();
            Cli cli = new Cli(app, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    new PrintStream(errors, true, StandardCharsets.UTF_8));

            assertThat(cli.run(verb)).isEqualTo(Cli.FAILED);
            assertThat(errors.toString(StandardCharsets.UTF_8)).isEqualTo("Invalid configuration: server.worker_num:"
                    + " 'lots' is not an integer (from system property -Dserver.worker_num)" + System.lineSeparator());
        }
    }

    @Test
    void aStalePidFileIsReportedAndNeverTrusted() throws Exception {
        Process gone = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(gone.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Files.writeString(pidFile(), gone.pid() + "\n");

        assertThat(cli().run("status")).isEqualTo(Cli.NOT_RUNNING);
        assertThat(err()).contains("stale PID file " + pidFile() + " (process " + gone.pid() + " is gone)");
        assertThat(Files.exists(pidFile())).isFalse();
    }

    @Test
    void startDetachedRelaunchesInTheBackgroundAndReturnsOnceItServes() throws Exception {
        Process launcher = spawn("start", "-d");
        assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(launcher.exitValue()).as(childOutput()).isZero();
        long pid = readPid();
        assertThat(pid).isNotEqualTo(launcher.pid());
        assertThat(childOutput()).contains("started in the background: PID " + pid);
        detachedPid = pid;
        await("the banner in the log", () -> log().contains("Server: fast-d"));

        assertThat(cli().run("stop")).as(err()).isEqualTo(Cli.OK);
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void startDetachedWorksWithACommandLineLongerThanAPage() throws Exception {
        // Linux's ProcessHandle.Info reports no arguments past 4 KiB of command line (a long -cp, for example).
        Process launcher = spawn(List.of("-Dfastd.test.padding=" + "p".repeat(5000)), "start", "-d");
        assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(launcher.exitValue()).as(childOutput()).isZero();
        detachedPid = readPid();
        assertThat(detachedPid).isNotEqualTo(launcher.pid());

        assertThat(cli().run("stop")).as(err()).isEqualTo(Cli.OK);
    }

    @Test
    void badArgumentsAreAUsageError() {
        assertThat(cli().run()).isEqualTo(Cli.USAGE);
        assertThat(cli().run("restart")).isEqualTo(Cli.USAGE);
        assertThat(err()).startsWith("Unmatched argument at index 0: 'restart'" + System.lineSeparator());
        assertThat(cli().run("stop", "-d")).isEqualTo(Cli.USAGE);
        assertThat(cli().run("start", "--config")).isEqualTo(Cli.USAGE);
        assertThat(err()).startsWith("Missing required parameter for option '--config' (DIR)" + System.lineSeparator()
                + "Usage: fast-d start [-dhV] [--config DIR]" + System.lineSeparator());
    }

    @Test
    void aConfigDirectoryForAnAlreadyLoadedConfigIsAUsageErrorNotIgnored() {
        assertThat(cli().run("status", "--config", "conf")).isEqualTo(Cli.USAGE);
        assertThat(err()).startsWith("--config conf cannot apply: this command line's config is already loaded");
    }

    @Test
    void badServerSettingsAreOneClearMessageNotAnException() {
        io.fastd.kernel.config.Config config = io.fastd.kernel.config.Config.of(Map.of("server.worker_num", "many"), "test config");
        out.reset();
        err.reset();
        Cli cli = new Cli(config, () -> {
            throw new AssertionError("the application must not be built");
        }, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(cli.run("start")).isEqualTo(Cli.FAILED);
        assertThat(cli.run("status")).isEqualTo(Cli.FAILED);
        assertThat(err()).contains("server.worker_num: 'many' is not an integer (from test config)");
    }

    /** The admin file holds the admin endpoint: the server serves. */
    private boolean serving() {
        try {
            return Files.readString(pidFile().resolveSibling("fast-d.pid.admin")).contains("url=");
        } catch (IOException e) {
            return false;
        }
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("server.log"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private long readPid() {
        try {
            return Long.parseLong(Files.readString(pidFile()).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }
}
