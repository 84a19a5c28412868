package io.fastd.pool;

import java.util.Set;

/**
 * A resource a worker holds for its whole life: typically one long-lived connection per
 * configured key. The kernel finds every pool bound in the injector when a worker starts and
 * calls {@link #initPool()} on that worker's instance before the worker takes its first
 * request; it calls {@link #closePool()} when the worker stops, in reverse order of
 * initialization.
 *
 * <p>Contract for implementations:
 * <ul>
 *   <li>The constructor must not open anything; open resources in {@code initPool()}.</li>
 *   <li>{@code initPool()} is called at most once per instance, on the thread of the worker that
 *       owns the instance. If it throws, the kernel calls {@code closePool()} on the same
 *       instance, so release whatever was partially opened there.</li>
 *   <li>{@code closePool()} must be safe to call on a pool that was never (or only partly)
 *       initialized, and should not throw for resources that are already gone.</li>
 *   <li>Nothing a pool returns from {@link #describe()} or {@link #health()} may contain a
 *       password or other secret: the kernel prints both in logs, errors and status.</li>
 * </ul>
 */
public interface PoolInterface {

    /** Opens the pool's resources for the current worker. The seed's one-method contract. */
    void initPool() throws Exception;

    /** Releases everything {@link #initPool()} opened. The default does nothing. */
    default void closePool() throws Exception {
    }

    /**
     * The pool's current health, cheap enough for a status command to call. The default
     * reports {@link PoolHealth.Status#UNKNOWN}.
     */
    default PoolHealth health() {
        return PoolHealth.unknown();
    }

    /**
     * What this pool reaches, for error messages and status, for example
     * {@code "mysql default=db.example.com:3306/app"}. Never include secrets. The default is the
     * simple class name.
     */
    default String describe() {
        return getClass().getSimpleName();
    }

    /**
     * The kinds of worker that hold this pool. The default reads {@link ForWorkers} on the
     * implementation class and falls back to {@link WorkerKind#REQUEST} alone, so task workers
     * open nothing unless a pool asks for them (FastD opened every pool in every task worker).
     */
    default Set<WorkerKind> workerKinds() {
        return WorkerKind.declaredBy(getClass());
    }
}
