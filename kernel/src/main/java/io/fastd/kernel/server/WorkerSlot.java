package io.fastd.kernel.server;

import static java.util.Objects.requireNonNull;

import io.fastd.pool.WorkerKind;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A worker position (slot id = worker id) that outlives the workers filling it: it owns the
 * bounded request queue, so when a worker is replaced (death, {@code max_request}, reload) the
 * next one takes over the same queue and no queued request is lost. Mutable fields other than
 * the queue and counters are written by the manager (or by start/stop) only.
 */
final class WorkerSlot {

    /** What a slot is doing, as status shows it. */
    enum State { STARTING, RUNNING, BACKOFF, STOPPING, STOPPED }

    private final int id;
    private final WorkerKind kind;
    private final BlockingQueue<Job> queue;
    private final java.util.concurrent.atomic.AtomicLong refused = new java.util.concurrent.atomic.AtomicLong();
    private final AtomicLong served = new AtomicLong();
    private final AtomicLong generations = new AtomicLong();
    private final Incidents incidents;

    volatile SlotRunner current;
    volatile State state = State.STARTING;
    volatile String lastError;
    volatile Instant nextRetryAt;
    volatile int failedStarts;
    volatile ScheduledFuture<?> retry;

    WorkerSlot(int id, WorkerKind kind, int queueSize) {
        this(id, kind, queueSize, new Incidents());
    }

    /** A slot whose workers count failed requests in {@code incidents}. */
    WorkerSlot(int id, WorkerKind kind, int queueSize, Incidents incidents) {
        this.incidents = requireNonNull(incidents, "incidents is null");
        this.id = id;
        this.kind = requireNonNull(kind, "kind is null");
        this.queue = new ArrayBlockingQueue<>(queueSize);
    }

    /** Where this slot's workers count failed requests. */
    Incidents incidents() {
        return incidents;
    }

    int id() {
        return id;
    }

    WorkerKind kind() {
        return kind;
    }

    BlockingQueue<Job> queue() {
        return queue;
    }

    /** Queues a job; false (and counted) if the queue is full. Never blocks. */
    boolean offer(Job job) {
        if (queue.offer(requireNonNull(job, "job is null"))) {
            return true;
        }
        refused.incrementAndGet();
        return false;
    }

    /** Jobs refused so far because the queue was full. */
    long refused() {
        return refused.get();
    }

    /** Requests served by every worker that filled this slot. */
    long served() {
        return served.get();
    }

    void countServed() {
        served.incrementAndGet();
    }

    /** How many workers filled this slot so far (1 after the first start). */
    long generations() {
        return generations.get();
    }

    long nextGeneration() {
        return generations.incrementAndGet();
    }

    /** {@code fastd-worker-3} or {@code fastd-task-worker-0}. */
    String threadName() {
        return (kind == WorkerKind.TASK ? "fastd-task-worker-" : "fastd-worker-") + id;
    }

    /** {@code Worker} or {@code Task Worker}, as the banner names it. */
    String bannerName() {
        return kind == WorkerKind.TASK ? "Task Worker" : "Worker";
    }

    @Override
    public String toString() {
        return threadName() + "[" + state + ", queued " + queue.size() + "]";
    }
}
