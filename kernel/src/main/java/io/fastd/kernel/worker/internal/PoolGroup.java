package io.fastd.kernel.worker.internal;

import static java.util.Objects.requireNonNull;

import io.fastd.kernel.worker.PoolCloseException;
import io.fastd.kernel.worker.PoolFacts;
import io.fastd.kernel.worker.PoolFailure;
import io.fastd.kernel.worker.PoolInitializationException;
import io.fastd.kernel.worker.PoolStatus;
import io.fastd.pool.PoolInterface;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The initialized pools of one owner (a worker, or the process for singletons), and the rules
 * for starting and stopping them:
 * <ul>
 *   <li>{@link #initialize} calls {@code initPool()} on each pool in order. When one fails the
 *       others are still attempted; then every pool that did initialize is closed in reverse
 *       order, each failed pool gets {@code closePool()} too, and one
 *       {@link PoolInitializationException} lists every failure.</li>
 *   <li>{@link #close} calls {@code closePool()} in reverse order; a failing close is logged and
 *       does not stop the rest; afterwards one {@link PoolCloseException} lists the failures.</li>
 * </ul>
 */
public final class PoolGroup {

    private static final Logger log = LoggerFactory.getLogger(PoolGroup.class);

    private final String owner;
    private final List<PoolStatus> pools;
    private final UnaryOperator<String> redactor;
    private boolean closed;

    private PoolGroup(String owner, List<PoolStatus> pools, UnaryOperator<String> redactor) {
        this.owner = owner;
        this.pools = List.copyOf(pools);
        this.redactor = redactor;
    }

    /**
     * Initializes {@code pools} in order on the calling thread.
     *
     * @param owner who owns the pools, for messages ({@code worker 3})
     * @param redactor scrubs secrets from messages built from pool exceptions
     * @throws PoolInitializationException if any pool failed; nothing is left open
     */
    public static PoolGroup initialize(String owner, List<? extends PoolInterface> pools, Clock clock,
            UnaryOperator<String> redactor) {
        requireNonNull(owner, "owner is null");
        requireNonNull(pools, "pools is null");
        requireNonNull(clock, "clock is null");
        requireNonNull(redactor, "redactor is null");
        List<PoolStatus> initialized = new ArrayList<>();
        List<PoolFailure> failures = new ArrayList<>();
        List<PoolInterface> failed = new ArrayList<>();
        for (PoolInterface pool : pools) {
            long started = System.nanoTime();
            try {
                pool.initPool();
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                initialized.add(new PoolStatus(pool, took, clock.instant()));
                log.debug("{}: initialized {} ({}) in {} ms", owner, pool.getClass().getName(), PoolFacts.describe(pool), took.toMillis());
            } catch (Exception | LinkageError | AssertionError e) {
                failures.add(new PoolFailure(pool.getClass().getName(), PoolFacts.describe(pool), e));
                failed.add(pool);
            }
        }
        if (failures.isEmpty()) {
            return new PoolGroup(owner, initialized, redactor);
        }
        PoolGroup partial = new PoolGroup(owner, initialized, redactor);
        List<PoolFailure> closeFailures = partial.closeAll();
        for (PoolInterface pool : failed) {
            closeQuietly(owner, pool, closeFailures, redactor);
        }
        PoolInitializationException error = new PoolInitializationException(owner, failures, redactor);
        closeFailures.forEach(failure -> error.addSuppressed(failure.cause()));
        throw error;
    }

    /** The initialized pools, in initialization order. */
    public List<PoolStatus> pools() {
        return pools;
    }

    /**
     * Closes every pool in reverse order; idempotent.
     *
     * @throws PoolCloseException if any pool failed to close (all others were still closed)
     */
    public synchronized void close() {
        if (closed) {
            return;
        }
        List<PoolFailure> failures = closeAll();
        if (!failures.isEmpty()) {
            throw new PoolCloseException(owner, failures, redactor);
        }
    }

    private synchronized List<PoolFailure> closeAll() {
        closed = true;
        List<PoolFailure> failures = new ArrayList<>();
        for (int i = pools.size() - 1; i >= 0; i--) {
            closeQuietly(owner, pools.get(i).pool(), failures, redactor);
        }
        return failures;
    }

    private static void closeQuietly(String owner, PoolInterface pool, List<PoolFailure> failures,
            UnaryOperator<String> redactor) {
        try {
            pool.closePool();
        } catch (Exception | LinkageError | AssertionError e) {
            PoolFailure failure = new PoolFailure(pool.getClass().getName(), PoolFacts.describe(pool), e);
            log.warn("{}: failed to close {}", owner, redactor.apply(failure.summary()));
            failures.add(failure);
        }
    }
}
