package io.fastd.kernel.server.internal.manager;

import static java.util.Objects.requireNonNull;

import com.google.inject.Key;
import io.fastd.kernel.Application;
import io.fastd.kernel.worker.RequestClock;
import io.fastd.kernel.worker.Worker;
import io.fastd.kernel.worker.WorkerScope;
import java.util.Set;

/**
 * A worker started and entered on the calling thread, with the handlers and the request clock it
 * resolved in its own scope: what every runner does first, on the thread that will run the jobs.
 * {@link #close()} tells the worker's listeners it stops ({@link Worker#notifyStop()}) and leaves
 * the worker's scope, on the worker's thread; it does not close the worker's pools.
 */
record WorkerStart(Worker worker, WorkerScope.Entered entered, HandlerSet handlers, RequestClock clock)
        implements AutoCloseable {

    WorkerStart {
        requireNonNull(worker, "worker is null");
        requireNonNull(entered, "entered is null");
        requireNonNull(handlers, "handlers is null");
        requireNonNull(clock, "clock is null");
    }

    /**
     * Starts the slot's worker (its pools initialized here), enters it and resolves its handlers.
     * If resolving fails, the scope is left and the pools are closed before the failure is
     * rethrown, so a failed start holds nothing.
     */
    static WorkerStart open(Application app, WorkerSlot slot, Set<Key<?>> handlerTypes) {
        Worker worker = app.startWorker(slot.id(), slot.kind());
        WorkerScope.Entered entered = worker.enter();
        try {
            return new WorkerStart(worker, entered, HandlerSet.resolve(app.injector(), handlerTypes),
                    app.injector().getInstance(RequestClock.class));
        } catch (RuntimeException | Error e) {
            entered.close();
            WorkerRunner.closeQuietly(worker);
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            worker.notifyStop();
        } finally {
            entered.close();
        }
    }
}
