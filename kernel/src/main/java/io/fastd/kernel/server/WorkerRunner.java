package io.fastd.kernel.server;

import static java.util.Objects.requireNonNull;

import io.fastd.kernel.Application;
import io.fastd.kernel.worker.RequestClock;
import io.fastd.kernel.worker.Worker;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker's life on its own platform thread ({@code fastd-worker-<id>}): start the worker
 * (its pools initialized on this thread), enter it, resolve its handlers, then take jobs from
 * the slot's queue until told to leave, {@code max_request} is reached, or a handler throws an
 * {@link Error}. Used by every task worker, and by request workers in process mode.
 *
 * <p>The runner never closes its worker's pools: whoever handles its {@link #exited()} does
 * (the manager after a death or a recycle, reload or stop otherwise), so a dead worker's
 * connections are always closed by someone else's thread.
 */
final class WorkerRunner implements SlotRunner, Runnable {

    private static final Logger log = LoggerFactory.getLogger(WorkerRunner.class);
    private static final long POLL_MILLIS = 50;

    private final WorkerSlot slot;
    private final Application app;
    private final Set<Class<?>> handlerTypes;
    private final int maxRequest;
    private final CompletableFuture<Worker> ready = new CompletableFuture<>();
    private final CompletableFuture<Exit> exited = new CompletableFuture<>();
    private final AtomicLong served = new AtomicLong();
    private final Thread thread;
    private volatile boolean retire;
    private volatile boolean drain;
    private volatile Worker worker;
    private volatile Instant startedAt;
    private volatile Throwable deathCause;

    WorkerRunner(WorkerSlot slot, Application app, Set<Class<?>> handlerTypes, int maxRequest) {
        this.slot = requireNonNull(slot, "slot is null");
        this.app = requireNonNull(app, "app is null");
        this.handlerTypes = Set.copyOf(requireNonNull(handlerTypes, "handlerTypes is null"));
        this.maxRequest = maxRequest;
        this.thread = new Thread(this, slot.threadName());
        this.thread.setDaemon(true);
    }

    /** Starts the thread; {@link #ready()} completes once the pools are initialized. */
    @Override
    public WorkerRunner start() {
        thread.start();
        return this;
    }

    /** Completes with the started worker, or exceptionally if its pools (or handlers) failed. */
    @Override
    public CompletableFuture<Worker> ready() {
        return ready;
    }

    /** Completes when the thread leaves its loop (not when it started nothing). */
    @Override
    public CompletableFuture<Exit> exited() {
        return exited;
    }

    @Override
    public WorkerSlot slot() {
        return slot;
    }

    /** The started worker, or null before it started or if it failed to. */
    @Override
    public Worker worker() {
        return worker;
    }

    @Override
    public void interrupt() {
        thread.interrupt();
    }

    @Override
    public long served() {
        return served.get();
    }

    @Override
    public Instant startedAt() {
        return startedAt;
    }

    @Override
    public Throwable deathCause() {
        return deathCause;
    }

    /** Leave after the current job; the queue stays with the slot. */
    @Override
    public void retire() {
        retire = true;
    }

    /** Leave once the slot's queue is empty. */
    @Override
    public void drain() {
        drain = true;
    }

    @Override
    public void run() {
        WorkerStart started;
        try {
            started = WorkerStart.open(app, slot, handlerTypes);
        } catch (Throwable e) {
            ready.completeExceptionally(e);
            return;
        }
        worker = started.worker();
        startedAt = Instant.now();
        ready.complete(started.worker());
        Exit exit = Exit.DIED;
        try (started) {
            exit = loop(started.handlers(), started.clock());
        } catch (Throwable e) {
            deathCause = e;
            log.error("{} died: {}", slot.threadName(), e.toString(), e);
        } finally {
            exited.complete(exit);
        }
    }

    private Exit loop(HandlerSet handlers, RequestClock clock) throws InterruptedException {
        while (true) {
            if (retire) {
                return Exit.RETIRED;
            }
            Job job = slot.queue().poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            if (job == null) {
                if (drain) {
                    return Exit.DRAINED;
                }
                continue;
            }
            clock.tick();
            try {
                Jobs.run(job, handlers, slot.threadName());
            } finally {
                served.incrementAndGet();
                slot.countServed();
            }
            if (maxRequest > 0 && served.get() >= maxRequest) {
                return Exit.RECYCLED;
            }
        }
    }

    /** Closes a worker's pools, logging (not throwing) close failures. */
    static void closeQuietly(Worker worker) {
        if (worker == null) {
            return;
        }
        try {
            worker.stop();
        } catch (RuntimeException e) {
            log.warn("{}", e.getMessage(), e);
        }
    }
}
