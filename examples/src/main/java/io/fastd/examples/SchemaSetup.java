package io.fastd.examples;

import static java.util.Objects.requireNonNull;

import com.google.inject.Inject;
import io.fastd.kernel.server.api.ServerPlan;
import io.fastd.kernel.server.api.StartupCheck;
import io.fastd.pool.mysql.DatabasePool;
import io.fastd.pool.mysql.DatabaseSettings;
import io.fastd.providers.DatabaseProvider;
import java.util.Map;

/**
 * Creates the example's table once per server start, before any worker starts.
 *
 * <p>Why here: the server runs its {@link StartupCheck}s exactly once per start, after the
 * application (and so the embedded database, if any) is built and before the first worker opens
 * its connection. A worker listener would run at every worker start (twenty times per start, and
 * again at every reload or restart of a worker); the application factory in {@link ExampleMain}
 * would miss applications built without it (tests, a host embedding the example's providers).
 *
 * <p>How: through one short-lived connection of its own (the {@code default} key's settings),
 * closed again before the workers open theirs, so the example still holds exactly one
 * connection per worker once started. {@code CREATE TABLE IF NOT EXISTS} keeps a second start on
 * the same database harmless. A failure refuses the start with the database's message (the
 * password never in it); {@code server.skip_startup_checks=true} starts anyway, with a WARN.
 */
final class SchemaSetup implements StartupCheck {

    private final Map<String, DatabaseSettings> settings;

    @Inject
    SchemaSetup(Map<String, DatabaseSettings> settings) {
        this.settings = requireNonNull(settings, "settings is null");
    }

    /** The statement that creates the example's table for a key with table prefix {@code prefix}. */
    static String createTable(String prefix) {
        return "CREATE TABLE IF NOT EXISTS `" + prefix + ItemsHandler.TABLE + "` ("
                + " id BIGINT AUTO_INCREMENT PRIMARY KEY,"
                + " name VARCHAR(" + ItemsHandler.MAX_NAME + ") NOT NULL,"
                + " created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP"
                + ") DEFAULT CHARSET = utf8mb4";
    }

    @Override
    public void check(ServerPlan plan) {
        DatabaseSettings key = settings.get(DatabaseProvider.DEFAULT_KEY);
        if (key == null) {
            throw new IllegalStateException("the example needs database." + DatabaseProvider.DEFAULT_KEY
                    + " for its table " + ItemsHandler.TABLE);
        }
        DatabasePool once = new DatabasePool(Map.of(key.key(), key.toBuilder().eager(true).build()));
        try {
            once.initPool();
            once.getConnection(key.key()).exec(createTable(key.prefix()));
        } finally {
            once.closePool();
        }
    }
}
