package io.fastd.providers;

import static java.util.Objects.requireNonNull;

import io.fastd.kernel.config.Config;
import io.fastd.kernel.config.ConfigException;
import io.fastd.pool.WorkerKind;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which workers hold the database pool and how many connections to keep free on each database
 * server: {@code database.workers} (a list of {@code request}, {@code task}; default
 * {@code request}, so task workers open nothing unless asked) and
 * {@code database.connection_reserve} (default 10).
 */
record DatabaseWorkers(Set<WorkerKind> kinds, int reserve) {

    static final String WORKERS_KEY = "database.workers";
    static final String RESERVE_KEY = "database.connection_reserve";

    DatabaseWorkers {
        kinds = Set.copyOf(requireNonNull(kinds, "kinds is null"));
    }

    static DatabaseWorkers from(Config config) {
        Set<WorkerKind> kinds = EnumSet.noneOf(WorkerKind.class);
        for (String kind : config.getList(WORKERS_KEY)) {
            switch (kind.toLowerCase(Locale.ROOT)) {
                case "request" -> kinds.add(WorkerKind.REQUEST);
                case "task" -> kinds.add(WorkerKind.TASK);
                default -> throw new ConfigException(WORKERS_KEY + ": '" + kind + "' is not a worker kind (request, task)"
                        + " (from " + config.source(WORKERS_KEY).orElse("?") + ")");
            }
        }
        if (kinds.isEmpty()) {
            kinds.add(WorkerKind.REQUEST);
        }
        return new DatabaseWorkers(kinds, config.getInt(RESERVE_KEY, 10, 0, 1_000_000));
    }
}
