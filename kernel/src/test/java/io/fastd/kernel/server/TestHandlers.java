package io.fastd.kernel.server;

import com.google.inject.Inject;
import io.fastd.kernel.server.api.BadRequestException;
import io.fastd.kernel.server.api.DatagramHandler;
import io.fastd.kernel.server.api.HttpHandler;
import io.fastd.kernel.server.api.HttpRequest;
import io.fastd.kernel.server.api.HttpResponse;
import io.fastd.kernel.server.api.TaskHandler;
import io.fastd.kernel.server.api.TcpHandler;
import io.fastd.kernel.worker.WorkerContext;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Handlers for every protocol. Replies "worker=<id> pool=<pool's worker id> thread=<thread>",
 * so a test sees which worker answered and that the handler got that worker's pool. Paths (HTTP)
 * or payloads (TCP/UDP): {@code boom} throws an exception, {@code fatal} throws an Error,
 * {@code bad} throws BadRequestException, {@code wait} blocks on the probe's gate,
 * {@code task} runs a task and answers its result. Other HTTP answers end with {@code path=<path>}, and
 * every HTTP request run is recorded in {@link Probe#handled}.
 */
final class TestHandlers implements HttpHandler, TcpHandler, DatagramHandler {

    private final WorkerContext worker;
    private final TestPools.CountingPool pool;
    private final Probe probe;
    private final TaskDispatcher tasks;

    @Inject
    TestHandlers(WorkerContext worker, TestPools.CountingPool pool, Probe probe, TaskDispatcher tasks) {
        this.worker = worker;
        this.pool = pool;
        this.probe = probe;
        this.tasks = tasks;
    }

    @Override
    public HttpResponse handle(HttpRequest request) throws Exception {
        probe.handled.add(request.path());
        String answer = answer(request.path().substring(1), request.bodyText());
        return HttpResponse.text(200, answer.startsWith("task=") ? answer : answer + " path=" + request.path());
    }

    @Override
    public byte[] onReceive(long connectionId, byte[] frame) throws Exception {
        return (answer(new String(frame, StandardCharsets.UTF_8), "") + " conn=" + connectionId)
                .getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] onPacket(byte[] data, InetSocketAddress sender) throws Exception {
        return answer(new String(data, StandardCharsets.UTF_8), "").getBytes(StandardCharsets.UTF_8);
    }

    private String answer(String command, String body) throws Exception {
        switch (command) {
            case "boom" -> throw new IllegalStateException("handler failed on purpose");
            case "fatal" -> throw new OutOfMemoryError("simulated fatal error");
            case "bad" -> throw new BadRequestException("no such thing");
            case "wait" -> {
                probe.waiting.incrementAndGet();
                if (!probe.gate.get().await(20, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("gate not opened");
                }
            }
            case "task" -> {
                return "task=" + tasks.task(body).get(10, TimeUnit.SECONDS);
            }
            default -> {
            }
        }
        return "worker=" + worker.id() + " pool=" + pool.workerId() + " thread=" + Thread.currentThread().getName();
    }

    /** Answers tasks with the task worker's id and its task pool's worker id. */
    static final class Tasks implements TaskHandler {
        private final WorkerContext worker;
        private final TestPools.TaskOnlyPool pool;

        @Inject
        Tasks(WorkerContext worker, TestPools.TaskOnlyPool pool) {
            this.worker = worker;
            this.pool = pool;
        }

        @Override
        public Object onTask(Object payload) {
            return payload + "@" + worker.kind() + worker.id() + "/pool" + pool.workerId() + "/" + Thread.currentThread().getName();
        }
    }

}
