package io.fastd.kernel.server;

import static java.util.Objects.requireNonNull;

import io.fastd.pool.PoolHealth;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * A snapshot of a running server for {@code status}.
 *
 * @param name {@code app.name}
 * @param version {@code app.version}
 * @param pid the server's process id
 * @param state the server's state ({@code RUNNING}, {@code STOPPING}...)
 * @param listeners the bound listener URLs
 * @param workers every worker slot, request workers first
 * @param incidents dropped or failed requests since start per {@code "<event>: <cause>"}
 */
public record ServerStatus(String name, String version, long pid, String state, List<String> listeners,
                           List<WorkerStatus> workers, java.util.Map<String, Long> incidents) {

    /** A status without incidents. */
    public ServerStatus(String name, String version, long pid, String state, List<String> listeners,
                        List<WorkerStatus> workers) {
        this(name, version, pid, state, listeners, workers, java.util.Map.of());
    }

    public ServerStatus {
        requireNonNull(name, "name is null");
        requireNonNull(version, "version is null");
        requireNonNull(state, "state is null");
        listeners = List.copyOf(requireNonNull(listeners, "listeners is null"));
        workers = List.copyOf(requireNonNull(workers, "workers is null"));
        incidents = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(requireNonNull(incidents, "incidents is null")));
    }

    /** A text table: one line per worker, then its pools indented below it. */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append("Server: ").append(name).append(' ').append(version).append(", PID ").append(pid)
                .append(", ").append(state).append('\n');
        listeners.forEach(listener -> out.append("Listening on ").append(listener).append('\n'));
        out.append(String.format(Locale.ROOT, "%-4s %-8s %-9s %9s %9s %4s %6s %10s  %s%n",
                "ID", "KIND", "STATE", "SERVED", "TOTAL", "GEN", "QUEUE", "UPTIME", "LAST ERROR"));
        for (WorkerStatus worker : workers) {
            String error = worker.lastError().orElse("-");
            if (worker.nextRetryAt().isPresent()) {
                error = "retry #" + (worker.failedStarts() + 1) + " at " + worker.nextRetryAt().get() + ": " + error;
            }
            out.append(String.format(Locale.ROOT, "%-4d %-8s %-9s %9d %9d %4d %6d %10s  %s%n", worker.id(),
                    worker.kind().name().toLowerCase(Locale.ROOT), worker.state(), worker.served(),
                    worker.servedTotal(), worker.generation(), worker.queued(), format(worker.uptime()), error));
            for (WorkerStatus.Pool pool : worker.pools()) {
                PoolHealth health = pool.health();
                out.append("       pool ").append(pool.description()).append(": ").append(health.status());
                if (!health.counters().isEmpty()) {
                    out.append(' ').append(health.counters());
                }
                out.append(", init ").append(pool.initTime().toMillis()).append(" ms at ")
                        .append(pool.initializedAt()).append('\n');
            }
        }
        if (!incidents.isEmpty()) {
            out.append("Dropped or failed since start:\n");
            incidents.forEach((cause, count) -> out.append("  ").append(cause).append(": ").append(count).append('\n'));
        }
        return out.toString();
    }

    private static String format(Duration duration) {
        long seconds = duration.getSeconds();
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m" + seconds % 60 + "s";
        }
        return seconds / 3600 + "h" + seconds % 3600 / 60 + "m";
    }
}
