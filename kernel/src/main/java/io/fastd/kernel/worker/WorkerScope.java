package io.fastd.kernel.worker;

import static java.util.Objects.requireNonNull;

import com.google.inject.Key;
import com.google.inject.OutOfScopeException;
import com.google.inject.Provider;
import com.google.inject.Scope;
import java.util.HashMap;
import java.util.Map;

/**
 * The Guice scope behind {@link WorkerScoped}: a map of instances per worker, found through the
 * thread that is currently inside the worker ({@link Store#enter()}).
 *
 * <p>Why a scope and not a child injector per worker: a scope keeps one injector, so bindings,
 * multibindings and just-in-time bindings resolve identically in every worker, and starting a
 * worker costs one map rather than an injector. A child injector would create just-in-time
 * bindings in the parent (shared by all workers) unless every pool is bound again in each child.
 */
public final class WorkerScope implements Scope {

    private final ThreadLocal<Store> current = new ThreadLocal<>();

    /** A fresh, empty store for one worker (the kernel's, when it starts one). */
    public Store newStore(WorkerContext context) {
        Store store = new Store(requireNonNull(context, "context is null"));
        store.instances.put(Key.get(WorkerContext.class), context);
        return store;
    }

    /** The worker the current thread is inside, if any. */
    public java.util.Optional<WorkerContext> currentWorker() {
        Store store = current.get();
        return store == null ? java.util.Optional.empty() : java.util.Optional.of(store.context);
    }

    @Override
    public <T> Provider<T> scope(Key<T> key, Provider<T> unscoped) {
        return () -> {
            Store store = current.get();
            if (store == null) {
                throw new OutOfScopeException("Cannot provide " + key + " outside a worker: @WorkerScoped objects exist"
                        + " only on a worker's thread (inside Worker.run/call, or during worker start)");
            }
            return store.get(key, unscoped);
        };
    }

    @Override
    public String toString() {
        return "WorkerScope";
    }

    /** The instances of one worker; the kernel's (a host app enters a worker through {@link Worker}). */
    public final class Store {
        private final WorkerContext context;
        private final Map<Key<?>, Object> instances = new HashMap<>();

        private Store(WorkerContext context) {
            this.context = context;
        }

        /** Makes this worker current on the calling thread until the returned handle is closed. */
        public Entered enter() {
            Store previous = current.get();
            current.set(this);
            return () -> {
                if (previous == null) {
                    current.remove();
                } else {
                    current.set(previous);
                }
            };
        }

        // Synchronized rather than computeIfAbsent: creating one instance may recursively create
        // another worker-scoped instance, which a ConcurrentHashMap forbids.
        synchronized <T> T get(Key<T> key, Provider<T> unscoped) {
            Object held = instances.get(key);
            if (held instanceof Refusal refusal) {
                throw refusal.error.get();
            }
            @SuppressWarnings("unchecked")
            T instance = (T) held;
            if (instance == null && !instances.containsKey(key)) {
                instance = unscoped.get();
                instances.put(key, instance);
            }
            return instance;
        }

        /**
         * From now on, every injection of {@code pool} in this worker (under any key that already
         * resolved to it) throws the error {@code error} supplies.
         */
        public synchronized void refuse(Object pool, java.util.function.Supplier<RuntimeException> error) {
            Refusal refusal = new Refusal(error);
            instances.replaceAll((key, instance) -> instance == pool ? refusal : instance);
        }

        /** Forgets every instance. */
        public synchronized void clear() {
            instances.clear();
        }
    }

    /** Stands in a worker's store for a pool the worker does not hold. */
    private record Refusal(java.util.function.Supplier<RuntimeException> error) {
    }

    /** A worker made current on a thread; closing it restores what was current before. */
    @FunctionalInterface
    public interface Entered extends AutoCloseable {
        @Override
        void close();
    }
}
