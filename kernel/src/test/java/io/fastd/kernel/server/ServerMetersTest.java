package io.fastd.kernel.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.inject.AbstractModule;
import com.google.inject.Inject;
import io.fastd.kernel.Application;
import io.fastd.kernel.server.api.Protocol;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** After real traffic on a live server, the application's scrape holds the server's meters, tagged and counted. */
class ServerMetersTest {

    @TempDir
    Path dir;

    private final Probe probe = new Probe();

    /** A host app's own meter, registered on the injected registry by a provider's binding. */
    static final class Orders {
        final Counter placed;

        @Inject
        Orders(MeterRegistry registry) {
            placed = Counter.builder("shop.orders").tag("shop", "demo").register(registry);
        }
    }

    private Application app(String host, String... keyValues) {
        return Harness.app(Harness.config(dir, host, keyValues), Harness.module(probe, false), new AbstractModule() {
            @Override
            protected void configure() {
                bind(Orders.class).asEagerSingleton();
            }
        });
    }

    /** Sends {@code count} datagrams, one at a time, each answered. */
    static void datagrams(int port, int count) throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout((int) Harness.TIMEOUT.toMillis());
            byte[] reply = new byte[256];
            for (int i = 0; i < count; i++) {
                socket.send(new DatagramPacket("ping".getBytes(StandardCharsets.UTF_8), 4,
                        new InetSocketAddress("127.0.0.1", port)));
                socket.receive(new DatagramPacket(reply, reply.length));
            }
        }
    }

    @Test
    void requestsOfEveryProtocolAreCountedPerListenerAndWorkerAndTimedWithBuckets() throws Exception {
        Application app = app("http://127.0.0.1:0", "server.listeners", "tcp://127.0.0.1:0,udp://127.0.0.1:0");
        Server server = Harness.server(app, new ByteArrayOutputStream()).start();
        try {
            for (int i = 0; i < 5; i++) {
                assertThat(Harness.get(server.port(Protocol.HTTP).orElseThrow(), "/hello?i=" + i).statusCode()).isEqualTo(200);
            }
            try (Harness.FrameClient tcp = new Harness.FrameClient(server.port(Protocol.TCP).orElseThrow())) {
                for (int i = 0; i < 3; i++) {
                    assertThat(tcp.call("ping")).startsWith("worker=");
                }
            }
            datagrams(server.port(Protocol.UDP).orElseThrow(), 4);
            app.injector().getInstance(Orders.class).placed.increment(2);

            String http = server.listeners().get(0).url();
            String tcp = server.listeners().get(1).url();
            String udp = server.listeners().get(2).url();
            assertThat(http).isEqualTo("http://127.0.0.1:" + server.port(Protocol.HTTP).orElseThrow());
            // A UDP reply leaves before the job is counted: poll until the last one is.
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(Scrape.sum(Scrape.of(app), "fastd_requests_total", "listener", udp)).isEqualTo(4.0));
            String scrape = Scrape.of(app);
            assertThat(Scrape.sum(scrape, "fastd_requests_total", "listener", http)).isEqualTo(5.0);
            assertThat(Scrape.sum(scrape, "fastd_requests_total", "listener", tcp)).isEqualTo(3.0);
            assertThat(Scrape.sum(scrape, "fastd_requests_total", "listener", http, "worker", "0")
                    + Scrape.sum(scrape, "fastd_requests_total", "listener", http, "worker", "1")).isEqualTo(5.0);
            assertThat(Scrape.sum(scrape, "fastd_request_duration_seconds_count", "listener", http)).isEqualTo(5.0);
            assertThat(Scrape.sum(scrape, "fastd_request_duration_seconds_count", "listener", udp)).isEqualTo(4.0);
            assertThat(Scrape.sum(scrape, "fastd_request_duration_seconds_bucket", "listener", tcp, "le", "+Inf"))
                    .isEqualTo(3.0);
            assertThat(scrape.lines().filter(line -> line.startsWith("fastd_request_duration_seconds_bucket{")
                    && line.contains("listener=\"" + http + "\""))).as("14 SLO buckets and +Inf").hasSize(15);
            assertThat(Scrape.sum(scrape, "fastd_requests_rejected_total", "listener", http)).isZero();
            assertThat(Scrape.sum(scrape, "fastd_datagrams_dropped_total", "listener", udp, "reason", "too_large")).isZero();
            assertThat(Scrape.sum(scrape, "fastd_worker_served_total", "kind", "request")).isEqualTo(12.0);
            assertThat(Scrape.sum(scrape, "fastd_worker_queue_depth", "worker", "1", "kind", "request")).isZero();
            assertThat(Scrape.sum(scrape, "fastd_worker_running", "kind", "request")).isEqualTo(2.0);
            assertThat(Scrape.sum(scrape, "fastd_worker_starts_total", "worker", "0")).isEqualTo(1.0);
            assertThat(Scrape.sum(scrape, "fastd_pool_connections", "pool", "counting default=memory")).isEqualTo(2.0);
            assertThat(Scrape.sum(scrape, "fastd_pool_up", "worker", "1", "pool", "counting default=memory")).isEqualTo(1.0);
            assertThat(Scrape.sum(scrape, "fastd_pool_init_seconds", "worker", "0")).isGreaterThanOrEqualTo(0.0);
            assertThat(Scrape.sum(scrape, "fastd_connections_refused_total")).isZero();
            assertThat(Scrape.sum(scrape, "shop_orders_total", "shop", "demo")).as("the host app's meter").isEqualTo(2.0);
            assertThat(scrape).contains("jvm_memory_used_bytes{", "jvm_threads_live_threads ", "jvm_classes_loaded_classes ",
                    "system_cpus ", "process_cpu_seconds_total ", "jvm_gc_");
        } finally {
            server.stop();
        }
        String stopped = Scrape.of(app);
        assertThat(stopped).as("a stopped server leaves no meter behind").doesNotContain("fastd_", "jvm_threads_live");
        assertThat(Scrape.sum(stopped, "shop_orders_total", "shop", "demo")).isEqualTo(2.0);
    }

    @Test
    void aRequestRefusedByAFullQueueIsCountedAsRejectedOnItsListenerAndWorker() throws Exception {
        Application app = app("http://127.0.0.1:0", "server.mode", "process", "server.worker_num", "1", "server.queue_size", "1");
        Server server = Harness.server(app, new ByteArrayOutputStream()).start();
        try {
            int port = server.port(Protocol.HTTP).orElseThrow();
            probe.gate.set(new CountDownLatch(1));
            var busy = Harness.HTTP.sendAsync(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/wait")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            await().atMost(Duration.ofSeconds(20)).until(() -> probe.waiting.get() == 1);
            var queued = Harness.HTTP.sendAsync(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/queued")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            await().atMost(Duration.ofSeconds(20)).until(() -> server.status().workers().get(0).queued() == 1);
            assertThat(Scrape.sum(Scrape.of(app), "fastd_worker_queue_depth", "worker", "0")).isEqualTo(1.0);
            assertThat(Harness.get(port, "/refused").statusCode()).isEqualTo(503);
            assertThat(Harness.get(port, "/refused").statusCode()).isEqualTo(503);
            assertThat(Scrape.sum(Scrape.of(app), "fastd_incidents_total")).isZero();
            probe.gate.get().countDown();
            assertThat(busy.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(queued.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(Harness.get(port, "/boom").statusCode()).isEqualTo(500);

            String listener = server.listeners().get(0).url();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(Scrape.sum(Scrape.of(app), "fastd_requests_total", "listener", listener)).isEqualTo(3.0));
            String scrape = Scrape.of(app);
            assertThat(Scrape.sum(scrape, "fastd_requests_rejected_total", "listener", listener)).isEqualTo(2.0);
            assertThat(Scrape.sum(scrape, "fastd_worker_rejected_total", "worker", "0")).isEqualTo(2.0);
            assertThat(Scrape.sum(scrape, "fastd_request_duration_seconds_count", "listener", listener))
                    .as("refused requests are not timed").isEqualTo(3.0);
            assertThat(Scrape.sum(scrape, "fastd_incidents_total")).as("the handler's failure").isEqualTo(1.0);
        } finally {
            server.stop();
        }
    }

    @Test
    void startsDeathsAndRecyclesFollowTheSlotsThroughReplacementsAndReload() throws Exception {
        Application app = app("http://127.0.0.1:0", "server.worker_num", "1", "server.max_request", "3");
        Server server = Harness.server(app, new ByteArrayOutputStream()).start();
        try {
            int port = server.port(Protocol.HTTP).orElseThrow();
            for (int i = 0; i < 3; i++) {
                assertThat(Harness.get(port, "/hello").statusCode()).isEqualTo(200);
            }
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    Scrape.sum(Scrape.of(app), "fastd_worker_starts_total", "worker", "0") == 2.0
                    && server.status().workers().get(0).state().equals("RUNNING"));
            assertThat(Harness.get(port, "/fatal").statusCode()).isEqualTo(500);
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    Scrape.sum(Scrape.of(app), "fastd_worker_starts_total", "worker", "0") == 3.0
                    && server.status().workers().get(0).state().equals("RUNNING"));
            assertThat(server.reload().get(30, TimeUnit.SECONDS)).isEqualTo("reloaded 1 workers");

            String scrape = Scrape.of(app);
            assertThat(Scrape.sum(scrape, "fastd_worker_starts_total", "worker", "0")).isEqualTo(4.0);
            assertThat(Scrape.sum(scrape, "fastd_worker_recycles_total", "worker", "0")).isEqualTo(1.0);
            assertThat(Scrape.sum(scrape, "fastd_worker_deaths_total", "worker", "0")).isEqualTo(1.0);
            assertThat(Scrape.sum(scrape, "fastd_worker_served_total", "worker", "0")).isEqualTo(4.0);
            assertThat(Scrape.sum(scrape, "fastd_pool_connections", "worker", "0"))
                    .as("read from the live worker's pool, not a stopped one's").isEqualTo(1.0);
            assertThat(Scrape.sum(scrape, "fastd_pool_up", "worker", "0")).isEqualTo(1.0);
        } finally {
            server.stop();
        }
    }
}
