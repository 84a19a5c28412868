package io.fastd.kernel.server.internal.manager;

import static java.util.Objects.requireNonNull;

import io.fastd.kernel.server.api.DispatchMode;
import io.fastd.kernel.server.api.ServerMode;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Hands jobs to worker slots: never blocks the calling (network) thread, never queues more than a
 * slot's bound. Once {@link #close() closed}, every further job is rejected ("server is
 * stopping"), so a graceful stop knows exactly which jobs it must still answer.
 *
 * <p>In base mode ({@link ServerMode#BASE}) each request slot's worker lives on an event loop,
 * and a job read on that loop runs right there, inline; it is queued only while the slot has no
 * running worker (being replaced), and the next worker runs the queue first.
 */
public final class Dispatcher {

    public static final String BUSY = "server busy";
    public static final String STOPPING = "server is stopping";

    private final List<WorkerSlot> slots;
    private final DispatchMode mode;
    private final Map<EventLoop, WorkerSlot> loopSlots;
    private final AtomicInteger next = new AtomicInteger();
    private final Incidents incidents;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean open = true;

    /** Process mode: jobs go to the slots' queues, picked per {@code mode}. */
    public Dispatcher(List<WorkerSlot> slots, DispatchMode mode) {
        this(slots, mode, Map.of());
    }

    /**
     * Base mode when {@code loopSlots} is not empty: the slot whose worker lives on each event
     * loop; every listener channel must be registered on one of these loops.
     */
    public Dispatcher(List<WorkerSlot> slots, DispatchMode mode, Map<EventLoop, WorkerSlot> loopSlots) {
        this(slots, mode, loopSlots, new Incidents());
    }

    /** As above, counting what listeners drop in {@code incidents} (rate-limited log, status). */
    public Dispatcher(List<WorkerSlot> slots, DispatchMode mode, Map<EventLoop, WorkerSlot> loopSlots, Incidents incidents) {
        this.incidents = requireNonNull(incidents, "incidents is null");
        this.slots = List.copyOf(requireNonNull(slots, "slots is null"));
        this.mode = requireNonNull(mode, "mode is null");
        this.loopSlots = new IdentityHashMap<>(requireNonNull(loopSlots, "loopSlots is null"));
    }

    /** Where listeners count what they drop. */
    public Incidents incidents() {
        return incidents;
    }

    public boolean isEmpty() {
        return slots.isEmpty();
    }

    /** The next slot in turn, skipping slots whose worker is being replaced when another is running. */
    public WorkerSlot next() {
        int size = slots.size();
        int start = Math.floorMod(next.getAndIncrement(), size);
        for (int i = 0; i < size; i++) {
            WorkerSlot slot = slots.get((start + i) % size);
            if (slot.state() == WorkerSlot.State.RUNNING) {
                return slot;
            }
        }
        return slots.get(start);
    }

    /**
     * The slot every request of a newly opened connection goes to, or null if each request picks
     * its own ({@link #next()}): the loop's worker in base mode, the next in turn for
     * {@link DispatchMode#CONNECTION}.
     */
    public WorkerSlot forConnection(Channel channel) {
        if (!loopSlots.isEmpty()) {
            return loopSlot(channel);
        }
        return mode == DispatchMode.CONNECTION ? next() : null;
    }

    /** The slot for one datagram: the loop's worker in base mode, else by sender or in turn. */
    public WorkerSlot forDatagram(Channel channel, InetSocketAddress sender) {
        if (!loopSlots.isEmpty()) {
            return loopSlot(channel);
        }
        return mode == DispatchMode.CONNECTION ? slots.get(Math.floorMod(sender.hashCode(), slots.size())) : next();
    }

    private WorkerSlot loopSlot(Channel channel) {
        WorkerSlot slot = loopSlots.get(channel.eventLoop());
        if (slot == null) {
            throw new IllegalStateException(channel + " is not on a worker's event loop");
        }
        return slot;
    }

    /**
     * Runs {@code job} inline if {@code slot}'s worker lives on the calling thread's loop and is
     * running (base mode), else queues it; rejects it if the queue is full or dispatch is closed.
     *
     * @return true if {@code job} is done with when this returns (it ran here, or was rejected), so
     *     the caller may use the object again; false if it was queued, and a worker now owns it
     */
    public boolean submit(WorkerSlot slot, Job job) {
        requireNonNull(slot, "slot is null");
        requireNonNull(job, "job is null");
        SlotRunner inline = null;
        lock.readLock().lock();
        try {
            if (!open) {
                job.reject(STOPPING);
                return true;
            }
            SlotRunner runner = slot.current();
            if (runner != null && runner.runsHere() && slot.queue().isEmpty()) {
                inline = runner;
            } else if (!slot.offer(job)) {
                job.reject(BUSY);
                return true;
            }
        } finally {
            lock.readLock().unlock();
        }
        if (inline == null) {
            return false;
        }
        // Outside the lock: close() must not wait for a handler. A drain queued on this loop
        // after close() still runs after this job, so stop loses nothing.
        inline.runHere(job);
        return true;
    }

    /** Rejects everything submitted from now on; returns once no submit is in progress. */
    public void close() {
        lock.writeLock().lock();
        try {
            open = false;
        } finally {
            lock.writeLock().unlock();
        }
    }
}
