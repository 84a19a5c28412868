package io.fastd.kernel.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The command line is read by {@link Arguments} alone: command, {@code -d}, {@code --config DIR}. */
class ArgumentsTest {

    @Test
    void theUsageLineNamesEveryCommandAndOption() {
        assertThat(Arguments.USAGE).isEqualTo("usage: <app> start [-d] | stop | reload | status  [--config DIR]");
    }

    @Test
    void configDirectoryIsReadInAnyPosition() throws Exception {
        Arguments after = Arguments.parse("start", "-d", "--config", "/etc/app");
        Arguments before = Arguments.parse("--config", "conf", "status");

        assertThat(after.command()).isEqualTo("start");
        assertThat(after.detach()).isTrue();
        assertThat(after.configDirectory()).contains(Path.of("/etc/app"));
        assertThat(after.all()).containsExactly("start", "-d", "--config", "/etc/app");
        assertThat(before.command()).isEqualTo("status");
        assertThat(before.detach()).isFalse();
        assertThat(before.configDirectory()).contains(Path.of("conf"));
        assertThat(Arguments.parse("stop").configDirectory()).isEmpty();
    }

    @Test
    void configWithoutADirectoryIsAUsageError() {
        assertThatThrownBy(() -> Arguments.parse("start", "--config")).isInstanceOf(Arguments.UsageException.class)
                .hasMessage("--config needs a directory; " + Arguments.USAGE);
        assertThatThrownBy(() -> Arguments.parse("start", "--config", "-d"))
                .hasMessage("--config needs a directory; " + Arguments.USAGE);
        assertThatThrownBy(() -> Arguments.parse("start", "--config", "a", "--config", "b"))
                .hasMessage("--config is given twice (a, b); " + Arguments.USAGE);
    }

    @Test
    void everyOtherMistakeNamesWhatWasWrong() {
        assertThatThrownBy(() -> Arguments.parse()).hasMessage("no command; " + Arguments.USAGE);
        assertThatThrownBy(() -> Arguments.parse("restart")).hasMessage("unknown command 'restart'; " + Arguments.USAGE);
        assertThatThrownBy(() -> Arguments.parse("start", "--verbose", "now"))
                .hasMessage("unknown option(s) [--verbose, now]; " + Arguments.USAGE);
        assertThatThrownBy(() -> Arguments.parse("stop", "-d")).hasMessage("-d is an option of start only; " + Arguments.USAGE);
    }
}
