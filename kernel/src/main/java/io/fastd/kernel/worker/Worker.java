package io.fastd.kernel.worker;

import static java.util.Objects.requireNonNull;

import io.fastd.pool.WorkerKind;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * A started worker: its identity, its scope (its own instances of every {@link WorkerScoped}
 * binding) and its initialized pools. Created by the kernel ({@code Application.startWorker}); the
 * server runs one per worker thread, tests can run several on one thread.
 *
 * <p>Code that should see this worker's instances runs inside it: either {@link #enter()} once on
 * a long-lived worker thread, or {@link #call}/{@link #run} around a piece of work.
 */
public final class Worker {

    private final WorkerContext context;
    private final WorkerScope.Store store;
    private final Supplier<List<PoolStatus>> pools;
    private final Runnable closePools;
    private volatile boolean stopped;

    /**
     * The kernel's: a worker over its scope's {@code store}, whose initialized pools
     * {@code pools} lists and {@code closePools} closes (in reverse, throwing
     * {@link PoolCloseException} if some failed).
     */
    public Worker(WorkerContext context, WorkerScope.Store store, Supplier<List<PoolStatus>> pools, Runnable closePools) {
        this.context = requireNonNull(context, "context is null");
        this.store = requireNonNull(store, "store is null");
        this.pools = requireNonNull(pools, "pools is null");
        this.closePools = requireNonNull(closePools, "closePools is null");
    }

    public int id() {
        return context.id();
    }

    public WorkerKind kind() {
        return context.kind();
    }

    public WorkerContext context() {
        return context;
    }

    /** The pools this worker initialized, in initialization order, with their init times. */
    public List<PoolStatus> pools() {
        return pools.get();
    }

    /**
     * Makes this worker current on the calling thread until the handle is closed, so injections
     * of {@link WorkerScoped} bindings resolve to this worker's instances.
     */
    public WorkerScope.Entered enter() {
        checkRunning();
        return store.enter();
    }

    /** Runs {@code work} inside this worker on the calling thread. */
    public <T> T call(Callable<T> work) throws Exception {
        try (WorkerScope.Entered entered = enter()) {
            return work.call();
        }
    }

    /** Runs {@code work} inside this worker on the calling thread. */
    public void run(Runnable work) {
        try (WorkerScope.Entered entered = enter()) {
            work.run();
        }
    }

    public boolean isStopped() {
        return stopped;
    }

    /**
     * Closes this worker's pools in reverse order of initialization and forgets its instances.
     * Idempotent. May be called from any thread (a supervisor stopping a dead worker).
     *
     * @throws PoolCloseException if some pools failed to close; all others were closed
     */
    public void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            closePools.run();
        } finally {
            store.clear();
        }
    }

    private void checkRunning() {
        if (stopped) {
            throw new IllegalStateException(context.label() + " is stopped");
        }
    }

    @Override
    public String toString() {
        return "Worker{" + context.label() + ", pools=" + pools.get().size() + (stopped ? ", stopped" : "") + "}";
    }
}
