package io.fastd.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.fastd.kernel.cli.Cli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The example's command line is the kernel's: {@code --config DIR} is parsed by the CLI. */
class ExampleMainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return ExampleMain.run(args, Map.of(), new Properties(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void configWithoutADirectoryIsAUsageErrorWithTheUsageLine() {
        assertThat(run("start", "--config")).isEqualTo(Cli.USAGE);

        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("--config needs a directory; usage: <app> start [-d]"
                + " | stop | reload | status  [--config DIR]" + System.lineSeparator());
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void noCommandShowsTheUsageLineWithConfig() {
        assertThat(run()).isEqualTo(Cli.USAGE);

        assertThat(err.toString(StandardCharsets.UTF_8)).contains("[--config DIR]");
    }
}
