package io.fastd.kernel.server.internal.network;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Key;
import io.fastd.kernel.server.api.DatagramHandler;
import io.fastd.kernel.server.api.DispatchMode;
import io.fastd.kernel.server.internal.manager.Dispatcher;
import io.fastd.kernel.server.internal.manager.Incidents;
import io.fastd.kernel.server.internal.manager.WorkerSlot;
import io.fastd.kernel.server.internal.metrics.ListenerMetrics;
import io.fastd.pool.WorkerKind;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A flood of drops or failures gives a bounded number of log lines and exact counters. */
class IncidentsTest {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final AtomicLong clock = new AtomicLong();
    private final Incidents incidents = new Incidents((line, cause) -> lines.add(line), clock::get, Duration.ofSeconds(5));

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
        EmbeddedChannel channel = new EmbeddedChannel(new UdpInbound(dispatcher, 16, Key.get(DatagramHandler.class),
                ListenerMetrics.NONE));
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
}
