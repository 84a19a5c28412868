package io.fastd.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fastd.kernel.config.Config;
import io.fastd.kernel.config.ConfigException;
import io.fastd.pool.WorkerKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseWorkersTest {

    @Test
    void requestWorkersOnlyAndAReserveOfTenByDefault() {
        DatabaseWorkers workers = DatabaseWorkers.from(Config.of(Map.of(), "test"));

        assertThat(workers.kinds()).containsExactly(WorkerKind.REQUEST);
        assertThat(workers.reserve()).isEqualTo(10);
    }

    @Test
    void bothKindsInAnyCase() {
        DatabaseWorkers workers = DatabaseWorkers.from(Config.of(Map.of("database.workers", "Request, TASK"), "file db.yml"));

        assertThat(workers.kinds()).containsExactlyInAnyOrder(WorkerKind.REQUEST, WorkerKind.TASK);
    }

    @Test
    void aBadKindAndABadReserveAreReportedTogetherWithTheirSource() {
        Config config = Config.of(Map.of("database.workers", "request, cron", "database.connection_reserve", "-1"),
                "file /app/config/database.yml");

        assertThatThrownBy(() -> DatabaseWorkers.from(config))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(
                        "database.workers: 'cron' is not a worker kind (request, task) (from file /app/config/database.yml)",
                        "database.connection_reserve: '-1' is not an integer from 0 to 1000000 (from file /app/config/database.yml)"));
    }
}
