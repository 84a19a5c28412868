package io.fastd.kernel.server;

import static io.fastd.kernel.server.Harness.await;
import static io.fastd.kernel.server.Harness.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.fastd.kernel.server.api.Protocol;
import io.fastd.kernel.server.internal.manager.Manager;
import io.fastd.kernel.testing.Loopback;
import io.fastd.kernel.testing.RawHttp;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Round trips over real loopback sockets in process mode: UDP, TCP and HTTP, good and bad input
 * ({@link BaseModeTest} covers base mode, the default).
 */
@Timeout(60)
class ServerProtocolTest {

    @TempDir
    Path dir;

    private final Probe probe = new Probe();
    private final ByteArrayOutputStream banner = new ByteArrayOutputStream();
    private Server server;

    @BeforeEach
    void start() {
        server = Harness.server(Harness.app(Harness.config(dir, "http://127.0.0.1:0",
                "server.mode", "process", "server.worker_num", "3",
                "server.listeners", "tcp://127.0.0.1:0,udp://127.0.0.1:0",
                "server.max_payload", "1024"), Harness.module(probe, false)), banner).start();
    }

    @AfterEach
    void stop() {
        server.stop();
        assertThat(probe.open).hasValue(0);
    }

    private int port(Protocol protocol) {
        return server.port(protocol).orElseThrow();
    }

    @Test
    void eachWorkerInitializesItsOwnPoolOnItsOwnThreadBeforeTheBanner() {
        assertThat(probe.open).hasValue(3);
        assertThat(probe.initThreads).containsExactlyInAnyOrder("fastd-worker-0", "fastd-worker-1", "fastd-worker-2");
        long pid = ProcessHandle.current().pid();
        String text = banner.toString(StandardCharsets.UTF_8);
        assertThat(text).startsWith("Server: fast-d\nApp version 1.0.0\nJava version " + System.getProperty("java.version")
                + " (Netty " + System.getProperty("fastd.test.netty.version") + ", " + server.settings().transport().configName() + ", process mode)\nServer http://127.0.0.1:" + port(Protocol.HTTP) + "\n");
        assertThat(text).contains("Server tcp://127.0.0.1:" + port(Protocol.TCP) + "\n",
                "Server udp://127.0.0.1:" + port(Protocol.UDP) + "\n",
                "PID file: " + dir.resolve("fast-d.pid") + ", PID: " + pid + "\n",
                "Server Master[" + pid + "] is started\nServer Manager[" + pid + "] is started\n",
                "Server Worker[" + pid + "] is started [0]\n", "Server Worker[" + pid + "] is started [2]\n");
        assertThat(dir.resolve("fast-d.pid")).hasContent(Long.toString(pid));
        assertThat(server.status().workers()).extracting(WorkerStatus::state).containsOnly("RUNNING");
    }

    @Test
    void httpReachesTheHandlerOnAWorkerThreadWithThatWorkersPool() throws Exception {
        Set<String> workers = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            var response = get(port(Protocol.HTTP), "/hello?x=1");
            assertThat(response.statusCode()).isEqualTo(200);
            String body = response.body();
            String worker = body.split(" ")[0].substring("worker=".length());
            assertThat(body).startsWith("worker=" + worker + " pool=" + worker + " thread=fastd-worker-" + worker);
            workers.add(worker);
        }
        assertThat(workers).as("round robin reaches every worker").containsExactlyInAnyOrder("0", "1", "2");
    }

    @Test
    void httpKeepAliveServesTwoRequestsOnOneConnection() throws Exception {
        try (var http = new RawHttp(port(Protocol.HTTP))) {
            http.write("GET /one HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(http.readResponse()).startsWith("200\nworker=");
            http.write("POST /two HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
            assertThat(http.readResponse()).startsWith("200\nworker=");
        }
    }

    @Test
    void malformedAndOversizedHttpGetErrorsAndTheServerKeepsServing() throws Exception {
        try (var http = new RawHttp(port(Protocol.HTTP))) {
            http.write("THIS IS NOT HTTP\r\n\r\n");
            assertThat(http.readResponse()).startsWith("400\n{\"error\": ");
            assertThat(http.closedByServer()).isTrue();
        }
        try (var http = new RawHttp(port(Protocol.HTTP))) {
            http.write("POST /big HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n");
            assertThat(http.readResponse()).startsWith("413\n");
        }
        assertThat(get(port(Protocol.HTTP), "/bad").statusCode()).isEqualTo(400);
        assertThat(get(port(Protocol.HTTP), "/after").statusCode()).isEqualTo(200);
    }

    @Test
    void aHandlerExceptionIsA500WithAJsonErrorAndTheWorkerLives() throws Exception {
        for (int i = 0; i < 3; i++) {
            var response = get(port(Protocol.HTTP), "/boom");
            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.body()).isEqualTo("{\"error\": \"internal server error\"}");
            assertThat(response.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
        }
        assertThat(get(port(Protocol.HTTP), "/fine").statusCode()).isEqualTo(200);
        assertThat(server.status().workers()).extracting(WorkerStatus::generation).containsOnly(1L);
        assertThat(probe.inits).hasValue(3);
    }

    @Test
    void tcpFramesOfOneConnectionGoToOneWorkerInOrder() throws Exception {
        Set<String> seen = new HashSet<>();
        try (var tcp = new Harness.FrameClient(port(Protocol.TCP))) {
            for (int i = 0; i < 10; i++) {
                String reply = tcp.call("hello");
                assertThat(reply).matches("worker=(\\d) pool=\\1 thread=fastd-worker-\\1 conn=\\d+");
                seen.add(reply);
            }
        }
        assertThat(seen).hasSize(1);
        try (var a = new Harness.FrameClient(port(Protocol.TCP)); var b = new Harness.FrameClient(port(Protocol.TCP))) {
            assertThat(a.call("x").split(" ")[0]).isNotEqualTo(b.call("x").split(" ")[0]);
        }
    }

    @Test
    void tcpErrorsAreErrorFramesAndAnOversizedFrameClosesTheConnection() throws Exception {
        try (var tcp = new Harness.FrameClient(port(Protocol.TCP))) {
            assertThat(tcp.call("boom")).isEqualTo("ERROR internal error");
            assertThat(tcp.call("bad")).isEqualTo("ERROR bad request: no such thing");
            assertThat(tcp.call("still")).startsWith("worker=");
            tcp.sendLength(4096);
            assertThat(tcp.receive()).isEqualTo("ERROR frame too large");
            assertThat(tcp.closedByServer()).isTrue();
        }
        try (var tcp = new Harness.FrameClient(port(Protocol.TCP))) {
            assertThat(tcp.call("again")).startsWith("worker=");
        }
    }

    @Test
    void udpRoundTripsAndOversizedOrBadDatagramsAreDropped() throws Exception {
        String reply = Loopback.udp(port(Protocol.UDP), "ping".getBytes(StandardCharsets.UTF_8), 5000);
        assertThat(reply).matches("worker=(\\d) pool=\\1 thread=fastd-worker-\\1");
        assertThat(Loopback.udp(port(Protocol.UDP), new byte[2000], 300)).isNull();
        assertThat(Loopback.udp(port(Protocol.UDP), "bad".getBytes(StandardCharsets.UTF_8), 300)).isNull();
        assertThat(Loopback.udp(port(Protocol.UDP), "boom".getBytes(StandardCharsets.UTF_8), 5000)).isEqualTo("ERROR internal error\n");
        assertThat(Loopback.udp(port(Protocol.UDP), "pong".getBytes(StandardCharsets.UTF_8), 5000)).startsWith("worker=");
    }

    @Test
    void anIdleConnectionIsClosedAfterTheReadTimeout() throws Exception {
        Server quick = Harness.server(Harness.app(Harness.config(dir.resolve("quick"), "tcp://127.0.0.1:0",
                "server.read_timeout", "200ms"), Harness.module(new Probe(), false)), new ByteArrayOutputStream()).start();
        try (var tcp = new Harness.FrameClient(quick.port(Protocol.TCP).orElseThrow())) {
            assertThat(tcp.call("hi")).startsWith("worker=");
            assertThat(tcp.closedByServer()).isTrue();
        } finally {
            quick.stop();
        }
        assertThat(Files.exists(dir.resolve("quick").resolve("fast-d.pid"))).isFalse();
    }

    @Test
    void aHandlerErrorKillsOnlyThatWorkerAndTheManagerReplacesIt() throws Exception {
        var fatal = get(port(Protocol.HTTP), "/fatal");
        assertThat(fatal.statusCode()).isEqualTo(500);
        await("the dead worker replaced", () -> probe.inits.get() == 4
                && server.status().workers().stream().allMatch(worker -> worker.state().equals("RUNNING")));
        assertThat(probe.open).as("the dead worker's pool was closed").hasValue(3);
        assertThat(server.status().workers()).extracting(WorkerStatus::generation).containsExactlyInAnyOrder(1L, 1L, 2L);
        assertThat(banner.toString(StandardCharsets.UTF_8)).contains("is stopped [");
        for (int i = 0; i < 6; i++) {
            assertThat(get(port(Protocol.HTTP), "/after").statusCode()).isEqualTo(200);
        }
    }
}
