package io.fastd.kernel.server.internal.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
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
 *
 * <p>Two processor meters are renamed so that {@code promtool check metrics} finds nothing to
 * lint: {@code system.cpu.count} ({@code system_cpu_count}: a {@code _count} suffix outside a
 * histogram) becomes {@code system.cpus}, and {@code process.cpu.time} in nanoseconds
 * ({@code process_cpu_time_ns_total}: an abbreviated unit) becomes {@code process.cpu} in seconds,
 * Prometheus's own {@code process_cpu_seconds_total}. The renamed meters read the originals.
 */
final class JvmMeters implements AutoCloseable {

    private final MeterRegistry registry;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final List<Meter> added = new ArrayList<>();
    /** The originals the renamed meters read (held strongly: function meters hold them weakly). */
    private final List<Meter> renamed = new ArrayList<>();

    JvmMeters(MeterRegistry registry) {
        this.registry = registry;
        Map<Meter, Boolean> before = new IdentityHashMap<>();
        registry.getMeters().forEach(meter -> before.put(meter, Boolean.TRUE));
        for (MeterBinder binder : List.of(new JvmMemoryMetrics(), gc, new JvmThreadMetrics(), new ClassLoaderMetrics(),
                new ProcessorMetrics())) {
            binder.bindTo(registry);
        }
        registry.getMeters().stream().filter(meter -> !before.containsKey(meter)).forEach(added::add);
        for (Meter meter : List.copyOf(added)) {
            Meter replacement = rename(meter);
            if (replacement != null) {
                registry.remove(meter);
                added.remove(meter);
                renamed.add(meter);
                added.add(replacement);
            }
        }
    }

    /** The renamed meter reading {@code meter}, or null if it keeps its name. */
    private Meter rename(Meter meter) {
        String name = meter.getId().getName();
        if (name.equals("system.cpu.count") && meter instanceof Gauge count) {
            return Gauge.builder("system.cpus", count, Gauge::value).tags(meter.getId().getTags())
                    .description("the number of processors available to the Java virtual machine").register(registry);
        }
        if (name.equals("process.cpu.time") && meter instanceof FunctionCounter time) {
            return FunctionCounter.builder("process.cpu", time, counter -> counter.count() / 1e9)
                    .tags(meter.getId().getTags()).baseUnit("seconds")
                    .description("CPU time used by the Java virtual machine process").register(registry);
        }
        return null;
    }

    @Override
    public void close() {
        gc.close();
        added.forEach(registry::remove);
    }
}
