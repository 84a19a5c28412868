package io.fastd.kernel.server.internal.manager;

import static java.util.Objects.requireNonNull;

import com.google.inject.Key;
import io.fastd.kernel.Application;
import io.fastd.kernel.server.api.ServerMode;
import io.fastd.pool.WorkerKind;
import io.netty.channel.EventLoop;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where workers run: the server mode ({@code server.mode}) as one strategy object, chosen once at
 * start ({@link #of(ServerMode)}) and asked wherever the mode matters: how many event loops the
 * network makes for workers ({@link #eventLoops(int)}), which request slot owns which loop
 * ({@link #place(List, List)}, for the dispatcher), and which runner a slot gets
 * ({@link #runner}). Process mode: every worker on a thread of its own, no worker loops. Base
 * mode: request worker i on worker event loop i (requests run inline there); task workers on
 * threads of their own.
 */
public abstract sealed class Topology permits Topology.OwnThreads, Topology.EventLoops {

    /** The strategy for {@code mode}; a new one per server start (base mode remembers its loops). */
    public static Topology of(ServerMode mode) {
        return requireNonNull(mode, "mode is null") == ServerMode.BASE ? new EventLoops() : new OwnThreads();
    }

    /** Worker event loops the network must make for {@code requestWorkers} request workers. */
    public abstract int eventLoops(int requestWorkers);

    /**
     * Gives the request slots their loops ({@code loops} are the network's worker loops, as many as
     * {@link #eventLoops(int)} asked for); returns which slot owns which loop (empty: none does).
     */
    public abstract Map<EventLoop, WorkerSlot> place(List<WorkerSlot> requestSlots, List<EventLoop> loops);

    /** A new runner for {@code slot}, not started. */
    abstract SlotRunner runner(WorkerSlot slot, Application app, Set<Key<?>> handlerTypes, int maxRequest);

    /** Process mode: every worker on a thread of its own. */
    static final class OwnThreads extends Topology {
        @Override
        public int eventLoops(int requestWorkers) {
            return 0;
        }

        @Override
        public Map<EventLoop, WorkerSlot> place(List<WorkerSlot> requestSlots, List<EventLoop> loops) {
            if (!loops.isEmpty()) {
                throw new IllegalArgumentException("process mode has no worker loops, got " + loops.size());
            }
            return Map.of();
        }

        @Override
        SlotRunner runner(WorkerSlot slot, Application app, Set<Key<?>> handlerTypes, int maxRequest) {
            return new WorkerRunner(slot, app, handlerTypes, maxRequest);
        }
    }

    /** Base mode: request worker i on worker event loop i; task workers on threads of their own. */
    static final class EventLoops extends Topology {
        private final Map<WorkerSlot, EventLoop> loopOf = new IdentityHashMap<>();

        @Override
        public int eventLoops(int requestWorkers) {
            return requestWorkers;
        }

        @Override
        public synchronized Map<EventLoop, WorkerSlot> place(List<WorkerSlot> requestSlots, List<EventLoop> loops) {
            if (loops.size() != requestSlots.size()) {
                throw new IllegalArgumentException("base mode needs one loop per request worker: "
                        + requestSlots.size() + " workers, " + loops.size() + " loops");
            }
            Map<EventLoop, WorkerSlot> slotOf = new IdentityHashMap<>();
            for (int i = 0; i < loops.size(); i++) {
                loopOf.put(requestSlots.get(i), loops.get(i));
                slotOf.put(loops.get(i), requestSlots.get(i));
            }
            return slotOf;
        }

        @Override
        synchronized SlotRunner runner(WorkerSlot slot, Application app, Set<Key<?>> handlerTypes, int maxRequest) {
            if (slot.kind() == WorkerKind.TASK) {
                return new WorkerRunner(slot, app, handlerTypes, maxRequest);
            }
            EventLoop loop = loopOf.get(slot);
            if (loop == null) {
                throw new IllegalStateException(slot.threadName() + " has no event loop (place() first)");
            }
            return new LoopRunner(slot, loop, app, handlerTypes, maxRequest);
        }
    }
}
