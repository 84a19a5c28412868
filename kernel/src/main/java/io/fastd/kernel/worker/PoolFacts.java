package io.fastd.kernel.worker;

import io.fastd.pool.PoolInterface;
import io.fastd.pool.WorkerKind;
import java.util.Set;

/**
 * Reads a pool's self-description defensively. A Mockito mock of a pool answers {@code null} or
 * an empty set for the interface's default methods; the kernel treats those answers as "not
 * declared" so that mocks behave like a pool with the defaults.
 */
public final class PoolFacts {

    private PoolFacts() {
    }

    /** {@link PoolInterface#describe()}, or the simple class name when it answers null or blank. */
    public static String describe(PoolInterface pool) {
        String description = pool.describe();
        return description == null || description.isBlank() ? pool.getClass().getSimpleName() : description;
    }

    /** {@link PoolInterface#workerKinds()}, or the declared default when it answers null or empty. */
    public static Set<WorkerKind> workerKinds(PoolInterface pool) {
        Set<WorkerKind> kinds = pool.workerKinds();
        return kinds == null || kinds.isEmpty() ? WorkerKind.declaredBy(pool.getClass()) : kinds;
    }
}
