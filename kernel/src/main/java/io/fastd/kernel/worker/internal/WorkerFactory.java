package io.fastd.kernel.worker.internal;

import static java.util.Objects.requireNonNull;

import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import io.fastd.kernel.worker.PoolFacts;
import io.fastd.kernel.worker.PoolInitializationException;
import io.fastd.kernel.worker.PoolNotInWorkerException;
import io.fastd.kernel.worker.Worker;
import io.fastd.kernel.worker.WorkerContext;
import io.fastd.kernel.worker.WorkerListener;
import io.fastd.kernel.worker.WorkerScope;
import io.fastd.kernel.worker.WorkerScoped;
import io.fastd.pool.PoolInterface;
import io.fastd.pool.WorkerKind;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Starts workers: for each, a fresh scope, then the walk. The walk provisions the planned pool
 * bindings that are {@link WorkerScoped} inside the new worker's scope, drops duplicates (one pool
 * reached through several keys is one instance), keeps those whose
 * {@link PoolInterface#workerKinds()} include the worker's kind, and initializes them in plan
 * order. A pool whose kinds leave the worker out is never initialized there, and any later
 * injection of it in that worker fails with a {@link PoolNotInWorkerException}. Singleton pools
 * are not touched here: the application initializes them once.
 */
public final class WorkerFactory {

    private static final Key<Set<WorkerListener>> LISTENERS = Key.get(new TypeLiteral<Set<WorkerListener>>() { });

    private final Injector injector;
    private final WorkerScope scope;
    private final PoolPlan plan;
    private final Clock clock;
    private final UnaryOperator<String> redactor;

    public WorkerFactory(Injector injector, WorkerScope scope, PoolPlan plan, Clock clock, UnaryOperator<String> redactor) {
        this.injector = requireNonNull(injector, "injector is null");
        this.scope = requireNonNull(scope, "scope is null");
        this.plan = requireNonNull(plan, "plan is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.redactor = requireNonNull(redactor, "redactor is null");
    }

    /**
     * Starts a worker on the calling thread: its pools are provisioned and initialized here.
     *
     * @throws PoolInitializationException if any of its pools failed; nothing is left open and the
     *     worker's instances are dropped
     */
    public Worker start(WorkerContext context) {
        requireNonNull(context, "context is null");
        WorkerScope.Store store = scope.newStore(context);
        List<PoolInterface> pools = new ArrayList<>();
        try (WorkerScope.Entered entered = store.enter()) {
            Set<PoolInterface> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            java.util.Map<PoolInterface, Set<WorkerKind>> refused = new IdentityHashMap<>();
            for (PoolBinding binding : plan.bindings()) {
                if (!binding.perWorker()) {
                    continue;
                }
                PoolInterface pool = (PoolInterface) injector.getInstance(binding.key());
                if (!seen.add(pool)) {
                    continue;
                }
                Set<WorkerKind> kinds = PoolFacts.workerKinds(pool);
                if (kinds.contains(context.kind())) {
                    pools.add(pool);
                } else {
                    refused.put(pool, kinds);
                }
            }
            // After the loop: another planned key may still have to resolve to a refused pool.
            refused.forEach((pool, kinds) -> store.refuse(pool, () -> new PoolNotInWorkerException(pool, kinds, context)));
            PoolGroup group = PoolGroup.initialize(context.label(), pools, clock, redactor);
            List<WorkerListener> listeners = List.copyOf(injector.getInstance(LISTENERS));
            Worker worker = new Worker(context, store, group::pools, group::close, listeners);
            try {
                for (WorkerListener listener : listeners) {
                    listener.onWorkerStart(context);
                }
            } catch (RuntimeException | Error e) {
                // A worker whose start failed is never announced as stopped: close its pools directly.
                try {
                    group.close();
                } catch (RuntimeException closeFailure) {
                    e.addSuppressed(closeFailure);
                }
                throw e;
            }
            return worker;
        } catch (RuntimeException | Error e) {
            store.clear();
            throw e;
        }
    }

    /**
     * Provisions and initializes the singleton pools of the plan, once for the process.
     *
     * @throws PoolInitializationException if any failed; nothing is left open
     */
    public PoolGroup startSingletons() {
        Set<PoolInterface> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<PoolInterface> pools = new ArrayList<>();
        for (PoolBinding binding : plan.bindings()) {
            if (!binding.perWorker()) {
                PoolInterface pool = (PoolInterface) injector.getInstance(binding.key());
                if (seen.add(pool)) {
                    pools.add(pool);
                }
            }
        }
        return PoolGroup.initialize("process", pools, clock, redactor);
    }
}
