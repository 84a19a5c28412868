package io.fastd.kernel.worker;

import io.fastd.pool.PoolInterface;
import io.fastd.pool.WorkerKind;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Thrown (wrapped by Guice in a {@code ProvisionException}) when code running on a worker injects
 * a pool that the worker's kind does not hold: the worker never initialized it, so handing it out
 * would give the caller an unopened pool. Names the pool, the worker and the
 * {@link io.fastd.pool.ForWorkers @ForWorkers} fix.
 */
public final class PoolNotInWorkerException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public PoolNotInWorkerException(PoolInterface pool, Set<WorkerKind> kinds, WorkerContext worker) {
        super(message(pool, kinds, worker));
    }

    private static String message(PoolInterface pool, Set<WorkerKind> kinds, WorkerContext worker) {
        String kind = name(worker.kind());
        Set<WorkerKind> wanted = EnumSet.copyOf(kinds);
        wanted.add(worker.kind());
        String annotation = wanted.stream().map(k -> "WorkerKind." + k.name()).collect(Collectors.joining(", "));
        String simpleName = pool.getClass().getSimpleName();
        String fix = decidesItsOwnKinds(pool)
                ? "make " + simpleName + "'s workerKinds() include " + kind + " workers: it overrides workerKinds(), so the"
                        + " setting it follows decides, not @ForWorkers"
                : "declare @ForWorkers({" + annotation + "}) on " + simpleName;
        return "Pool " + pool.getClass().getName() + " (" + PoolFacts.describe(pool) + ") is not held by " + worker.label()
                + ": it is for " + kinds.stream().map(PoolNotInWorkerException::name).collect(Collectors.joining(" and "))
                + " workers only, so " + kind + " workers never initialize it. To give every " + kind + " worker its own, "
                + fix + "; otherwise do not inject it into code that runs on " + kind + " workers";
    }

    /** Whether the pool's class answers workerKinds() itself (a mock's empty answer does not count). */
    private static boolean decidesItsOwnKinds(PoolInterface pool) {
        Set<WorkerKind> answered = pool.workerKinds();
        if (answered == null || answered.isEmpty()) {
            return false;
        }
        try {
            return pool.getClass().getMethod("workerKinds").getDeclaringClass() != PoolInterface.class;
        } catch (NoSuchMethodException e) {
            throw new AssertionError("PoolInterface declares workerKinds()", e);
        }
    }

    private static String name(WorkerKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
