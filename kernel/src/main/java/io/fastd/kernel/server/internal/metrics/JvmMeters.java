package io.fastd.kernel.server.internal.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Micrometer's JVM binders (memory, GC, threads, class loading, processor), bound while the server
 * runs: {@link #close()} closes the GC binder (it listens to GC notifications) and removes every
 * meter the binders added, so a stopped server leaves none on the application's registry.
 */
final class JvmMeters implements AutoCloseable {

    private final MeterRegistry registry;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final List<Meter> added = new ArrayList<>();

    JvmMeters(MeterRegistry registry) {
        this.registry = registry;
        Map<Meter, Boolean> before = new IdentityHashMap<>();
        registry.getMeters().forEach(meter -> before.put(meter, Boolean.TRUE));
        for (MeterBinder binder : List.of(new JvmMemoryMetrics(), gc, new JvmThreadMetrics(), new ClassLoaderMetrics(),
                new ProcessorMetrics())) {
            binder.bindTo(registry);
        }
        registry.getMeters().stream().filter(meter -> !before.containsKey(meter)).forEach(added::add);
    }

    @Override
    public void close() {
        gc.close();
        added.forEach(registry::remove);
    }
}
