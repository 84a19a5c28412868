package io.fastd.kernel.server;

import com.google.inject.Inject;
import io.fastd.kernel.worker.WorkerContext;
import io.fastd.pool.ForWorkers;
import io.fastd.pool.PoolHealth;
import io.fastd.pool.PoolInterface;
import io.fastd.pool.WorkerKind;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** In-memory pools counting open "connections" in a {@link Probe}. */
final class TestPools {

    private TestPools() {
    }

    /** A request-worker pool: one "connection" per worker. */
    static class CountingPool implements PoolInterface {
        private final Probe probe;
        private final WorkerContext worker;
        private boolean opened;

        @Inject
        CountingPool(Probe probe, WorkerContext worker) {
            this.probe = probe;
            this.worker = worker;
        }

        int workerId() {
            return worker.id();
        }

        @Override
        public void initPool() {
            if (probe.failing.get() || probe.failFor.contains(worker.id())) {
                throw new IllegalStateException("database away for worker " + worker.id());
            }
            int open = counter().incrementAndGet();
            if (worker.kind() == WorkerKind.REQUEST) {
                probe.peakOpen.accumulateAndGet(open, Math::max);
            }
            opened = true;
            probe.initThreads.add(Thread.currentThread().getName());
            probe.initsByWorker.computeIfAbsent(worker.id(), id -> new AtomicInteger()).incrementAndGet();
            if (worker.kind() == WorkerKind.TASK) {
                probe.taskInits.incrementAndGet();
            } else {
                probe.inits.incrementAndGet();
            }
        }

        @Override
        public void closePool() {
            if (opened) {
                opened = false;
                counter().decrementAndGet();
            }
        }

        AtomicInteger counter() {
            return probe.open;
        }

        @Override
        public PoolHealth health() {
            return PoolHealth.up("ok", Map.of("connections.default", opened ? 1L : 0L));
        }

        @Override
        public String describe() {
            return "counting default=memory";
        }
    }

    /** A task-worker-only pool with its own counter. */
    @ForWorkers(WorkerKind.TASK)
    static class TaskOnlyPool extends CountingPool {
        private final Probe probe;

        @Inject
        TaskOnlyPool(Probe probe, WorkerContext worker) {
            super(probe, worker);
            this.probe = probe;
        }

        @Override
        AtomicInteger counter() {
            return probe.taskOpen;
        }
    }
}
