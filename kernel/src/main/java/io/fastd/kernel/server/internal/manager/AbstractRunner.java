package io.fastd.kernel.server.internal.manager;

import static java.util.Objects.requireNonNull;

import com.google.inject.Key;
import io.fastd.kernel.Application;
import io.fastd.kernel.worker.Worker;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both kinds of runner keep: the slot, the worker and its start, the served count and why
 * it died. The counters are written only by the one thread that runs the worker's jobs.
 */
abstract class AbstractRunner implements SlotRunner {

    private static final Logger log = LoggerFactory.getLogger(AbstractRunner.class);

    private final WorkerSlot slot;
    private final Application app;
    private final Set<Key<?>> handlerTypes;
    private final int maxRequest;
    private final CompletableFuture<Worker> ready = new CompletableFuture<>();
    private final CompletableFuture<Exit> exited = new CompletableFuture<>();
    private volatile long served;
    private volatile Worker worker;
    private volatile Instant startedAt;
    private volatile Throwable deathCause;

    AbstractRunner(WorkerSlot slot, Application app, Set<Key<?>> handlerTypes, int maxRequest) {
        this.slot = requireNonNull(slot, "slot is null");
        this.app = requireNonNull(app, "app is null");
        this.handlerTypes = Set.copyOf(requireNonNull(handlerTypes, "handlerTypes is null"));
        this.maxRequest = maxRequest;
    }

    /**
     * On the thread that will run the jobs: starts and enters the worker and completes
     * {@link #ready()}. Null if the start failed ({@link #ready()} then failed with the cause).
     */
    final WorkerStart open() {
        WorkerStart started;
        try {
            started = WorkerStart.open(app, slot, handlerTypes);
        } catch (Throwable e) {
            ready.completeExceptionally(e);
            return null;
        }
        worker = started.worker();
        startedAt = Instant.now();
        ready.complete(started.worker());
        return started;
    }

    /** Counts one job; true once {@code max_request} is reached and the worker must be recycled. */
    /**
     * The per-request sequence, the same for every runner: tick the worker's request clock, run
     * the job ({@link Jobs#run}: a handler's exception answers the request), count it. An
     * {@code Error} from a handler kills the worker (logged, {@link #deathCause()}), counted too.
     *
     * @return null to go on, {@link Exit#RECYCLED} after {@code server.max_request} requests, or
     *     {@link Exit#DIED} after an {@code Error}
     */
    final Exit serve(Job job, WorkerStart started) {
        started.clock().tick();
        try {
            Jobs.run(job, started.handlers(), slot);
        } catch (Error e) {
            died(e);
            countServed();
            return Exit.DIED;
        }
        return countServed() ? Exit.RECYCLED : null;
    }

    private boolean countServed() {
        served++; // only the job-running thread writes it
        slot.countServed();
        return maxRequest > 0 && served >= maxRequest;
    }

    /** Records and logs what killed the worker. */
    final void died(Throwable cause) {
        deathCause = cause;
        log.error("{} died: {}", slot.threadName(), cause.toString(), cause);
    }

    @Override
    public final CompletableFuture<Worker> ready() {
        return ready;
    }

    @Override
    public final CompletableFuture<Exit> exited() {
        return exited;
    }

    @Override
    public final WorkerSlot slot() {
        return slot;
    }

    @Override
    public final Worker worker() {
        return worker;
    }

    @Override
    public final long served() {
        return served;
    }

    @Override
    public final Instant startedAt() {
        return startedAt;
    }

    @Override
    public final Throwable deathCause() {
        return deathCause;
    }
}
