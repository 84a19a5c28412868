package io.fastd.kernel.server;

import static io.fastd.kernel.server.Harness.await;
import static io.fastd.kernel.server.Harness.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import io.fastd.kernel.server.api.HttpHandler;
import io.fastd.kernel.server.api.Protocol;
import io.fastd.kernel.server.api.ServerPlan;
import io.fastd.kernel.server.api.ServerStartException;
import io.fastd.kernel.server.api.StartupCheck;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import io.fastd.kernel.testing.RawHttp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Start, replace, recycle, reload and stop, with counting pools standing in for a database. */
@Timeout(60)
class ServerLifecycleTest {

    @TempDir
    Path dir;

    private final Probe probe = new Probe();

    private Server server(String... keyValues) {
        return Harness.server(Harness.app(Harness.config(dir, "http://127.0.0.1:0", keyValues),
                Harness.module(probe, false)), new ByteArrayOutputStream());
    }

    private static boolean canConnect(int port) {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            return socket.isConnected();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void aWorkerWhosePoolsFailStopsTheWholeStartAndLeavesNothingOpen() throws Exception {
        probe.failFor.add(1);
        probe.failFor.add(3);
        Server server = Harness.server(Harness.app(Harness.config(dir, "http://127.0.0.1:0",
                "server.worker_num", "4"), Harness.module(probe, false)), new ByteArrayOutputStream());

        assertThatThrownBy(server::start)
                .isInstanceOf(ServerStartException.class)
                .hasMessageContaining("failed to start (2 causes)")
                .hasMessageContaining("worker 1: ").hasMessageContaining("database away for worker 1")
                .hasMessageContaining("worker 3: ").hasMessageContaining("database away for worker 3");

        assertThat(probe.open).as("workers 0 and 2 closed their pools again").hasValue(0);
        assertThat(probe.inits).hasValue(2);
        assertThat(Files.exists(dir.resolve("fast-d.pid"))).isFalse();
        assertThat(Files.exists(dir.resolve("fast-d.pid.admin"))).isFalse();
        // Workers start before any listener binds, so a failed worker start leaves no socket behind.
        assertThat(server.listeners()).isEmpty();
        assertThat(server.port(Protocol.HTTP)).isEmpty();
        assertThat(server.state()).isEqualTo(Server.State.FAILED);
    }

    @Test
    void aListenerWithoutAHandlerIsAStartErrorNamingItAndTheInterface() {
        Server server = Harness.server(Harness.app(Harness.config(dir, "http://127.0.0.1:0"), new AbstractModule() {
            @Override
            protected void configure() {
                bind(Probe.class).toInstance(probe);
            }
        }), new ByteArrayOutputStream());

        assertThatThrownBy(server::start).isInstanceOf(ServerStartException.class)
                .hasMessage("Server fast-d failed to start: listener http://127.0.0.1:0 needs a "
                        + HttpHandler.class.getName() + " bound (bind one in a service provider)");
        assertThat(Files.exists(dir.resolve("fast-d.pid"))).isFalse();
    }

    @Test
    void maxRequestRecyclesWorkersWithoutLosingARequestOrAConnection() throws Exception {
        Server server = server("server.worker_num", "2", "server.max_request", "3").start();
        try {
            int port = server.port(Protocol.HTTP).orElseThrow();
            for (int i = 0; i < 20; i++) {
                assertThat(get(port, "/n" + i).statusCode()).isEqualTo(200);
            }
            await("recycled workers running again", () -> server.status().workers().stream()
                    .allMatch(worker -> worker.state().equals("RUNNING")));
            assertThat(probe.open).hasValue(2);
            assertThat(probe.inits.get()).isGreaterThanOrEqualTo(7);
            assertThat(probe.peakOpen).as("a recycled worker closes its pools before its replacement opens any").hasValue(2);
            assertThat(server.status().workers().stream().mapToLong(WorkerStatus::servedTotal).sum()).isEqualTo(20);
        } finally {
            server.stop();
        }
        assertThat(probe.open).hasValue(0);
    }

    @Test
    void aFailingReplacementRetriesWithBackoffVisibleInStatusAndRecovers() throws Exception {
        Server server = server("server.worker_num", "1", "server.restart_backoff", "20ms",
                "server.restart_backoff_max", "200ms").start();
        try {
            int port = server.port(Protocol.HTTP).orElseThrow();
            probe.failing.set(true);
            assertThat(get(port, "/fatal").statusCode()).isEqualTo(500);
            await("two failed restarts in status", () -> server.status().workers().get(0).failedStarts() >= 2);
            WorkerStatus backoff = server.status().workers().get(0);
            assertThat(backoff.state()).isIn("BACKOFF", "STARTING");
            assertThat(backoff.lastError()).hasValueSatisfying(error -> assertThat(error).contains("database away"));
            assertThat(server.status().render()).contains("database away");
            assertThat(probe.open).hasValue(0);

            CompletableFuture<Integer> queued = CompletableFuture.supplyAsync(() -> {
                try {
                    return get(port, "/queued").statusCode();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            probe.failing.set(false);
            await("worker recovered", () -> server.status().workers().get(0).state().equals("RUNNING"));
            assertThat(queued.get(20, TimeUnit.SECONDS)).as("request queued during backoff is served").isEqualTo(200);
            assertThat(probe.open).hasValue(1);
            assertThat(server.status().workers().get(0).failedStarts()).isZero();
        } finally {
            server.stop();
        }
        assertThat(probe.open).hasValue(0);
    }

    @Test
    void reloadUnderSteadyTrafficLosesNoRequestAndEveryWorkerReRunsItsPools() throws Exception {
        Server server = server("server.worker_num", "3").start();
        List<String> failures;
        try {
            failures = Harness.reloadUnderSteadyTraffic(server, 3);
        } finally {
            server.stop();
        }
        assertThat(failures).isEmpty();
        assertThat(probe.initsByWorker).hasSize(3);
        probe.initsByWorker.values().forEach(count -> assertThat(count).hasValue(2));
        assertThat(probe.open).hasValue(0);
    }

    @Test
    void gracefulStopAnswersEveryQueuedRequestThenClosesEverything() throws Exception {
        Server server = server("server.mode", "process", "server.worker_num", "2").start();
        int port = server.port(Protocol.HTTP).orElseThrow();
        probe.gate.set(new CountDownLatch(1));
        List<CompletableFuture<Integer>> requests = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            requests.add(Harness.HTTP.sendAsync(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + port + "/wait")).timeout(Harness.TIMEOUT).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).thenApply(java.net.http.HttpResponse::statusCode));
        }
        await("both workers busy and the rest queued", () -> probe.waiting.get() == 2
                && server.status().workers().stream().mapToInt(WorkerStatus::queued).sum() == 6);
        Thread stopper = new Thread(server::stop, "test-stopper");
        stopper.start();
        await("stopping", () -> server.state() == Server.State.STOPPING);
        await("listeners closed while requests are still queued", () -> !canConnect(port));
        assertThat(requests).noneMatch(CompletableFuture::isDone);
        probe.gate.get().countDown();
        for (CompletableFuture<Integer> request : requests) {
            assertThat(request.get(20, TimeUnit.SECONDS)).isEqualTo(200);
        }
        stopper.join(TimeUnit.SECONDS.toMillis(20));
        assertThat(server.state()).isEqualTo(Server.State.STOPPED);
        assertThat(probe.open).hasValue(0);
        assertThat(Files.exists(dir.resolve("fast-d.pid"))).isFalse();
        assertThat(server.awaitTermination(java.time.Duration.ofSeconds(1))).isTrue();
    }

    /**
     * Clients on keep-alive connections send, pausing 50 ms after each answer, while the server
     * stops: each gets 200s, then one {@code 503 server is stopping} that ends its connection; none
     * meets a close with its request unanswered (a client pausing as the stop begins sends into it).
     */
    @ParameterizedTest(name = "server.mode={0}")
    @ValueSource(strings = {"base", "process"})
    void aGracefulStopUnderLoadRefusesEachConnectionsNextRequestRatherThanClosingUnderIt(String mode)
            throws Exception {
        Server server = server("server.mode", mode, "server.worker_num", "2").start();
        int port = server.port(Protocol.HTTP).orElseThrow();
        int clients = 8;
        AtomicLong answered = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        List<RawHttp> connections = new ArrayList<>();
        List<CompletableFuture<Void>> sending = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(clients);
        try {
            for (int c = 0; c < clients; c++) {
                RawHttp connection = new RawHttp(port);
                connections.add(connection);
                sending.add(CompletableFuture.runAsync(() -> sendUntilRefused(connection, answered, refused, problems),
                        threads));
            }
            await("traffic on every connection", () -> answered.get() >= 5L * clients);

            server.stop();

            CompletableFuture.allOf(sending.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
            for (RawHttp connection : connections) {
                connection.close();
            }
        }
        assertThat(problems).isEmpty();
        assertThat(refused).as("connections that got their 503").hasValue(clients);
        assertThat(server.state()).isEqualTo(Server.State.STOPPED);
    }

    private static void sendUntilRefused(RawHttp connection, AtomicLong answered, AtomicLong refused,
                                         List<String> problems) {
        for (int i = 0; ; i++) {
            String response;
            try {
                connection.write("GET /steady HTTP/1.1\r\nHost: x\r\n\r\n");
                response = connection.readResponse();
            } catch (java.io.IOException e) {
                problems.add("request " + i + ": " + e);
                return;
            }
            if (response == null) {
                problems.add("request " + i + ": connection closed without an answer");
                return;
            }
            if (response.startsWith("503\n") && response.contains("server is stopping")) {
                refused.incrementAndGet();
                return;
            }
            if (!response.startsWith("200\n")) {
                problems.add("request " + i + ": unexpected " + response);
                return;
            }
            answered.incrementAndGet();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    @ParameterizedTest(name = "server.mode={0}")
    @ValueSource(strings = {"base", "process"})
    void aStopClosesAnIdleKeepAliveConnection(String mode) throws Exception {
        Server server = server("server.mode", mode).start();
        try (RawHttp connection = new RawHttp(server.port(Protocol.HTTP).orElseThrow())) {
            connection.write("GET /before HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(connection.readResponse()).startsWith("200\n");

            server.stop();

            assertThat(server.state()).isEqualTo(Server.State.STOPPED);
            assertThat(connection.closedByServer()).as("closed by the server").isTrue();
        }
    }

    @Test
    void aFullQueueIsAnswered503WithoutQueueingMore() throws Exception {
        Server server = server("server.mode", "process", "server.worker_num", "1", "server.queue_size", "1").start();
        try {
            int port = server.port(Protocol.HTTP).orElseThrow();
            probe.gate.set(new CountDownLatch(1));
            var busy = Harness.HTTP.sendAsync(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + port + "/wait")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            await("worker busy", () -> probe.waiting.get() == 1);
            var queued = Harness.HTTP.sendAsync(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + port + "/queued")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            await("one queued", () -> server.status().workers().get(0).queued() == 1);
            var refused = get(port, "/refused");
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.body()).isEqualTo("{\"error\": \"server busy\"}");
            probe.gate.get().countDown();
            assertThat(busy.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(queued.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        } finally {
            server.stop();
        }
    }

    @Test
    void taskWorkersOpenOnlyTaskPoolsAndRequestWorkersOnlyRequestPools() throws Exception {
        Server server = Harness.server(Harness.app(Harness.config(dir, "http://127.0.0.1:0",
                "server.worker_num", "3", "server.task_worker_num", "2"), Harness.module(probe, true)),
                new ByteArrayOutputStream()).start();
        try {
            assertThat(probe.open).as("request pools").hasValue(3);
            assertThat(probe.taskOpen).as("task-only pools").hasValue(2);
            assertThat(probe.initThreads).containsExactlyInAnyOrder("fastd-worker-0", "fastd-worker-1",
                    "fastd-worker-2", "fastd-task-worker-0", "fastd-task-worker-1");
            var response = Harness.HTTP.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + server.port(Protocol.HTTP).orElseThrow() + "/task"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("job")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.body()).matches("task=job@TASK(\\d)/pool\\1/fastd-task-worker-\\1");
            TaskDispatcher unstarted = Harness.app(Harness.config(dir, "http://127.0.0.1:0"),
                    Harness.module(new Probe(), true)).injector().getInstance(TaskDispatcher.class);
            assertThat(unstarted.task("x")).failsWithin(java.time.Duration.ofSeconds(1))
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .withMessageContaining("no task workers are running");
            assertThat(server.status().workers()).extracting(WorkerStatus::kind).containsExactly(
                    io.fastd.pool.WorkerKind.REQUEST, io.fastd.pool.WorkerKind.REQUEST, io.fastd.pool.WorkerKind.REQUEST,
                    io.fastd.pool.WorkerKind.TASK, io.fastd.pool.WorkerKind.TASK);
        } finally {
            server.stop();
        }
        assertThat(probe.open).hasValue(0);
        assertThat(probe.taskOpen).hasValue(0);
    }

    /** Refuses every start. */
    static final class RefusingCheck implements StartupCheck {
        @Override
        public void check(ServerPlan plan) {
            throw new IllegalStateException(plan.requestWorkers() + " workers x 2 keys exceed max_connections=4");
        }
    }

    @Test
    void aFailingStartupCheckRefusesTheStartBeforeAnyWorkerStartsUnlessSkipped() throws Exception {
        AbstractModule check = new AbstractModule() {
            @Override
            protected void configure() {
                Multibinder.newSetBinder(binder(), StartupCheck.class).addBinding().to(RefusingCheck.class);
            }
        };
        Server refused = Harness.server(Harness.app(Harness.config(dir, "http://127.0.0.1:0", "server.worker_num", "3"),
                Harness.module(probe, false), check), new ByteArrayOutputStream());
        assertThatThrownBy(refused::start).isInstanceOf(ServerStartException.class)
                .hasMessageContaining("startup check " + RefusingCheck.class.getName()
                        + ": 3 workers x 2 keys exceed max_connections=4");
        assertThat(probe.inits).hasValue(0);
        assertThat(Files.exists(dir.resolve("fast-d.pid"))).isFalse();

        Server skipped = Harness.server(Harness.app(Harness.config(dir, "http://127.0.0.1:0", "server.worker_num", "3",
                "server.skip_startup_checks", "true"), Harness.module(probe, false), check), new ByteArrayOutputStream());
        skipped.start();
        skipped.stop();
        assertThat(probe.inits).hasValue(3);
    }
}
