package io.fastd.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.fastd.kernel.cli.Cli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example's command line is the kernel's: {@code --config DIR} is parsed by the CLI. */
class ExampleMainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return ExampleMain.run(args, Map.of(), new Properties(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void configWithoutADirectoryIsAUsageErrorWithTheUsage() {
        assertThat(run("start", "--config")).isEqualTo(Cli.USAGE);

        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("Missing required parameter for option '--config'"
                + " (DIR)" + System.lineSeparator() + "Usage: <app> start [-dhV] [--config DIR]" + System.lineSeparator());
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void noCommandShowsTheUsageWithConfig() {
        assertThat(run()).isEqualTo(Cli.USAGE);

        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("Missing required subcommand" + System.lineSeparator()
                + "Usage: <app> [-hV] [--config DIR] COMMAND" + System.lineSeparator());
    }

    @Test
    void theConfigCommandShowsTheDirectoryOfConfigAndTheBundledDefaultsAsSources(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("server.yml"), "worker_num: 3\n");

        assertThat(run("config", "--config", dir.toString())).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(Cli.OK);

        assertThat(out.toString(StandardCharsets.UTF_8))
                .containsPattern("(?m)^server\\.worker_num +3 +file " + Pattern.quote(dir.resolve("server.yml").toString()) + "$")
                .containsPattern("(?m)^app\\.name +\\S+ +defaults " + ExampleMain.DEFAULTS + "$");
    }

    @Test
    void helpNamesTheExampleAndEveryCommand() {
        assertThat(run("--help")).isEqualTo(Cli.OK);

        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: fast-d [-hV] [--config DIR] COMMAND")
                .contains("  start ", "  stop ", "  reload ", "  status ", "  health ", "  config ", "SIGUSR1");
    }
}
