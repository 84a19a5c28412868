package io.fastd.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Inject;
import com.google.inject.name.Named;
import io.fastd.kernel.Application;
import io.fastd.kernel.worker.Worker;
import io.fastd.pool.WorkerKind;
import io.fastd.pool.mysql.Database;
import io.fastd.pool.mysql.DatabaseConfigException;
import io.fastd.pool.mysql.DatabasePool;
import io.fastd.pool.mysql.TestDatabase;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The database provider against a real MariaDB: the seed's promise, N workers hold N connections per key. */
class DatabaseProviderTest {

    /** A handler as a host app writes one: it injects its worker's connections by key. */
    static final class Handler {
        final Database main;
        final Database logs;
        final Database unnamed;

        @Inject
        Handler(@Named("default") Database main, @Named("logs") Database logs, Database unnamed) {
            this.main = main;
            this.logs = logs;
            this.unnamed = unnamed;
        }

        long connectionId() {
            return ((Number) main.query("SELECT CONNECTION_ID() AS id").get(0).get("id")).longValue();
        }
    }

    private static Properties databaseProperties(String defaultDb, String logsDb) {
        Properties properties = new Properties();
        for (String[] key : new String[][] {{"default", defaultDb}, {"logs", logsDb}}) {
            properties.putAll(TestDatabase.config(key[0], key[1]));
        }
        return properties;
    }

    private static long connectionsTo(String db) {
        return TestDatabase.scalar("SELECT COUNT(*) FROM information_schema.processlist WHERE db = ?", db);
    }

    @Test
    void everyWorkerHoldsItsOwnConnectionPerKeyAndClosesThemAtStop() throws Exception {
        String defaultDb = TestDatabase.createDatabase("prov_default");
        String logsDb = TestDatabase.createDatabase("prov_logs");
        Application app = Application.builder().environment(Map.of()).systemProperties(databaseProperties(defaultDb, logsDb))
                .discoverProviders(false).provider(new ConfigProvider(), new LoggingProvider(), new DatabaseProvider())
                .build().start();

        int workers = 4;
        List<Worker> started = new ArrayList<>();
        for (int id = 0; id < workers; id++) {
            started.add(app.startWorker(id, WorkerKind.REQUEST));
        }

        assertThat(connectionsTo(defaultDb)).isEqualTo(workers);
        assertThat(connectionsTo(logsDb)).isEqualTo(workers);
        Set<Long> ids = new HashSet<>();
        for (Worker worker : started) {
            Handler handler = worker.call(() -> app.injector().getInstance(Handler.class));
            assertThat(handler.unnamed).isSameAs(handler.main);
            DatabasePool pool = (DatabasePool) worker.pools().get(0).pool();
            assertThat(pool.getConnection("logs")).isSameAs(handler.logs);
            ids.add(handler.connectionId());
        }
        assertThat(ids).hasSize(workers);
        assertThat(app.injector().getInstance(AppInfo.class)).isEqualTo(new AppInfo("fast-d", "0.0.0"));

        started.forEach(Worker::stop);
        TestDatabase.await(() -> connectionsTo(defaultDb) == 0 && connectionsTo(logsDb) == 0,
                java.time.Duration.ofSeconds(10), "connections closed");
    }

    @Test
    void badDatabaseConfigFailsTheBuildNamingEveryKey() {
        Properties properties = new Properties();
        properties.setProperty("database.default.host", "127.0.0.1");
        properties.setProperty("database.default.port", "99999");
        properties.setProperty("database.default.adapter", "pgsql");

        assertThatThrownBy(() -> Application.builder().environment(Map.of()).systemProperties(properties)
                .discoverProviders(false).provider(new DatabaseProvider()).build())
                .isInstanceOf(DatabaseConfigException.class)
                .hasMessageContaining("database.default.port")
                .hasMessageContaining("system property -Ddatabase.default.port")
                .hasMessageContaining("database.default.adapter")
                .hasMessageContaining("missing required key 'database.default.name'");
    }
}
