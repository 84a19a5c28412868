package io.fastd.kernel.server.internal.manager;

import static java.util.Objects.requireNonNull;

import com.google.inject.Injector;
import com.google.inject.Key;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The handlers one worker resolved inside its own scope when it started, so each injects that
 * worker's pools. Used only on the worker's thread.
 */
public final class HandlerSet {

    private final Map<Key<?>, Object> handlers;

    private HandlerSet(Map<Key<?>, Object> handlers) {
        this.handlers = handlers;
    }

    /** Resolves one instance of each type; call on the worker thread, inside the worker. */
    static HandlerSet resolve(Injector injector, Set<Key<?>> keys) {
        requireNonNull(injector, "injector is null");
        Map<Key<?>, Object> resolved = new HashMap<>();
        for (Key<?> key : keys) {
            resolved.put(key, requireNonNull(injector.getInstance(key), key + " resolved to null"));
        }
        return new HandlerSet(resolved);
    }

    /** The worker's unannotated handler of this type; fails if the server did not plan for it. */
    public <T> T get(Class<T> type) {
        return get(Key.get(type));
    }

    /** The worker's handler bound under {@code key}; fails if the server did not plan for it. */
    @SuppressWarnings("unchecked")
    public <T> T get(Key<T> key) {
        Object handler = handlers.get(key);
        if (handler == null) {
            throw new IllegalStateException("no " + key + " resolved in this worker");
        }
        return (T) handler;
    }
}
