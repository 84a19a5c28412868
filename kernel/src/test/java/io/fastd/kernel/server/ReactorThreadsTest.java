package io.fastd.kernel.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import io.fastd.kernel.server.api.Protocol;
import io.fastd.kernel.testing.RawHttp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code server.reactor_num}: process mode reads and answers every connection on that many I/O threads. */
@Timeout(60)
class ReactorThreadsTest {

    @TempDir
    Path dir;

    private final Probe probe = new Probe();

    private static Set<String> ioThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.startsWith("fastd-io-")).collect(Collectors.toSet());
    }

    @ParameterizedTest(name = "server.reactor_num={0}")
    @ValueSource(ints = {1, 3})
    void processModeServesEightConnectionsOnExactlyReactorNumIoThreads(int reactors) throws Exception {
        Set<String> before = ioThreads();
        Server server = Harness.probeServer(dir, probe, new AbstractModule() { }, "server.mode", "process",
                "server.reactor_num", Integer.toString(reactors)).start();
        List<RawHttp> connections = new ArrayList<>();
        try {
            int port = server.port(Protocol.HTTP).orElseThrow();
            for (int i = 0; i < 8; i++) {
                RawHttp connection = new RawHttp(port);
                connections.add(connection);
                connection.write("GET /c" + i + " HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(connection.readResponse()).startsWith("200\n");
            }
            Set<String> started = new HashSet<>(ioThreads());
            started.removeAll(before);

            assertThat(started).as("I/O threads this server started").hasSize(reactors);
        } finally {
            for (RawHttp connection : connections) {
                connection.close();
            }
            server.stop();
        }
    }

    @Test
    void baseModeRefusesReactorNumAtStart() {
        assertThatThrownBy(() -> Harness.probeServer(dir, probe, new AbstractModule() { },
                        "server.reactor_num", "2").start())
                .hasMessageContaining("server.reactor_num: applies to server.mode=process only; with server.mode=base"
                        + " (the default)");
    }
}
