package io.fastd.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.fastd.kernel.Application;
import io.fastd.kernel.server.DatagramHandler;
import io.fastd.kernel.worker.Worker;
import io.fastd.kernel.worker.WorkerScoped;
import io.fastd.pool.WorkerKind;
import io.fastd.pool.mysql.Database;
import io.fastd.pool.mysql.DatabasePool;
import io.fastd.pool.mysql.DatabaseSettings;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * How a host app tests itself without a database: the example's real providers (from its bundled
 * config, exactly as in production) with {@link DatabasePool} replaced by a Mockito mock per
 * worker through {@code Application.Builder.override}; workers started through the kernel API.
 */
class ExampleAppWithMockedPoolTest {

    private final List<DatabasePool> pools = new ArrayList<>();

    private DatabasePool mockPool() {
        Database database = mock(Database.class);
        when(database.settings()).thenReturn(DatabaseSettings.builder("default").host("db.invalid").name("app")
                .user("app").prefix("demo_").build());
        when(database.query("SELECT CONNECTION_ID() AS id")).thenReturn(List.of(Map.of("id", 100L + pools.size())));
        DatabasePool pool = mock(DatabasePool.class);
        when(pool.database("default")).thenReturn(database);
        pools.add(pool);
        return pool;
    }

    private Application app() {
        Properties properties = new Properties();
        properties.setProperty("database.default.host", "db.invalid");
        properties.setProperty("database.default.user", "app");
        properties.setProperty("database.default.name", "app");
        return Application.builder().defaultsResource(ExampleMain.DEFAULTS).environment(Map.of())
                .systemProperties(properties).discoverProviders(false)
                .override(binder -> binder.bind(DatabasePool.class).toProvider(this::mockPool).in(WorkerScoped.class))
                .build().start();
    }

    @Test
    void everyWorkerInitializesItsOwnPoolOnceAndTheHandlerUsesIt() throws Exception {
        Application app = app();
        int workers = 3;
        List<Worker> started = new ArrayList<>();
        for (int id = 0; id < workers; id++) {
            started.add(app.startWorker(id, WorkerKind.REQUEST));
        }

        assertThat(pools).hasSize(workers);
        for (DatabasePool pool : pools) {
            verify(pool, times(1)).initPool();
            verify(pool.database("default"), times(1)).exec(org.mockito.ArgumentMatchers.startsWith(
                    "CREATE TABLE IF NOT EXISTS `demo_items`"));
        }
        Worker second = started.get(1);
        DatagramHandler handler = second.call(() -> app.injector().getInstance(DatagramHandler.class));
        String reply = new String(handler.onPacket("hi".getBytes(StandardCharsets.UTF_8),
                new InetSocketAddress("127.0.0.1", 9)), StandardCharsets.UTF_8);
        assertThat(reply).isEqualTo("{\"worker\":1,\"connection_id\":101,\"received\":\"hi\"}\n");

        started.forEach(Worker::stop);
        for (DatabasePool pool : pools) {
            verify(pool, times(1)).closePool();
        }
    }
}
