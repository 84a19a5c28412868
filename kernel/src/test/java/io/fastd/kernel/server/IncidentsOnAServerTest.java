package io.fastd.kernel.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.fastd.kernel.server.api.Protocol;
import io.fastd.kernel.server.internal.manager.Incidents;
import java.io.ByteArrayOutputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failures on a live server give a bounded number of log lines, exact counters and a status section. */
class IncidentsOnAServerTest {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final AtomicLong clock = new AtomicLong();
    private final Incidents incidents = new Incidents((line, cause) -> lines.add(line), clock::get, Duration.ofSeconds(5));

    @TempDir
    Path dir;

    @Test
    void aThousandFailingRequestsToARealServerLogOneLinePerWorkerAndShowInStatus() throws Exception {
        Probe probe = new Probe();
        Server server = new Server(Harness.app(Harness.config(dir, "udp://127.0.0.1:0"), Harness.module(probe, false)),
                new java.io.PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), null, incidents);
        server.start();
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout((int) Harness.TIMEOUT.toMillis());
            InetSocketAddress target = new InetSocketAddress("127.0.0.1", server.port(Protocol.UDP).orElseThrow());
            byte[] reply = new byte[64];
            for (int i = 0; i < 1000; i++) {
                // One in flight at a time on loopback: every datagram reaches the server.
                socket.send(new java.net.DatagramPacket("boom".getBytes(StandardCharsets.UTF_8), 4, target));
                java.net.DatagramPacket answer = new java.net.DatagramPacket(reply, reply.length);
                socket.receive(answer);
                assertThat(new String(reply, 0, answer.getLength(), StandardCharsets.UTF_8)).isEqualTo("ERROR internal error\n");
            }
        } finally {
            String status = server.status().render();
            server.stop();
            assertThat(incidents.totals().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1000);
            assertThat(incidents.totals().keySet()).allMatch(cause -> cause.matches(
                    "handler failed: java.lang.IllegalStateException on fastd-worker-[01]"));
            assertThat(lines).as("one line per worker while the clock stands still, and a summary per worker at stop")
                    .hasSizeLessThanOrEqualTo(4);
            assertThat(status).contains("Dropped or failed since start:\n  handler failed: java.lang.IllegalStateException on"
                    + " fastd-worker-");
        }
    }
}
