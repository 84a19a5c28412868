package io.fastd.kernel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fastd.kernel.config.Config;
import io.fastd.kernel.config.ConfigLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line through {@link Cli} without a server: help and version of every command, the
 * usage errors, and {@code config}. None of them builds the application.
 */
class CliCommandLineTest {

    private static final String NL = System.lineSeparator();

    /** The whole top-level help, pinned: a newcomer finds every command, --config, the exit codes and signals. */
    private static final String HELP = String.join(NL,
            "Usage: demo [-hV] [--config DIR] COMMAND",
            "Run the server, or control the running one.",
            "      --config DIR   the config directory (app.yml, database.yml,",
            "                     server.yml, .env.yml), with any command",
            "  -h, --help         Show this help message and exit.",
            "  -V, --version      Print version information and exit.",
            "Commands:",
            "  start   Start the server in the foreground (-d: in the background).",
            "  stop    Stop the running server gracefully; wait until it is gone.",
            "  reload  Replace every worker, one at a time, while the others serve.",
            "  status  Print the workers' state, requests, generation, uptime, pools.",
            "  health  Print whether the server is ready (exit 0) or not (exit 1).",
            "  config  Print every config key, its value and its source (secrets hidden).",
            "Exit codes:",
            "  0   success; health: the server is ready",
            "  1   no server running (or the PID file names another); health: not ready",
            "  2   bad arguments: a usage error",
            "  3   the command failed: bad config, start refused, timed out...",
            "Signals:",
            "  SIGTERM, SIGINT  stop gracefully (a second one forces the exit)",
            "  SIGUSR1          reload the workers, one at a time",
            "");

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private Cli cli(Config config) {
        out.reset();
        err.reset();
        return new Cli(config, () -> {
            throw new AssertionError("the application must not be built");
        }, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Cli cli() {
        return cli(Config.of(Map.of("app.name", "demo", "app.version", "2.1.0",
                "server.pid_file", dir.resolve("demo.pid").toString()), "test config"));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpListsEveryCommandConfigTheExitCodesAndTheSignals() {
        assertThat(cli().run("--help")).isEqualTo(Cli.OK);
        assertThat(out()).isEqualTo(HELP);
        assertThat(err()).isEmpty();

        assertThat(cli().run("-h")).isEqualTo(Cli.OK);
        assertThat(out()).isEqualTo(HELP);
    }

    @Test
    void everyCommandHasItsHelpAndTheVersion() {
        Map<String, String> synopses = Map.of("start", "start [-dhV] [--config DIR]", "stop", "stop [-hV] [--config DIR]",
                "reload", "reload [-hV] [--config DIR]", "status", "status [-hV] [--json] [--config DIR]",
                "health", "health [-hV] [--config DIR]", "config", "config [-hV] [--config DIR]");
        synopses.forEach((command, synopsis) -> {
            assertThat(cli().run(command, "--help")).as(command).isEqualTo(Cli.OK);
            assertThat(out()).as(command).startsWith("Usage: demo " + synopsis + NL)
                    .contains("      --config DIR   the config directory", "  -V, --version      Print version information");
            assertThat(cli().run(command, "--version")).as(command).isEqualTo(Cli.OK);
            assertThat(out()).as(command).matches("demo 2\\.1\\.0" + NL + "FastD kernel \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?" + NL);
        });
        assertThat(cli().run("start", "--help")).isEqualTo(Cli.OK);
        assertThat(out()).contains("  -d, --daemon       start in the background: output to server.log_file;");
        assertThat(cli().run("status", "--help")).isEqualTo(Cli.OK);
        assertThat(out()).contains("      --json         print the admin endpoint's JSON instead of the table");
        assertThat(cli().run("-V")).isEqualTo(Cli.OK);
        assertThat(out()).startsWith("demo 2.1.0" + NL + "FastD kernel ");
    }

    @Test
    void usageErrorsArePicocliMessageThenTheUsageOnStderrWithExitCodeTwo() {
        assertThat(cli().run("restart")).isEqualTo(Cli.USAGE);
        assertThat(err()).isEqualTo("Unmatched argument at index 0: 'restart'" + NL + HELP);
        assertThat(out()).isEmpty();

        assertThat(cli().run()).isEqualTo(Cli.USAGE);
        assertThat(err()).isEqualTo("Missing required subcommand" + NL + HELP);

        assertThat(cli().run("stop", "-d")).isEqualTo(Cli.USAGE);
        assertThat(err()).startsWith("Unknown option: '-d'" + NL + "Usage: demo stop [-hV] [--config DIR]" + NL
                + "Stop the running server gracefully; wait until it is gone." + NL);

        assertThat(cli().run("status", "--jsn")).isEqualTo(Cli.USAGE);
        assertThat(err()).startsWith("Unknown option: '--jsn'" + NL + "Usage: demo status [-hV] [--json] [--config DIR]" + NL);
    }

    @Test
    void configShowsEveryKeyItsValueAndItsSourceWithSecretsRedacted() throws Exception {
        Files.writeString(dir.resolve("server.yml"), "worker_num: 3\n");
        Files.writeString(dir.resolve("app.yml"), "name: demo\n");
        Properties properties = new Properties();
        properties.put("database.default.pass", "hunter2-secret");
        properties.put("server.pid_file", dir.resolve("demo.pid").toString());
        Config config = new ConfigLoader().directory(dir).environment(Map.of("FASTD_DATABASE__DEFAULT__USER", "app"))
                .systemProperties(properties).load();

        assertThat(cli(config).run("config")).as(err()).isEqualTo(Cli.OK);

        List<String> lines = out().lines().toList();
        assertThat(lines.get(0)).matches("KEY +VALUE +SOURCE");
        assertThat(lines).anySatisfy(line -> assertThat(line).matches(
                "server\\.worker_num +3 +file " + java.util.regex.Pattern.quote(dir.resolve("server.yml").toString())));
        assertThat(lines).anySatisfy(line -> assertThat(line).matches(
                "app\\.name +demo +file " + java.util.regex.Pattern.quote(dir.resolve("app.yml").toString())));
        assertThat(lines).anySatisfy(line -> assertThat(line).matches(
                "database\\.default\\.user +app +environment variable FASTD_DATABASE__DEFAULT__USER"));
        assertThat(lines).anySatisfy(line -> assertThat(line).matches(
                "database\\.default\\.pass +\\[REDACTED\\] +system property -Ddatabase\\.default\\.pass"));
        assertThat(out()).doesNotContain("hunter2");
        assertThat(lines.subList(1, lines.size())).extracting(line -> line.split(" +")[0]).isSorted();
    }

    @Test
    void configShowsABadConfigThenItsProblemsWithExitCodeThree() {
        Config config = Config.of(Map.of("server.worker_num", "many", "app.name", "demo"), "test config");

        assertThat(cli(config).run("config")).isEqualTo(Cli.FAILED);

        assertThat(out()).containsPattern("server\\.worker_num +many +test config");
        assertThat(err()).isEqualTo("Invalid configuration: server.worker_num: 'many' is not an integer (from test config)" + NL);
    }
}
