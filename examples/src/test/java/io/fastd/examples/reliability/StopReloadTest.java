package io.fastd.examples.reliability;

import io.fastd.kernel.testing.RawHttp;

import static org.assertj.core.api.Assertions.assertThat;

import io.fastd.kernel.server.Server;
import io.fastd.kernel.server.WorkerStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Scenario 6: a rolling reload and a graceful stop, each under load. */
class StopReloadTest {

    static final int WORKERS = 3;

    @Test
    void aRollingReloadUnderLoadAnswersEveryRequest(@TempDir Path dir) throws Exception {
        try (Rig rig = Rig.start(dir, "reload", WORKERS);
             Sampler sampler = Sampler.start(rig::connections, 5)) {
            Load load = Load.start("reload", 4, 100_000, Duration.ofSeconds(90), n -> switch (n % 3) {
                case 0 -> rig.ping("reload-" + n);
                case 1 -> Load.Outcome.of(rig.get("/items"));
                default -> Load.Outcome.of(rig.post("/items", "{\"name\":\"r-" + n + "\"}"));
            });
            Rig.await("traffic before the reload", () -> load.total() >= 100);
            String summary = rig.server.reload().get(60, TimeUnit.SECONDS);
            long afterReload = load.total();
            Rig.await("traffic after the reload", () -> load.total() >= afterReload + 100);
            load.stop();

            assertThat(summary).isEqualTo("reloaded " + WORKERS + " workers");
            assertThat(load.count(Load.Kind.OK)).as("every request answered OK: %s", load.details()).isEqualTo(load.total());
            assertThat(rig.server.status().workers()).extracting(WorkerStatus::generation).containsOnly(2L);
            assertThat(sampler.max()).as("connections never above W over %s samples", sampler.samples()).isLessThanOrEqualTo(WORKERS);
            Rig.await("W connections after the reload", () -> rig.connections() == WORKERS);
            Report.add("6 rolling reload under load", load.total(), 0, 0,
                    summary + "; every request answered 2xx; max connections " + sampler.max() + " of " + WORKERS);
        }
    }

    /**
     * Clients on keep-alive connections accepted before the stop send requests until the server
     * answers "server is stopping" (503) and closes. A request whose connection closes with no
     * answer would be lost: there must be none. In both modes: in base mode the workers drain at
     * once, so the stop reaches the connections while their clients are still sending.
     */
    @ParameterizedTest(name = "server.mode={0}")
    @ValueSource(strings = {"base", "process"})
    void aGracefulStopUnderLoadAnswersEveryAcceptedRequest(String mode, @TempDir Path dir) throws Exception {
        int clients = 6;
        AtomicLong answered = new AtomicLong();
        AtomicLong stopping = new AtomicLong();
        AtomicLong lost = new AtomicLong();
        List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
        Rig rig = Rig.start(dir, "stop", WORKERS, "server.mode", mode);
        try {
            int port = rig.httpPort();
            List<CompletableFuture<Void>> running = new ArrayList<>();
            List<RawHttp> connections = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                connections.add(new RawHttp(port, 20_000));
            }
            for (RawHttp connection : connections) {
                running.add(CompletableFuture.runAsync(() -> keepSending(connection, answered, stopping, lost, problems)));
            }
            Rig.await("traffic before the stop", () -> answered.get() >= 200);
            assertThat(Files.exists(rig.pidFile())).isTrue();

            rig.server.stop();

            CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            for (RawHttp connection : connections) {
                connection.close();
            }
            assertThat(problems).isEmpty();
            assertThat(lost.get()).as("accepted requests left unanswered").isZero();
            assertThat(rig.server.state()).isEqualTo(Server.State.STOPPED);
            // MariaDB drops a closed connection from its processlist a moment after the close.
            Awaitility.await("server-side connections after stop == 0").atMost(Duration.ofSeconds(20))
                    .until(rig::connections, count -> count == 0);
            assertThat(Files.exists(rig.pidFile())).as("PID file after stop").isFalse();
            assertThat(rig.bannerText()).contains("is stopped");
            Report.add("6 graceful stop under load (" + mode + " mode)", answered.get() + stopping.get(), stopping.get(), lost.get(),
                    answered.get() + " answered 2xx, " + stopping.get() + " answered 503 'server is stopping' on "
                            + clients + " keep-alive connections; 0 connections and no PID file after stop");
        } finally {
            rig.close();
        }
    }

    private static void keepSending(RawHttp connection, AtomicLong answered, AtomicLong stopping, AtomicLong lost,
                                    List<String> problems) {
        for (int i = 0; i < 100_000; i++) {
            try {
                connection.write("GET /items HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            } catch (IOException e) {
                return; // closed by the server before this request was sent: not accepted
            }
            String response;
            try {
                response = connection.readResponse();
            } catch (IOException e) {
                lost.incrementAndGet();
                problems.add("request " + i + ": " + e);
                return;
            }
            if (response == null) {
                lost.incrementAndGet();
                problems.add("request " + i + ": connection closed without an answer");
                return;
            }
            if (response.startsWith("200\n")) {
                answered.incrementAndGet();
            } else if (response.startsWith("503\n") && response.contains("server is stopping")) {
                stopping.incrementAndGet();
                return;
            } else {
                problems.add("request " + i + ": unexpected " + response);
                return;
            }
        }
    }
}
