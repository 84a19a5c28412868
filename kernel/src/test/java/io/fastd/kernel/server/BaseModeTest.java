package io.fastd.kernel.server;

import static io.fastd.kernel.server.Harness.await;
import static io.fastd.kernel.server.Harness.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.fastd.kernel.server.api.Protocol;
import io.fastd.kernel.testing.Loopback;
import io.fastd.kernel.testing.RawHttp;
import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code server.mode=base}: each request worker is an event loop; requests run on the worker that
 * read them, and the worker's life (recycle, death, reload, stop) works as in process mode.
 */
@Timeout(60)
class BaseModeTest {

    @TempDir
    Path dir;

    private final Probe probe = new Probe();
    private Server server;

    private Server start(String... keyValues) {
        List<String> config = new ArrayList<>(List.of("server.mode", "base", "server.listeners", "udp://127.0.0.1:0, tcp://127.0.0.1:0"));
        config.addAll(List.of(keyValues));
        server = Harness.server(Harness.app(Harness.config(dir, "http://127.0.0.1:0", config.toArray(String[]::new)),
                Harness.module(probe, false)), new ByteArrayOutputStream()).start();
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
        assertThat(probe.open).as("every worker's pool closed").hasValue(0);
    }

    private static String field(String answer, String name) {
        return answer.substring(answer.indexOf(name + "=") + name.length() + 1).split("\\s")[0];
    }

    @ParameterizedTest
    @ValueSource(strings = {"auto", "nio"})
    void eachConnectionStaysOnOneWorkerWhoseOwnThreadRunsTheHandler(String transport) throws Exception {
        start("server.worker_num", "3", "server.transport", transport);
        int port = server.port(Protocol.HTTP).orElseThrow();
        Map<Integer, String> workerOfConnection = new HashMap<>();
        for (int connection = 0; connection < 3; connection++) {
            try (RawHttp http = new RawHttp(port)) {
                for (int i = 0; i < 4; i++) {
                    http.write("GET /c" + connection + "/" + i + " HTTP/1.1\r\nHost: x\r\n\r\n");
                    String response = http.readResponse();
                    assertThat(response).startsWith("200\n");
                    String worker = field(response, "worker");
                    assertThat(field(response, "thread")).isEqualTo("fastd-worker-" + worker);
                    assertThat(field(response, "pool")).isEqualTo(worker);
                    assertThat(workerOfConnection.putIfAbsent(connection, worker)).isIn(null, worker);
                }
            }
        }
        assertThat(new HashSet<>(workerOfConnection.values())).as("connections are spread over the workers")
                .containsExactlyInAnyOrder("0", "1", "2");
        // A request is counted just after its reply is written, so the last count may trail the reply.
        await("all 12 requests counted", () -> server.status().workers().stream().mapToLong(WorkerStatus::servedTotal).sum() == 12);
        assertThat(server.status().workers()).allSatisfy(worker -> {
            assertThat(worker.state()).isEqualTo("RUNNING");
            assertThat(worker.servedTotal()).isEqualTo(4);
        });
        assertThat(probe.initThreads).containsExactlyInAnyOrder("fastd-worker-0", "fastd-worker-1", "fastd-worker-2");

        try (Harness.FrameClient tcp = new Harness.FrameClient(server.port(Protocol.TCP).orElseThrow())) {
            String first = tcp.call("frame");
            assertThat(field(first, "thread")).isEqualTo("fastd-worker-" + field(first, "worker"));
            assertThat(field(tcp.call("again"), "worker")).isEqualTo(field(first, "worker"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"auto", "nio"})
    void udpSendersAreSpreadOverOneSocketPerWorkerOnOnePortAndEachSticks(String transport) throws Exception {
        start("server.worker_num", "3", "server.transport", transport);
        InetSocketAddress target = new InetSocketAddress("127.0.0.1", server.port(Protocol.UDP).orElseThrow());
        Set<String> workers = new HashSet<>();
        for (int sender = 0; sender < 24; sender++) {
            try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
                socket.setSoTimeout(5_000);
                Set<String> ofSender = new HashSet<>();
                for (int i = 0; i < 3; i++) {
                    byte[] data = ("d" + i).getBytes(StandardCharsets.UTF_8);
                    socket.send(new DatagramPacket(data, data.length, target));
                    DatagramPacket reply = new DatagramPacket(new byte[512], 512);
                    socket.receive(reply);
                    String answer = new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8);
                    assertThat(field(answer, "thread")).isEqualTo("fastd-worker-" + field(answer, "worker"));
                    ofSender.add(field(answer, "worker"));
                }
                assertThat(ofSender).as("one sender's datagrams go to one worker").hasSize(1);
                workers.addAll(ofSender);
            }
        }
        // 24 random source ports hashed over 3 sockets: all on one would be a 3^-23 chance.
        assertThat(workers).as("datagrams reach more than one worker's socket").hasSizeGreaterThan(1);
    }

    @Test
    void maxRequestRecyclesTheWorkerOnItsOwnLoopWithoutLosingARequest() throws Exception {
        start("server.worker_num", "1", "server.max_request", "3");
        int port = server.port(Protocol.HTTP).orElseThrow();
        try (RawHttp http = new RawHttp(port)) {
            for (int i = 0; i < 20; i++) {
                http.write("GET /n" + i + " HTTP/1.1\r\nHost: x\r\n\r\n");
                String response = http.readResponse();
                assertThat(response).startsWith("200\n");
                assertThat(field(response, "thread")).isEqualTo("fastd-worker-0");
            }
        }
        await("recycled worker running again, every request counted", () -> server.status().workers().get(0)
                .state().equals("RUNNING") && server.status().workers().get(0).servedTotal() == 20);
        assertThat(probe.inits.get()).as("a fresh worker every 3 requests").isGreaterThanOrEqualTo(7);
        assertThat(probe.open).hasValue(1);
        assertThat(server.status().workers().get(0).servedTotal()).isEqualTo(20);
        assertThat(server.status().workers().get(0).generation()).isGreaterThanOrEqualTo(7);
    }

    @Test
    void aFatalErrorIsAnsweredAndTheNextWorkerTakesOverTheSameLoop() throws Exception {
        start("server.worker_num", "1");
        int port = server.port(Protocol.HTTP).orElseThrow();

        assertThat(get(port, "/fatal").statusCode()).isEqualTo(500);
        await("replacement running", () -> server.status().workers().get(0).generation() == 2
                && server.status().workers().get(0).state().equals("RUNNING"));

        var after = get(port, "/after");
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(field(after.body(), "thread")).isEqualTo("fastd-worker-0");
        assertThat(server.status().workers().get(0).lastError())
                .hasValueSatisfying(error -> assertThat(error).contains("simulated fatal error"));
        assertThat(probe.open).hasValue(1);
        assertThat(probe.inits).hasValue(2);
    }

    @Test
    void reloadUnderSteadyTrafficLosesNoRequestAndEveryWorkerReRunsItsPools() throws Exception {
        start("server.worker_num", "3");
        assertThat(Harness.reloadUnderSteadyTraffic(server, 3)).isEmpty();
        assertThat(probe.initsByWorker).hasSize(3);
        probe.initsByWorker.values().forEach(count -> assertThat(count).hasValue(2));
    }

    @Test
    void gracefulStopLetsTheRequestInFlightFinishThenClosesEverything() throws Exception {
        start("server.worker_num", "1");
        int port = server.port(Protocol.HTTP).orElseThrow();
        int udpPort = server.port(Protocol.UDP).orElseThrow();
        probe.gate.set(new CountDownLatch(1));
        CompletableFuture<Integer> inFlight = Harness.HTTP.sendAsync(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/wait")).timeout(Harness.TIMEOUT).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).thenApply(java.net.http.HttpResponse::statusCode);
        await("worker busy", () -> probe.waiting.get() == 1);
        Thread stopper = new Thread(server::stop, "test-stopper");
        stopper.start();
        await("stopping", () -> server.state() == Server.State.STOPPING);
        assertThat(inFlight).isNotDone();

        probe.gate.get().countDown();

        assertThat(inFlight.get(20, TimeUnit.SECONDS)).isEqualTo(200);
        stopper.join(TimeUnit.SECONDS.toMillis(20));
        assertThat(server.state()).isEqualTo(Server.State.STOPPED);
        assertThat(probe.open).hasValue(0);
        assertThat(Loopback.udp(udpPort, "late".getBytes(StandardCharsets.UTF_8), 200))
                .as("no UDP socket answers after stop").isNull();
    }
}
