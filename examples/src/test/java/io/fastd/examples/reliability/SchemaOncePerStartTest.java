package io.fastd.examples.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.fastd.pool.mysql.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example's table is created once per server start ({@code SchemaSetup}), before the first
 * worker serves, and never by a worker: replacing every worker does not create it again.
 */
class SchemaOncePerStartTest {

    private static final int WORKERS = 4;

    @TempDir
    Path dir;

    @Test
    void theTableIsCreatedAtStartAndNotAgainWhenEveryWorkerIsReplaced() throws Exception {
        String database = TestDatabase.createDatabase("schema");
        try (Rig rig = Rig.start(dir, database, WORKERS, List.of())) {
            assertThat(tableExists(database)).as("the table exists once the server started").isTrue();

            TestDatabase.exec("DROP TABLE `" + database + "`.`demo_items`");
            String reloaded = rig.server.reload().get(Rig.TIMEOUT.toSeconds(), TimeUnit.SECONDS);

            assertThat(reloaded).isEqualTo("reloaded " + WORKERS + " workers");
            assertThat(tableExists(database)).as("no worker start created the table again").isFalse();
        }
        try (Rig again = Rig.start(dir, database, WORKERS, List.of())) {
            assertThat(tableExists(database)).as("the next start creates it again").isTrue();
        }
    }

    private static boolean tableExists(String database) {
        return TestDatabase.scalar("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = ?"
                + " AND table_name = 'demo_items'", database) == 1;
    }
}
