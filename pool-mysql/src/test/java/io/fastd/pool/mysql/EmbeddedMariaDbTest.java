package io.fastd.pool.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fastd.pool.mysql.embedded.EmbeddedMariaDb;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The embedded launcher's helpers, on the embedded server the test JVM already runs. */
class EmbeddedMariaDbTest {

    @Test
    void createsDatabasesAndHandsOutTheirApplicationAccount() {
        assumeTrue(TestDatabase.embedded().isPresent(), "tests run against an external server");
        EmbeddedMariaDb server = TestDatabase.embedded().orElseThrow();
        server.createDatabase("fastd_embedded_check");
        server.createDatabase("fastd_embedded_check"); // idempotent
        DatabaseSettings settings = server.applicationSettings("main", "fastd_embedded_check");
        assertThat(settings.host()).isEqualTo("127.0.0.1");
        assertThat(settings.port()).isEqualTo(server.port());
        assertThat(settings.user()).isEqualTo("fastd_embedded_check_app");
        assertThat(settings.password()).hasSize(32);
        assertThat(server.applicationSettings("other", "fastd_embedded_check").password())
                .as("one account and password per schema").isEqualTo(settings.password());

        DatabasePool pool = new DatabasePool(Map.of("main", settings));
        pool.initPool();
        Database db = pool.getConnection("main");
        db.exec("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))");
        db.insert("t", Map.of("id", 1, "v", "one"));
        assertThat(db.get("t", Map.of("id", 1))).contains(Map.of("id", 1, "v", "one"));
        pool.closePool();

        assertThatThrownBy(() -> server.createDatabase("bad`name")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid database name");
    }
}
