package io.fastd.kernel.worker;

import static java.util.Objects.requireNonNull;

import io.fastd.pool.WorkerKind;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A started worker: its identity, its scope (its own instances of every {@link WorkerScoped}
 * binding) and its initialized pools. Created by the kernel ({@code Application.startWorker}); the
 * server runs one per worker thread, tests can run several on one thread.
 *
 * <p>Code that should see this worker's instances runs inside it: either {@link #enter()} once on
 * a long-lived worker thread, or {@link #call}/{@link #run} around a piece of work.
 */
public final class Worker {

    private static final Logger log = LoggerFactory.getLogger(Worker.class);

    private final WorkerContext context;
    private final WorkerScope.Store store;
    private final Supplier<List<PoolStatus>> pools;
    private final Runnable closePools;
    private final List<WorkerListener> listeners;
    private final AtomicBoolean told = new AtomicBoolean();
    private volatile boolean stopped;

    /**
     * The kernel's: a worker over its scope's {@code store}, whose initialized pools
     * {@code pools} lists and {@code closePools} closes (in reverse, throwing
     * {@link PoolCloseException} if some failed), and whose {@code listeners} hear
     * {@link WorkerListener#onWorkerStop} (they heard the start).
     */
    public Worker(WorkerContext context, WorkerScope.Store store, Supplier<List<PoolStatus>> pools, Runnable closePools,
                  List<WorkerListener> listeners) {
        this.context = requireNonNull(context, "context is null");
        this.store = requireNonNull(store, "store is null");
        this.pools = requireNonNull(pools, "pools is null");
        this.closePools = requireNonNull(closePools, "closePools is null");
        this.listeners = List.copyOf(requireNonNull(listeners, "listeners is null"));
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
     * Tells every {@link WorkerListener#onWorkerStop} that this worker stops, in reverse order of
     * registration, on the calling thread and inside this worker's scope, its pools still open.
     * Once: later calls do nothing. The server calls it on the worker's own thread as the worker
     * leaves, before anyone closes its pools; {@link #stop()} calls it if nobody did.
     */
    public void notifyStop() {
        if (!told.compareAndSet(false, true)) {
            return;
        }
        try (WorkerScope.Entered entered = store.enter()) {
            for (int i = listeners.size() - 1; i >= 0; i--) {
                WorkerListener listener = listeners.get(i);
                try {
                    listener.onWorkerStop(context);
                } catch (RuntimeException e) {
                    log.warn("{}: worker listener {} failed on stop: {}", context.label(), listener.getClass().getName(),
                            e.toString(), e);
                }
            }
        }
    }

    /**
     * Closes this worker's pools in reverse order of initialization and forgets its instances,
     * after {@link #notifyStop()} if nobody called it yet. Idempotent. May be called from any
     * thread (a supervisor stopping a dead worker).
     *
     * @throws PoolCloseException if some pools failed to close; all others were closed
     */
    public void stop() {
        if (stopped) {
            return;
        }
        notifyStop();
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
