package io.fastd.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TailBufferTest {

    private static void write(TailBuffer buffer, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        buffer.write(bytes, 0, bytes.length);
    }

    @Test
    void keepsEverythingUpToItsCapacity() {
        TailBuffer buffer = new TailBuffer(16);
        write(buffer, "0123456789");
        buffer.write('!');

        assertThat(buffer.text()).isEqualTo("0123456789!");
    }

    @Test
    void keepsTheTailAndSaysHowMuchItDropped() {
        TailBuffer buffer = new TailBuffer(8);
        write(buffer, "0123456789abcdef");
        write(buffer, "XY");

        assertThat(buffer.text()).isEqualTo("[... 10 earlier bytes dropped ...]\nabcdefXY");
    }

    @Test
    void clearForgetsEverything() {
        TailBuffer buffer = new TailBuffer(8);
        write(buffer, "0123456789");
        buffer.clear();

        assertThat(buffer.isEmpty()).isTrue();
        assertThat(buffer.text()).isEmpty();
    }

    @Test
    void aFailedTestsReportFramesItsOutputAndNamesIt() {
        TailBuffer buffer = new TailBuffer(64);
        write(buffer, "WARN pool closed\n");

        assertThat(QuietOutput.report("aTest()", "[engine:junit-jupiter]/[method:aTest()]", buffer)).isEqualTo(
                "---- output of FAILED aTest() [[engine:junit-jupiter]/[method:aTest()]] ----\n"
                        + "WARN pool closed\n"
                        + "---- end of output of aTest() ----");
        assertThat(QuietOutput.report("quiet()", "id", new TailBuffer(4)))
                .isEqualTo("---- quiet() [id] FAILED; it wrote no output ----");
    }

    @Test
    void aCapacityBelowOneIsRefused() {
        assertThatThrownBy(() -> new TailBuffer(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("capacity must be positive: 0");
    }
}
