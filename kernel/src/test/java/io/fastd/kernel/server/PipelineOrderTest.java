package io.fastd.kernel.server;

import static io.fastd.kernel.server.Harness.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fastd.kernel.server.api.Protocol;
import io.fastd.kernel.testing.RawHttp;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pipelined HTTP over a raw socket, in every server and dispatch mode: one answer per request, in
 * request order, whatever worker ran it; a refused request is never run, a run one is always
 * answered; nothing read after {@code Connection: close} runs.
 */
@Timeout(60)
class PipelineOrderTest {

    @TempDir
    Path dir;

    private final Probe probe = new Probe();
    private Server server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
        assertThat(probe.open).hasValue(0);
    }

    /** {@code mode}: {@code round_robin}, {@code connection} (process mode) or {@code base}. */
    private int start(String mode, String... extra) {
        List<String> config = new ArrayList<>(mode.equals("base") ? List.of("server.mode", "base")
                : List.of("server.mode", "process", "server.dispatch_mode", mode));
        config.addAll(List.of("server.worker_num", "3"));
        config.addAll(List.of(extra));
        server = Harness.server(Harness.app(Harness.config(dir, "http://127.0.0.1:0", config.toArray(String[]::new)),
                Harness.module(probe, false)), new ByteArrayOutputStream()).start();
        return server.port(Protocol.HTTP).orElseThrow();
    }

    private static String get(String path, String... headers) {
        return "GET " + path + " HTTP/1.1\r\nHost: x\r\n" + String.join("", headers) + "\r\n";
    }

    private static String path(String response) {
        return response.startsWith("200\n") ? response.substring(response.indexOf("path=") + 5) : response;
    }

    @ParameterizedTest
    @ValueSource(strings = {"round_robin", "connection", "base"})
    void aSlowFirstRequestIsStillAnsweredFirst(String mode) throws Exception {
        int port = start(mode);
        probe.gate.set(new CountDownLatch(1));
        try (RawHttp http = new RawHttp(port)) {
            StringBuilder pipeline = new StringBuilder(get("/wait"));
            for (int i = 1; i <= 6; i++) {
                pipeline.append(get("/p" + i));
            }
            http.write(pipeline.toString());
            await("the slow request running", () -> probe.waiting.get() == 1);
            if (mode.equals("round_robin")) {
                // Other workers ran later requests already; their answers must wait for the first.
                await("later requests run on other workers", () -> probe.handled.size() >= 3);
            }
            probe.gate.get().countDown();
            List<String> paths = new ArrayList<>();
            for (int i = 0; i <= 6; i++) {
                paths.add(path(http.readResponse()));
            }
            assertThat(paths).containsExactly("/wait", "/p1", "/p2", "/p3", "/p4", "/p5", "/p6");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"round_robin", "connection", "base"})
    void errorsTakeTheirPlaceAndNothingAfterConnectionCloseRuns(String mode) throws Exception {
        int port = start(mode);
        try (RawHttp http = new RawHttp(port)) {
            http.write(get("/a") + get("/bad") + get("/boom") + get("/b") + get("/last", "Connection: close\r\n")
                    + get("/never1") + get("/never2"));
            assertThat(path(http.readResponse())).isEqualTo("/a");
            assertThat(http.readResponse()).isEqualTo("400\n{\"error\": \"no such thing\"}");
            assertThat(http.readResponse()).isEqualTo("500\n{\"error\": \"internal server error\"}");
            assertThat(path(http.readResponse())).isEqualTo("/b");
            assertThat(path(http.readResponse())).isEqualTo("/last");
            assertThat(http.closedByServer()).isTrue();
        }
        assertThat(probe.handled).containsExactlyInAnyOrder("/a", "/bad", "/boom", "/b", "/last");
    }

    @Test
    void aFullQueueAnswers503InPlaceAndNeverRunsTheRefusedRequest() throws Exception {
        int port = start("connection", "server.worker_num", "1", "server.queue_size", "2");
        probe.gate.set(new CountDownLatch(1));
        try (RawHttp http = new RawHttp(port)) {
            http.write(get("/wait"));
            await("the worker busy", () -> probe.waiting.get() == 1);
            StringBuilder pipeline = new StringBuilder();
            for (int i = 1; i <= 8; i++) {
                pipeline.append(get("/q" + i));
            }
            http.write(pipeline.toString());
            // Two fit the queue; the other six are refused while the worker is blocked.
            await("six requests refused", () -> server.refusedRequests() == 6);
            List<String> answers = new ArrayList<>();
            probe.gate.get().countDown();
            for (int i = 0; i <= 8; i++) {
                answers.add(path(http.readResponse()));
            }
            assertThat(answers).containsExactly("/wait", "/q1", "/q2", "503\n{\"error\": \"server busy\"}",
                    "503\n{\"error\": \"server busy\"}", "503\n{\"error\": \"server busy\"}", "503\n{\"error\": \"server busy\"}",
                    "503\n{\"error\": \"server busy\"}", "503\n{\"error\": \"server busy\"}");
            http.write(get("/after"));
            assertThat(path(http.readResponse())).as("a 503 keeps the connection").isEqualTo("/after");
        }
        assertThat(probe.handled).containsExactly("/wait", "/q1", "/q2", "/after");
    }

    @ParameterizedTest
    @ValueSource(strings = {"round_robin", "base"})
    void aLongPipelineIsAnsweredCompletelyInOrder(String mode) throws Exception {
        int port = start(mode, "server.queue_size", "4", "server.max_pipelined", "4");
        int requests = 500;
        StringBuilder pipeline = new StringBuilder();
        for (int i = 0; i < requests; i++) {
            pipeline.append(get("/n" + i));
        }
        try (RawHttp http = new RawHttp(port)) {
            http.write(pipeline.toString());
            for (int i = 0; i < requests; i++) {
                assertThat(path(http.readResponse())).isEqualTo("/n" + i);
            }
        }
        assertThat(probe.handled).hasSize(requests);
    }
}
