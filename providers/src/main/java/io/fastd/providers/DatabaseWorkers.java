package io.fastd.providers;

import static java.util.Objects.requireNonNull;

import io.fastd.kernel.config.Binding;
import io.fastd.kernel.config.Config;
import io.fastd.kernel.config.ConfigException;
import io.fastd.kernel.config.Setting;
import io.fastd.kernel.config.SettingGroup;
import io.fastd.pool.WorkerKind;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which workers hold the database pool and how many connections to keep free on each database
 * server: {@code database.workers} (a list of {@code request}, {@code task}; default
 * {@code request}, so task workers open nothing unless asked) and
 * {@code database.connection_reserve} (default 10). Both are declared once, in {@link #SETTINGS}.
 */
record DatabaseWorkers(Set<WorkerKind> kinds, int reserve) {

    static final Setting<Set<WorkerKind>> WORKERS = Setting.list("database.workers").defaultTo(List.of("request"))
            .map(DatabaseWorkers::kinds).defaultText("`request`")
            .describe("which workers hold database connections: `request`, `task`, or both; a `Database` injected on"
                    + " another kind of worker fails at once");
    static final Setting<Integer> RESERVE = Setting.integer("database.connection_reserve").min(0).max(1_000_000)
            .defaultTo(10).describe("connections to leave free under `max_connections`");
    /** The {@code database.*} keys outside any database key, in the README's order. */
    static final SettingGroup SETTINGS = SettingGroup.of("database", WORKERS, RESERVE);

    DatabaseWorkers {
        kinds = Set.copyOf(requireNonNull(kinds, "kinds is null"));
    }

    /**
     * Reads both keys.
     *
     * @throws ConfigException listing every problem, each with key, value and source
     */
    static DatabaseWorkers from(Config config) {
        Binding binding = SETTINGS.bind(config);
        return new DatabaseWorkers(binding.get(WORKERS), binding.get(RESERVE));
    }

    /** {@code request}, {@code task} in any case; an empty list means request workers only. */
    private static Set<WorkerKind> kinds(List<String> names) {
        Set<WorkerKind> kinds = EnumSet.noneOf(WorkerKind.class);
        for (String kind : names) {
            switch (kind.toLowerCase(Locale.ROOT)) {
                case "request" -> kinds.add(WorkerKind.REQUEST);
                case "task" -> kinds.add(WorkerKind.TASK);
                default -> throw new IllegalArgumentException("'" + kind + "' is not a worker kind (request, task)");
            }
        }
        if (kinds.isEmpty()) {
            kinds.add(WorkerKind.REQUEST);
        }
        return kinds;
    }
}
