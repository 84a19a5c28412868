package io.fastd.kernel.server.internal.manager;

import static java.util.Objects.requireNonNull;

import com.google.inject.Injector;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The handlers one worker resolved inside its own scope when it started, so each injects that
 * worker's pools. Used only on the worker's thread.
 */
public final class HandlerSet {

    private final Map<Class<?>, Object> handlers;

    private HandlerSet(Map<Class<?>, Object> handlers) {
        this.handlers = handlers;
    }

    /** Resolves one instance of each type; call on the worker thread, inside the worker. */
    static HandlerSet resolve(Injector injector, Set<Class<?>> types) {
        requireNonNull(injector, "injector is null");
        Map<Class<?>, Object> resolved = new HashMap<>();
        for (Class<?> type : types) {
            resolved.put(type, requireNonNull(injector.getInstance(type), type.getName() + " resolved to null"));
        }
        return new HandlerSet(resolved);
    }

    /** The worker's handler of this type; fails if the server did not plan for it. */
    public <T> T get(Class<T> type) {
        Object handler = handlers.get(type);
        if (handler == null) {
            throw new IllegalStateException("no " + type.getSimpleName() + " resolved in this worker");
        }
        return type.cast(handler);
    }
}
