package io.fastd.kernel.server.internal.manager;

import io.fastd.kernel.worker.Worker;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * One worker's life in a {@link WorkerSlot}, as the manager ({@link Manager}) and status see
 * it: {@link WorkerRunner} on a thread of its own (process mode, task workers) or
 * {@link LoopRunner} on an event loop (base mode). Either way the runner never closes its
 * worker's pools: whoever handles {@link #exited()} does.
 */
public interface SlotRunner {

    /** Why a runner stopped taking jobs. */
    enum Exit {
        /** Told to leave after the current job ({@link #retire()}): reload or forced stop. */
        RETIRED,
        /** Told to leave once the slot's queue is empty ({@link #drain()}): graceful stop. */
        DRAINED,
        /** Served {@code server.max_request} requests. */
        RECYCLED,
        /** A handler threw an {@link Error}, or the loop failed. */
        DIED
    }

    /** Starts the worker; {@link #ready()} completes once its pools are initialized. */
    SlotRunner start();

    /** Completes with the started worker, or exceptionally if its pools (or handlers) failed. */
    CompletableFuture<Worker> ready();

    /** Completes when the runner stops taking jobs (never, if it started nothing). */
    CompletableFuture<Exit> exited();

    WorkerSlot slot();

    /** The started worker, or null before it started or if it failed to. */
    Worker worker();

    long served();

    /** When the worker became ready; null before. */
    Instant startedAt();

    /** What killed it, for {@link Exit#DIED}. */
    Throwable deathCause();

    /** Leave after the current job; the queue stays with the slot. */
    void retire();

    /** Leave once the slot's queue is empty. */
    void drain();

    /** A told-to-leave runner is stuck in a job past its deadline: try to break it out. */
    void interrupt();

    /** Whether the calling thread is this runner's own and it takes a job right here (base mode's event loop). */
    default boolean runsHere() {
        return false;
    }

    /** Runs {@code job} on the calling thread, which {@link #runsHere()} said is this runner's. */
    default void runHere(Job job) {
        throw new UnsupportedOperationException(slot().threadName() + " runs jobs on its own thread only");
    }
}
