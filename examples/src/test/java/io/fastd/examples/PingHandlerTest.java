package io.fastd.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.fastd.kernel.worker.WorkerContext;
import io.fastd.pool.WorkerKind;
import io.fastd.pool.mysql.Database;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PingHandlerTest {

    @Test
    void repliesWithTheWorkerAndItsConnectionId() throws Exception {
        Database database = mock(Database.class);
        when(database.query("SELECT CONNECTION_ID() AS id")).thenReturn(List.of(Map.of("id", 41L)));
        StatsPool stats = new StatsPool();
        stats.initPool();
        PingHandler handler = new PingHandler(new WorkerContext(3, WorkerKind.REQUEST), database, stats);

        byte[] reply = handler.onPacket("hello\n".getBytes(StandardCharsets.UTF_8), new InetSocketAddress("127.0.0.1", 5000));

        assertThat(new String(reply, StandardCharsets.UTF_8)).isEqualTo("{\"worker\":3,\"connection_id\":41,\"received\":\"hello\"}\n");
        assertThat(stats.health().counters()).containsEntry("datagrams", 1L);
    }
}
