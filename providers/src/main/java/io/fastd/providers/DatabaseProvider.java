package io.fastd.providers;

import com.google.inject.Inject;
import com.google.inject.Provider;
import com.google.inject.Provides;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.name.Names;
import io.fastd.kernel.config.Config;
import io.fastd.kernel.config.ConfigException;
import io.fastd.kernel.config.SettingGroup;
import io.fastd.kernel.provider.ServiceProvider;
import io.fastd.kernel.server.api.StartupCheck;
import io.fastd.kernel.worker.RequestClock;
import io.fastd.kernel.worker.WorkerScoped;
import io.fastd.pool.PoolInterface;
import io.fastd.pool.mysql.Database;
import io.fastd.pool.mysql.DatabasePool;
import io.fastd.pool.mysql.DatabaseSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The database provider: FastD's {@code DatabaseServiceProvider} with a per-worker pool.
 *
 * <p>Reads every {@code database.<key>.*} entry (see the pool-mysql README for the fields and
 * defaults) when the injector is built, so a bad entry fails the build with every problem listed.
 * Binds:
 * <ul>
 *   <li>{@link DatabaseSettings} per key as a singleton {@code Map<String, DatabaseSettings>};</li>
 *   <li>{@link DatabasePool} in {@link WorkerScoped} (one per worker, its idle checks driven by the
 *       worker's {@link RequestClock}), added to the {@code Set<PoolInterface>} multibinder so the
 *       kernel's walk initializes it at every worker start;</li>
 *   <li>a {@link StartupCheck} that refuses a server start whose workers x keys would exceed a
 *       database server's {@code max_connections}, also when several instances start together
 *       (they take turns on a server-side lock; see {@link ConnectionBudgetCheck});</li>
 *   <li>{@link Database} annotated {@code @Named("<key>")} for every key, and unannotated for the
 *       key {@code default}: the worker's connection for that key, for injection into handlers.</li>
 * </ul>
 */
public final class DatabaseProvider extends ServiceProvider {

    /** The key whose {@link Database} is bound without annotation. */
    public static final String DEFAULT_KEY = "default";

    /**
     * The {@code database.*} keys this provider reads outside any database key
     * ({@code database.workers}, {@code database.connection_reserve}), declared once; the
     * per-key fields are {@link io.fastd.pool.mysql.DatabaseKeys}'.
     */
    public static SettingGroup settings() {
        return DatabaseWorkers.SETTINGS;
    }

    /**
     * Every problem of the {@code database} namespace (bad values, unknown keys with a "did you
     * mean" hint; missing connection keys only when {@code requireConnection}), for a check before
     * anything is started ({@link io.fastd.kernel.cli.Cli#checking}).
     */
    public static List<String> problems(Config config, boolean requireConnection) {
        List<String> problems = new ArrayList<>();
        try {
            DatabaseWorkers.from(config);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        problems.addAll(DatabaseSettings.check(entries(config), key -> config.source(key).orElse("defaults"),
                requireConnection));
        return problems;
    }

    private static Map<String, String> entries(Config config) {
        Map<String, String> entries = new LinkedHashMap<>(config.subset("database"));
        DatabaseWorkers.SETTINGS.settings().forEach(setting -> entries.remove(setting.key()));
        return entries;
    }

    @Override
    protected void configure() {
        Config config = config();
        DatabaseWorkers workers = DatabaseWorkers.from(config);
        Map<String, DatabaseSettings> settings = DatabaseSettings.parse(entries(config),
                key -> config.source(key).orElse("defaults"));
        bind(new TypeLiteral<Map<String, DatabaseSettings>>() { }).toInstance(settings);
        bind(DatabaseWorkers.class).toInstance(workers);
        Multibinder.newSetBinder(binder(), PoolInterface.class).addBinding().to(DatabasePool.class);
        Multibinder.newSetBinder(binder(), StartupCheck.class).addBinding().to(ConnectionBudgetCheck.class);
        for (String key : settings.keySet()) {
            bind(Database.class).annotatedWith(Names.named(key)).toProvider(new KeyedDatabase(key));
        }
        if (settings.containsKey(DEFAULT_KEY)) {
            bind(Database.class).toProvider(new KeyedDatabase(DEFAULT_KEY));
        }
    }

    @Provides
    @WorkerScoped
    DatabasePool databasePool(Map<String, DatabaseSettings> settings, RequestClock clock, DatabaseWorkers workers) {
        return new DatabasePool(settings, clock, workers.kinds());
    }

    /** The current worker's {@link Database} for one key. */
    private static final class KeyedDatabase implements Provider<Database> {
        private final String key;
        @Inject
        private Provider<DatabasePool> pool;

        KeyedDatabase(String key) {
            this.key = key;
        }

        @Override
        public Database get() {
            // A handle only: injecting it into a handler must not connect. In a worker that does not
            // hold the pool per database.workers, pool.get() fails at once (PoolNotInWorkerException).
            return pool.get().database(key);
        }
    }
}
