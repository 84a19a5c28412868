package io.fastd.kernel.worker;

import static java.util.Objects.requireNonNull;

import io.fastd.pool.PoolHealth;
import io.fastd.pool.PoolInterface;
import java.time.Duration;
import java.time.Instant;

/**
 * One initialized pool of a worker (or of the process, for singletons): what it is, how long its
 * {@code initPool()} took and when it finished. {@link #health()} asks the pool live.
 */
public record PoolStatus(PoolInterface pool, Duration initTime, Instant initializedAt) {

    public PoolStatus {
        requireNonNull(pool, "pool is null");
        requireNonNull(initTime, "initTime is null");
        requireNonNull(initializedAt, "initializedAt is null");
    }

    public String poolClass() {
        return pool.getClass().getName();
    }

    /** What the pool reaches; never contains secrets. */
    public String description() {
        return PoolFacts.describe(pool);
    }

    public PoolHealth health() {
        return pool.health();
    }
}
