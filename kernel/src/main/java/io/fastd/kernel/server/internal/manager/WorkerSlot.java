package io.fastd.kernel.server.internal.manager;

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
public final class WorkerSlot {

    /** What a slot is doing, as status shows it. */
    public enum State { STARTING, RUNNING, BACKOFF, STOPPING, STOPPED }

    private final int id;
    private final WorkerKind kind;
    private final BlockingQueue<Job> queue;
    private final java.util.concurrent.atomic.AtomicLong refused = new java.util.concurrent.atomic.AtomicLong();
    private final AtomicLong served = new AtomicLong();
    private final AtomicLong generations = new AtomicLong();
    private final AtomicLong deaths = new AtomicLong();
    private final AtomicLong recycles = new AtomicLong();
    private final Incidents incidents;
    /** Built once: {@link Jobs#run} names the worker on every request. */
    private final String threadName;

    // Written only through the transitions below (by the manager thread and the starting thread);
    // read by status and the dispatcher from any thread.
    private volatile SlotRunner current;
    private volatile State state = State.STARTING;
    private volatile String lastError;
    private volatile Instant nextRetryAt;
    private volatile int failedStarts;
    private volatile ScheduledFuture<?> retry;

    public WorkerSlot(int id, WorkerKind kind, int queueSize) {
        this(id, kind, queueSize, new Incidents());
    }

    /** A slot whose workers count failed requests in {@code incidents}. */
    public WorkerSlot(int id, WorkerKind kind, int queueSize, Incidents incidents) {
        this.incidents = requireNonNull(incidents, "incidents is null");
        this.id = id;
        this.kind = requireNonNull(kind, "kind is null");
        this.queue = new ArrayBlockingQueue<>(queueSize);
        this.threadName = (kind == WorkerKind.TASK ? "fastd-task-worker-" : "fastd-worker-") + id;
    }

    /** Where this slot's workers count failed requests. */
    Incidents incidents() {
        return incidents;
    }

    public int id() {
        return id;
    }

    public WorkerKind kind() {
        return kind;
    }

    public BlockingQueue<Job> queue() {
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
    public long refused() {
        return refused.get();
    }

    /** Requests served by every worker that filled this slot. */
    public long served() {
        return served.get();
    }

    void countServed() {
        served.incrementAndGet();
    }

    /** How many workers filled this slot so far (1 after the first start). */
    public long generations() {
        return generations.get();
    }

    private long nextGeneration() {
        return generations.incrementAndGet();
    }

    /** Workers of this slot that died so far. */
    public long deaths() {
        return deaths.get();
    }

    /** Workers of this slot recycled after {@code server.max_request} so far. */
    public long recycles() {
        return recycles.get();
    }

    /** Counts a worker that left this slot by dying or being recycled. */
    void exited(SlotRunner.Exit exit) {
        if (exit == SlotRunner.Exit.DIED) {
            deaths.incrementAndGet();
        } else if (exit == SlotRunner.Exit.RECYCLED) {
            recycles.incrementAndGet();
        }
    }

    /** {@code fastd-worker-3} or {@code fastd-task-worker-0}. */
    String threadName() {
        return threadName;
    }

    /** {@code Worker} or {@code Task Worker}, as the banner names it. */
    String bannerName() {
        return kind == WorkerKind.TASK ? "Task Worker" : "Worker";
    }

    /** The runner now in this slot, or null between a failed start and its retry. */
    public SlotRunner current() {
        return current;
    }

    public State state() {
        return state;
    }

    /** The last start failure or death, redacted; null if none. */
    public String lastError() {
        return lastError;
    }

    /** When the next start is tried, while in {@link State#BACKOFF}; null otherwise. */
    public Instant nextRetryAt() {
        return state == State.BACKOFF ? nextRetryAt : null;
    }

    /** Failed starts in a row. */
    public int failedStarts() {
        return failedStarts;
    }

    /** A new runner takes the slot: a new generation, STARTING. */
    void launched(SlotRunner runner) {
        current = requireNonNull(runner, "runner is null");
        state = State.STARTING;
        nextGeneration();
    }

    /** The runner is ready: RUNNING, the failure streak ends. */
    void started() {
        state = State.RUNNING;
        failedStarts = 0;
        nextRetryAt = null;
    }

    /** A start failed: the slot is empty until {@code retryAt}; counts the failure. */
    void failedToStart(String error, Instant retryAt) {
        current = null;
        failedStarts++;
        lastError = error;
        state = State.BACKOFF;
        nextRetryAt = retryAt;
    }

    /** The worker died; its cause is kept for status. */
    void died(String error) {
        lastError = error;
    }

    void moveTo(State next) {
        state = requireNonNull(next, "next is null");
    }

    void retryWith(ScheduledFuture<?> future) {
        retry = future;
    }

    /** Cancels a scheduled retry, if any. */
    void cancelRetry() {
        ScheduledFuture<?> pending = retry;
        if (pending != null) {
            pending.cancel(false);
        }
        retry = null;
    }

    @Override
    public String toString() {
        return threadName() + "[" + state + ", queued " + queue.size() + "]";
    }
}
