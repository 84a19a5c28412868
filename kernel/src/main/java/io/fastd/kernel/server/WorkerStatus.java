package io.fastd.kernel.server;

import static java.util.Objects.requireNonNull;

import io.fastd.kernel.server.internal.manager.SlotRunner;
import io.fastd.kernel.server.internal.manager.WorkerSlot;
import io.fastd.kernel.worker.PoolStatus;
import io.fastd.kernel.worker.Worker;
import io.fastd.pool.PoolHealth;
import io.fastd.pool.WorkerKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One worker slot as status shows it.
 *
 * @param id the worker id (= slot id)
 * @param kind request or task worker
 * @param state {@code STARTING}, {@code RUNNING}, {@code BACKOFF} (start failed, retrying),
 *     {@code STOPPING} or {@code STOPPED}
 * @param served requests (tasks) served by the current worker
 * @param servedTotal requests served by every worker of this slot
 * @param generation how many workers filled this slot (1 = never replaced)
 * @param uptime how long the current worker has been running (zero if none)
 * @param queued requests waiting in the slot's queue
 * @param failedStarts consecutive failed starts (backoff)
 * @param lastError the last failure (start or death), redacted, if any
 * @param nextRetryAt when the next start attempt is due, in backoff
 * @param pools the current worker's pools
 */
public record WorkerStatus(int id, WorkerKind kind, String state, long served, long servedTotal, long generation,
                           Duration uptime, int queued, int failedStarts, Optional<String> lastError,
                           Optional<Instant> nextRetryAt, List<Pool> pools) {

    public WorkerStatus {
        requireNonNull(kind, "kind is null");
        requireNonNull(state, "state is null");
        requireNonNull(uptime, "uptime is null");
        requireNonNull(lastError, "lastError is null");
        requireNonNull(nextRetryAt, "nextRetryAt is null");
        pools = List.copyOf(requireNonNull(pools, "pools is null"));
    }

    /** The status of {@code slot} and its current worker now. */
    static WorkerStatus of(WorkerSlot slot) {
        SlotRunner runner = slot.current();
        Worker worker = runner == null ? null : runner.worker();
        List<WorkerStatus.Pool> pools = new ArrayList<>();
        if (worker != null && !worker.isStopped()) {
            for (PoolStatus pool : worker.pools()) {
                pools.add(new WorkerStatus.Pool(pool.description(), pool.health(), pool.initTime(), pool.initializedAt()));
            }
        }
        Instant started = runner == null ? null : runner.startedAt();
        return new WorkerStatus(slot.id(), slot.kind(), slot.state().name(), runner == null ? 0 : runner.served(),
                slot.served(), slot.generations(), started == null ? Duration.ZERO : Duration.between(started, Instant.now()),
                slot.queue().size(), slot.failedStarts(), Optional.ofNullable(slot.lastError()),
                Optional.ofNullable(slot.nextRetryAt()), pools);
    }

    /**
     * One pool of a worker.
     *
     * @param description {@code PoolInterface.describe()}
     * @param health its health now
     * @param initTime how long {@code initPool()} took
     * @param initializedAt when it finished
     */
    public record Pool(String description, PoolHealth health, Duration initTime, Instant initializedAt) {
        public Pool {
            requireNonNull(description, "description is null");
            requireNonNull(health, "health is null");
            requireNonNull(initTime, "initTime is null");
            requireNonNull(initializedAt, "initializedAt is null");
        }
    }
}
