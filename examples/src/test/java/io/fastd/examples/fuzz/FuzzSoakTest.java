package io.fastd.examples.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import org.junit.jupiter.api.Tag;

/**
 * The long fuzzing runs of the soak command ({@code -Psoak}): the same targets as
 * {@link RequestFuzzTest} and {@link ConfigFuzzTest}, 60 s each in fuzzing mode (one per JVM).
 */
@Tag("soak")
class FuzzSoakTest {

    @FuzzTest(maxDuration = "60s")
    void httpRequests(byte[] input) throws IOException {
        try (var loopback = RequestFuzzTest.loopbackOnly()) {
            RequestFuzzTest.httpRequestsOnce(input);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void tcpFrames(byte[] input) throws IOException {
        try (var loopback = RequestFuzzTest.loopbackOnly()) {
            RequestFuzzTest.tcpFramesOnce(input);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void udpDatagrams(byte[] input) throws IOException {
        try (var loopback = RequestFuzzTest.loopbackOnly()) {
            RequestFuzzTest.udpDatagramsOnce(input);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void yamlFiles(FuzzedDataProvider data) throws IOException {
        ConfigFuzzTest.load(data, ".yml");
    }

    @FuzzTest(maxDuration = "60s")
    void propertiesFiles(FuzzedDataProvider data) throws IOException {
        ConfigFuzzTest.load(data, ".properties");
    }
}
