package io.fastd.providers;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.fastd.kernel.server.api.ServerPlan;
import io.fastd.kernel.server.api.StartupCheck;
import io.fastd.pool.WorkerKind;
import io.fastd.pool.mysql.DatabaseSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Refuses a server start that would open more connections than a database server allows
 * (FastD issues #21 and #123: deployments exhausting {@code max_connections}), also when several
 * instances start at the same moment.
 *
 * <p>For every database server ({@code host:port}), the connections about to open are the workers
 * that hold the database pool (request workers, task workers or both, per {@code database.workers})
 * times the keys on that server. For each server, in {@code host:port} order (so two instances
 * sharing servers never wait on each other crosswise), the check opens one connection, takes the
 * server-wide lock {@link BudgetLock#NAME} on it (waiting up to {@code server.start_timeout}),
 * then reads {@code @@max_connections} and {@code Threads_connected} (its own connection
 * included). The start is refused when in use + planned + {@code database.connection_reserve}
 * exceeds the maximum. The message names the server, the numbers and what to change;
 * {@code server.skip_startup_checks=true} starts anyway.
 *
 * <p>When the start may go on, the locks stay held until {@link #afterStart}: the workers' eager
 * connections are open (or the start failed and they are closed again), so the next instance
 * counts them. Keys with {@code eager: false} connect later and are not seen by that count.
 */
final class ConnectionBudgetCheck implements StartupCheck {

    private final Map<String, DatabaseSettings> settings;
    private final DatabaseWorkers workers;
    private final List<BudgetLock> held = new ArrayList<>();

    @Inject
    ConnectionBudgetCheck(Map<String, DatabaseSettings> settings, DatabaseWorkers workers) {
        this.settings = requireNonNull(settings, "settings is null");
        this.workers = requireNonNull(workers, "workers is null");
    }

    @Override
    public void check(ServerPlan plan) {
        Set<WorkerKind> kinds = workers.kinds();
        int holders = (kinds.contains(WorkerKind.REQUEST) ? plan.requestWorkers() : 0)
                + (kinds.contains(WorkerKind.TASK) ? plan.taskWorkers() : 0);
        if (holders == 0) {
            return;
        }
        Map<String, List<DatabaseSettings>> byServer = new TreeMap<>();
        settings.values().forEach(s -> byServer.computeIfAbsent(s.address(), address -> new ArrayList<>()).add(s));
        List<String> refusals = new ArrayList<>();
        try {
            for (Map.Entry<String, List<DatabaseSettings>> server : byServer.entrySet()) {
                List<DatabaseSettings> keys = server.getValue();
                BudgetLock lock = BudgetLock.acquire(keys.get(0), plan.settings().startTimeout());
                held.add(lock);
                int planned = holders * keys.size();
                BudgetLock.Usage usage = lock.usage();
                int available = usage.max() - usage.inUse() - workers.reserve();
                if (planned > available) {
                    refusals.add("database server " + server.getKey() + " (keys " + keys.stream().map(DatabaseSettings::key)
                            .toList() + "): " + holders + " workers would open " + planned + " connections, but"
                            + " max_connections is " + usage.max() + ", " + usage.inUse() + " are in use (this check's"
                            + " own connection included) and database.connection_reserve is " + workers.reserve()
                            + ", leaving " + Math.max(0, available) + " (" + usage.max() + " - " + usage.inUse() + " - "
                            + workers.reserve() + "). Lower server.worker_num or server.task_worker_num, raise"
                            + " max_connections, or set server.skip_startup_checks=true to start anyway");
                }
            }
        } catch (RuntimeException e) {
            release();
            throw e;
        }
        if (!refusals.isEmpty()) {
            release();
            throw new IllegalStateException(String.join("; ", refusals));
        }
    }

    /** The workers' connections are open, or the start is over: the next instance may count. */
    @Override
    public void afterStart(boolean started) {
        release();
    }

    private void release() {
        for (int i = held.size() - 1; i >= 0; i--) {
            held.get(i).close();
        }
        held.clear();
    }
}
