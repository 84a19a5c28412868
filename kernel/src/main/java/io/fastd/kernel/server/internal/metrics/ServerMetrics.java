package io.fastd.kernel.server.internal.metrics;

import static java.util.Objects.requireNonNull;

import io.fastd.kernel.server.internal.manager.Incidents;
import io.fastd.kernel.server.internal.manager.WorkerSlot;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The server's meters on the application's {@link MeterRegistry} (Micrometer names, dot separated,
 * base units; the Prometheus registry renders them {@code fastd_requests_total} and so on): one
 * {@link ListenerMetrics} per listener, the worker and pool meters ({@link WorkerMeters}), the
 * connections refused over {@code server.max_connections} ({@code fastd.connections.refused}), the
 * dropped or failed requests counted in the server's {@link Incidents} ({@code fastd.incidents}, what
 * status lists under "Dropped or failed since start"), and the JVM binders. Everything is registered at start; {@link #close()} (at stop) removes it all.
 */
public final class ServerMetrics implements AutoCloseable {

    private final MeterRegistry registry;
    private final boolean accessLog;
    private final List<Meter> owned = new ArrayList<>();
    private JvmMeters jvm;
    // Function counters hold what they read weakly: these fields keep it while the server runs.
    private WorkerMeters workers;
    private LongSupplier refusedConnections;
    private Incidents incidents;

    /** Meters on {@code registry}; {@code accessLog}: {@code server.access_log}. */
    public ServerMetrics(MeterRegistry registry, boolean accessLog) {
        this.registry = requireNonNull(registry, "registry is null");
        this.accessLog = accessLog;
    }

    /** A listener's meters for {@code workers} request workers, registered once it is bound. */
    public ListenerMetrics listener(int workers) {
        return new ListenerMetrics(registry, workers, accessLog, owned);
    }

    /**
     * Registers the JVM binders, the meters of every slot and of the pools of their (started)
     * workers, {@code fastd.connections.refused} read from {@code refusedConnections} and
     * {@code fastd.incidents} read from {@code incidents}.
     */
    public void bind(List<WorkerSlot> slots, LongSupplier refusedConnections, Incidents incidents) {
        jvm = new JvmMeters(registry);
        workers = new WorkerMeters(registry, this::own);
        slots.forEach(workers::register);
        this.refusedConnections = requireNonNull(refusedConnections, "refusedConnections is null");
        own(FunctionCounter.builder("fastd.connections.refused", refusedConnections, LongSupplier::getAsLong)
                .description("connections closed at once: server.max_connections were open").register(registry));
        this.incidents = requireNonNull(incidents, "incidents is null");
        own(FunctionCounter.builder("fastd.incidents", incidents, ServerMetrics::total)
                .description("requests dropped, refused or failed, as the incidents log counts them").register(registry));
    }

    private static double total(Incidents incidents) {
        return incidents.totals().values().stream().mapToLong(Long::longValue).sum();
    }

    private void own(Meter meter) {
        synchronized (owned) {
            owned.add(meter);
        }
    }

    /** Removes every meter this server registered and closes the JVM binders. */
    @Override
    public void close() {
        if (jvm != null) {
            jvm.close();
            jvm = null;
        }
        synchronized (owned) {
            owned.forEach(registry::remove);
            owned.clear();
        }
    }
}
