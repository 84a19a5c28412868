package io.fastd.providers;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.fastd.kernel.server.api.ServerPlan;
import io.fastd.kernel.server.api.StartupCheck;
import io.fastd.pool.WorkerKind;
import io.fastd.pool.mysql.Database;
import io.fastd.pool.mysql.DatabasePool;
import io.fastd.pool.mysql.DatabaseSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Refuses a server start that would open more connections than a database server allows
 * (FastD issues #21 and #123: deployments exhausting {@code max_connections}).
 *
 * <p>For every database server ({@code host:port}), the connections about to open are the workers
 * that hold the database pool (request workers, task workers or both, per {@code database.workers})
 * times the keys on that server. Through one short-lived connection the check reads
 * {@code @@max_connections} and {@code Threads_connected} (less itself); the start is refused when
 * in use + planned + {@code database.connection_reserve} exceeds the maximum. The message names the
 * server, the numbers and what to change; {@code server.skip_startup_checks=true} starts anyway.
 */
final class ConnectionBudgetCheck implements StartupCheck {

    private final Map<String, DatabaseSettings> settings;
    private final DatabaseWorkers workers;

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
        Map<String, List<DatabaseSettings>> byServer = new LinkedHashMap<>();
        settings.values().forEach(s -> byServer.computeIfAbsent(s.address(), address -> new ArrayList<>()).add(s));
        List<String> refusals = new ArrayList<>();
        for (Map.Entry<String, List<DatabaseSettings>> server : byServer.entrySet()) {
            List<DatabaseSettings> keys = server.getValue();
            int planned = holders * keys.size();
            Usage usage = usage(keys.get(0));
            int available = usage.max() - usage.inUse() - workers.reserve();
            if (planned > available) {
                refusals.add("database server " + server.getKey() + " (keys " + keys.stream().map(DatabaseSettings::key).toList()
                        + "): " + holders + " workers would open " + planned + " connections, but max_connections is "
                        + usage.max() + ", " + usage.inUse() + " are in use and database.connection_reserve is "
                        + workers.reserve() + ", leaving " + Math.max(0, available) + ". Lower server.worker_num"
                        + " or server.task_worker_num, raise max_connections, or set server.skip_startup_checks=true"
                        + " to start anyway");
            }
        }
        if (!refusals.isEmpty()) {
            throw new IllegalStateException(String.join("; ", refusals));
        }
    }

    private record Usage(int max, int inUse) {
    }

    /** Reads the server's limit and current use through one connection that is closed again. */
    private static Usage usage(DatabaseSettings key) {
        DatabasePool probe = new DatabasePool(Map.of(key.key(), key.toBuilder().eager(true).build()));
        try {
            probe.initPool();
            Database db = probe.getConnection(key.key());
            int max = ((Number) db.query("SELECT @@max_connections AS max").get(0).get("max")).intValue();
            Object connected = db.query("SHOW GLOBAL STATUS LIKE 'Threads_connected'").get(0).get("Value");
            int inUse = Integer.parseInt(String.valueOf(connected)) - 1; // less the probe itself
            return new Usage(max, Math.max(0, inUse));
        } finally {
            probe.closePool();
        }
    }
}
