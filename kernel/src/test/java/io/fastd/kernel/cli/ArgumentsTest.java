package io.fastd.kernel.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The command line is read by {@link Arguments} alone (picocli): command, {@code -d},
 * {@code --json}, {@code --config DIR}, help and version requests.
 */
class ArgumentsTest {

    private static final String NL = System.lineSeparator();

    @Test
    void configDirectoryIsReadBeforeOrAfterTheCommand() throws Exception {
        Arguments after = Arguments.parse("start", "-d", "--config", "/etc/app");
        Arguments before = Arguments.parse("--config", "conf", "status");

        assertThat(after.command()).isEqualTo("start");
        assertThat(after.detach()).isTrue();
        assertThat(after.configDirectory()).contains(Path.of("/etc/app"));
        assertThat(after.all()).containsExactly("start", "-d", "--config", "/etc/app");
        assertThat(before.command()).isEqualTo("status");
        assertThat(before.detach()).isFalse();
        assertThat(before.json()).isFalse();
        assertThat(before.configDirectory()).contains(Path.of("conf"));
        assertThat(Arguments.parse("stop").configDirectory()).isEmpty();
        assertThat(Arguments.parse("status", "--json").json()).isTrue();
        assertThat(Arguments.parse("start", "--daemon").detach()).isTrue();
    }

    @Test
    void helpAndVersionAreRequestsNotCommands() throws Exception {
        Arguments help = Arguments.parse("--help");
        Arguments startHelp = Arguments.parse("start", "-h");
        Arguments version = Arguments.parse("config", "-V");

        assertThat(help.helpRequested()).isTrue();
        assertThat(help.command()).isEmpty();
        assertThat(help.usage("demo")).startsWith("Usage: demo [-hV] [--config DIR] COMMAND" + NL);
        assertThat(startHelp.helpRequested()).isTrue();
        assertThat(startHelp.usage("demo")).startsWith("Usage: demo start [-dhV] [--config DIR]" + NL);
        assertThat(version.versionRequested()).isTrue();
        assertThat(version.helpRequested()).isFalse();
        assertThat(version.command()).isEqualTo("config");
    }

    @Test
    void configWithoutADirectoryIsAUsageError() {
        assertThatThrownBy(() -> Arguments.parse("start", "--config")).isInstanceOf(Arguments.UsageException.class)
                .hasMessageStartingWith("Missing required parameter for option '--config' (DIR)" + NL
                        + "Usage: <app> start [-dhV] [--config DIR]" + NL);
        assertThatThrownBy(() -> Arguments.parse("start", "--config", "-d"))
                .hasMessageStartingWith("Expected parameter for option '--config' but found '-d'" + NL);
        assertThatThrownBy(() -> Arguments.parse("start", "--config", "a", "--config", "b"))
                .hasMessageStartingWith("option '--config' (DIR) should be specified only once" + NL);
        assertThatThrownBy(() -> Arguments.parse("--config", "a", "start", "--config", "b"))
                .hasMessageStartingWith("--config is given twice (a, b)" + NL + "Usage: <app> start ");
        assertThatThrownBy(() -> Arguments.parse("stop", "--config", " "))
                .hasMessageStartingWith("--config needs a directory, not ' '" + NL + "Usage: <app> stop ");
    }

    @Test
    void everyOtherMistakeIsPicocliMessageAndTheUsageOfTheCommandConcerned() {
        assertThatThrownBy(() -> Arguments.parse()).hasMessageStartingWith("Missing required subcommand" + NL
                + "Usage: <app> [-hV] [--config DIR] COMMAND" + NL);
        assertThatThrownBy(() -> Arguments.parse("restart")).hasMessageStartingWith("Unmatched argument at index 0:"
                + " 'restart'" + NL + "Usage: <app> [-hV] [--config DIR] COMMAND" + NL);
        assertThatThrownBy(() -> Arguments.parse("start", "--verbose"))
                .hasMessageStartingWith("Unknown option: '--verbose'" + NL + "Usage: <app> start [-dhV] [--config DIR]" + NL);
        assertThatThrownBy(() -> Arguments.parse("stop", "-d"))
                .hasMessageStartingWith("Unknown option: '-d'" + NL + "Usage: <app> stop [-hV] [--config DIR]" + NL);
        assertThatThrownBy(() -> Arguments.parse("reload", "--json"))
                .hasMessageStartingWith("Unknown option: '--json'" + NL + "Usage: <app> reload [-hV] [--config DIR]" + NL);
        assertThatThrownBy(() -> Arguments.parse("start", "now"))
                .hasMessageStartingWith("Unmatched argument at index 1: 'now'" + NL + "Usage: <app> start ");
    }
}
