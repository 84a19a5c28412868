package io.fastd.kernel.worker.internal;

import static java.util.Objects.requireNonNull;

import com.google.inject.Key;
import io.fastd.kernel.worker.WorkerScoped;

/**
 * A binding the walk will provision to find a pool, and whether it yields one instance per
 * process or one per worker.
 *
 * @param key the binding's key
 * @param perWorker true for {@link WorkerScoped} bindings, false for singletons
 * @param source where the binding was declared, for messages
 */
public record PoolBinding(Key<?> key, boolean perWorker, Object source) {

    public PoolBinding {
        requireNonNull(key, "key is null");
        requireNonNull(source, "source is null");
    }
}
