package io.fastd.kernel.server;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.fastd.kernel.server.api.TaskHandler;
import io.fastd.kernel.server.internal.manager.Dispatcher;
import io.fastd.kernel.server.internal.manager.HandlerSet;
import io.fastd.kernel.server.internal.manager.Job;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs payloads on task workers (FastD's {@code $server->task()}): inject it anywhere, call
 * {@link #task(Object)}, and the bound {@link TaskHandler} runs the payload on one task worker
 * (round robin); the future completes with its result (FastD's {@code onFinish}).
 *
 * <p>The future completes on the task worker's thread: chain with the {@code ...Async} methods,
 * or anything slow runs on (and blocks) that task worker. One per process; the server attaches
 * its task workers at start and detaches them at stop.
 */
@Singleton
public final class TaskDispatcher {

    private volatile Dispatcher tasks;

    @Inject
    public TaskDispatcher() {
    }

    /**
     * Queues {@code payload} for a task worker.
     *
     * @return a future completed with {@link TaskHandler#onTask}'s result or exception; failed with
     *     {@link RejectedExecutionException} if the task queue is full or the server is stopping,
     *     and with {@link IllegalStateException} if no task workers run
     */
    public CompletableFuture<Object> task(Object payload) {
        CompletableFuture<Object> result = new CompletableFuture<>();
        Dispatcher current = tasks;
        if (current == null || current.isEmpty()) {
            result.completeExceptionally(new IllegalStateException(
                    "no task workers are running (server.task_worker_num is 0, or the server is not started)"));
            return result;
        }
        current.submit(current.next(), new TaskJob(payload, result));
        return result;
    }

    void attach(Dispatcher dispatcher) {
        tasks = requireNonNull(dispatcher, "dispatcher is null");
    }

    void detach() {
        tasks = null;
    }

    /** A payload for a task worker and the future it completes. */
    private record TaskJob(Object payload, CompletableFuture<Object> result) implements Job {
        @Override
        public void run(HandlerSet handlers) throws Exception {
            result.complete(handlers.get(TaskHandler.class).onTask(payload));
        }

        @Override
        public void fail(Throwable error) {
            result.completeExceptionally(error);
        }

        @Override
        public void reject(String reason) {
            result.completeExceptionally(new RejectedExecutionException("task not run: " + reason));
        }
    }
}
