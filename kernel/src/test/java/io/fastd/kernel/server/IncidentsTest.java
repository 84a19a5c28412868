package io.fastd.kernel.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.fastd.pool.WorkerKind;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.io.ByteArrayOutputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A flood of drops or failures gives a bounded number of log lines and exact counters. */
class IncidentsTest {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final AtomicLong clock = new AtomicLong();
    private final Incidents incidents = new Incidents((line, cause) -> lines.add(line), clock::get, Duration.ofSeconds(5));

    @TempDir
    Path dir;

    @Test
    void aCauseIsLoggedOnceThenSummarizedAtMostEveryInterval() {
        for (int i = 0; i < 1000; i++) {
            incidents.record("UDP datagram dropped", "server busy (worker 3)", null);
        }
        assertThat(lines).containsExactly("UDP datagram dropped: server busy (worker 3) (more are counted and summarized every 5 s)");

        clock.addAndGet(Duration.ofSeconds(4).toNanos());
        incidents.flush();
        assertThat(lines).hasSize(1);
        clock.addAndGet(Duration.ofSeconds(1).toNanos());
        incidents.flush();
        assertThat(lines).last().isEqualTo("UDP datagram dropped 999 more times in the last 5 s: server busy (worker 3)"
                + " (1000 since start)");

        clock.addAndGet(Duration.ofSeconds(5).toNanos());
        incidents.flush();
        assertThat(lines).as("a quiet interval closes the window without a line").hasSize(2);
        incidents.record("UDP datagram dropped", "server busy (worker 3)", null);
        assertThat(lines).hasSize(3).last().asString().startsWith("UDP datagram dropped: server busy (worker 3) (more");
        assertThat(incidents.totals()).containsExactly(Map.entry("UDP datagram dropped: server busy (worker 3)", 1001L));
    }

    @Test
    void aThousandDatagramsToAFullQueueAreOneLineAndCountedExactly() {
        WorkerSlot slot = new WorkerSlot(3, WorkerKind.REQUEST, 1, incidents);
        Dispatcher dispatcher = new Dispatcher(List.of(slot), DispatchMode.ROUND_ROBIN, Map.of(), incidents);
        EmbeddedChannel channel = new EmbeddedChannel(new UdpInbound(dispatcher, 16));
        InetSocketAddress sender = new InetSocketAddress("127.0.0.1", 40000);
        InetSocketAddress local = new InetSocketAddress("127.0.0.1", 9527);
        for (int i = 0; i < 1000; i++) {
            channel.writeInbound(new DatagramPacket(Unpooled.copiedBuffer("x", StandardCharsets.UTF_8), local, sender));
        }
        for (int i = 0; i < 10; i++) {
            channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(new byte[17]), local, sender));
        }

        assertThat(slot.queue()).hasSize(1);
        assertThat(incidents.totals()).containsExactly(
                Map.entry("UDP datagram dropped: larger than server.max_payload=16 bytes", 10L),
                Map.entry("UDP datagram dropped: server busy (worker 3)", 999L));
        assertThat(lines).hasSize(2);
        channel.finishAndReleaseAll();
    }

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
