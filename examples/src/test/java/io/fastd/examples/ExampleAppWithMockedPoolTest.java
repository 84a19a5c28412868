package io.fastd.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.fastd.kernel.server.api.DatagramHandler;
import io.fastd.pool.mysql.Database;
import io.fastd.pool.mysql.DatabasePool;
import io.fastd.pool.mysql.DatabaseSettings;
import io.fastd.testing.FastdAppExtension;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How a host app tests itself without a database: the example's real providers (from its bundled
 * config, exactly as in production) with {@link DatabasePool} replaced by a Mockito mock per
 * worker, three workers started by the test kit without a network.
 */
class ExampleAppWithMockedPoolTest {

    private final AtomicLong connectionIds = new AtomicLong(100);

    @RegisterExtension
    final FastdAppExtension app = FastdAppExtension.builder()
            .defaultsResource(ExampleMain.DEFAULTS)
            .config("database.default.host", "db.invalid")
            .config("database.default.user", "app")
            .config("database.default.name", "app")
            .perWorker(DatabasePool.class, this::mockPool)
            .requestWorkers(3)
            .build();

    private DatabasePool mockPool() {
        Database database = mock(Database.class);
        when(database.settings()).thenReturn(DatabaseSettings.builder("default").host("db.invalid").name("app")
                .user("app").prefix("demo_").build());
        when(database.query("SELECT CONNECTION_ID() AS id")).thenReturn(List.of(Map.of("id", connectionIds.getAndIncrement())));
        DatabasePool pool = mock(DatabasePool.class);
        when(pool.database("default")).thenReturn(database);
        return pool;
    }

    @Test
    void everyWorkerInitializesItsOwnPoolOnceAndTheHandlerUsesIt() throws Exception {
        List<DatabasePool> pools = app.perWorker(DatabasePool.class);

        assertThat(pools).hasSize(3);
        for (DatabasePool pool : pools) {
            verify(pool, times(1)).initPool();
            // The table is created once per server start (SchemaSetup), never by a worker.
            verify(pool.database("default"), org.mockito.Mockito.never()).exec(org.mockito.ArgumentMatchers.startsWith(
                    "CREATE TABLE"));
        }
        DatagramHandler handler = app.inWorker(1, DatagramHandler.class);
        String reply = new String(handler.onPacket("hi".getBytes(StandardCharsets.UTF_8),
                new InetSocketAddress("127.0.0.1", 9)), StandardCharsets.UTF_8);
        assertThat(reply).isEqualTo("{\"worker\":1,\"connection_id\":101,\"received\":\"hi\"}\n");

        app.stop();
        for (DatabasePool pool : pools) {
            verify(pool, times(1)).closePool();
        }
    }
}
