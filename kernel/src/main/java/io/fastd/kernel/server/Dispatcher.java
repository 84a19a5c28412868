package io.fastd.kernel.server;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Hands jobs to worker slots: never blocks the calling (network) thread, never queues more than a
 * slot's bound. Once {@link #close() closed}, every further job is rejected ("server is
 * stopping"), so a graceful stop knows exactly which jobs it must still answer.
 */
final class Dispatcher {

    static final String BUSY = "server busy";
    static final String STOPPING = "server is stopping";

    private final List<WorkerSlot> slots;
    private final AtomicInteger next = new AtomicInteger();
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean open = true;

    Dispatcher(List<WorkerSlot> slots) {
        this.slots = List.copyOf(requireNonNull(slots, "slots is null"));
    }

    boolean isEmpty() {
        return slots.isEmpty();
    }

    /** The next slot in turn, skipping slots whose worker is being replaced when another is running. */
    WorkerSlot next() {
        int size = slots.size();
        int start = Math.floorMod(next.getAndIncrement(), size);
        for (int i = 0; i < size; i++) {
            WorkerSlot slot = slots.get((start + i) % size);
            if (slot.state == WorkerSlot.State.RUNNING) {
                return slot;
            }
        }
        return slots.get(start);
    }

    /** A fixed slot for a key (a sender address): the same key always gets the same slot. */
    WorkerSlot forKey(int hash) {
        return slots.get(Math.floorMod(hash, slots.size()));
    }

    /** Queues {@code job} on {@code slot}, or rejects it if the queue is full or dispatch is closed. */
    void submit(WorkerSlot slot, Job job) {
        requireNonNull(slot, "slot is null");
        requireNonNull(job, "job is null");
        lock.readLock().lock();
        try {
            if (!open) {
                job.reject(STOPPING);
            } else if (!slot.offer(job)) {
                job.reject(BUSY);
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Rejects everything submitted from now on; returns once no submit is in progress. */
    void close() {
        lock.writeLock().lock();
        try {
            open = false;
        } finally {
            lock.writeLock().unlock();
        }
    }
}
