package io.fastd.examples.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.fastd.pool.mysql.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 1, idle death: the server closes connections idle for longer than its
 * {@code wait_timeout}. Set per session (never server-wide) through the driver option
 * {@code sessionVariables=wait_timeout=2}, for a dedicated user. Traffic, a quiet period longer
 * than the timeout (the server really drops every worker connection), traffic again.
 */
class IdleDeathTest {

    static final int WORKERS = 2;
    static final int REQUESTS = 30;
    static final String PASSWORD = "Idle-Pass-7q";

    private static Rig start(Path dir, String idleCheck) {
        String database = TestDatabase.createDatabase("idle");
        String user = TestDatabase.createUser(PASSWORD, database);
        // Process mode: its round robin sends one ping to each worker over one connection.
        return Rig.start(dir, database, WORKERS, List.of(), "server.mode", "process",
                "database.default.user", user, "database.default.pass", PASSWORD,
                "database.default.options.sessionVariables", "wait_timeout=2",
                "database.default.idle_check", idleCheck);
    }

    /** Sequential mixed traffic (round robin reaches every worker); the outcomes that were not OK. */
    static List<String> traffic(Rig rig, String tag, int requests) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            Load.Outcome outcome = switch (i % 3) {
                case 0 -> rig.ping(tag + i);
                case 1 -> Load.Outcome.of(rig.get("/items"));
                default -> Load.Outcome.of(rig.post("/items", "{\"name\":\"" + tag + i + "\"}"));
            };
            if (outcome.kind() != Load.Kind.OK) {
                problems.add(i + ": " + outcome);
            }
        }
        return problems;
    }

    private static void awaitIdleDeath(Rig rig) {
        // wait_timeout=2 s: the server itself closes both idle worker connections.
        Rig.await("the server to close the idle worker connections", Duration.ofSeconds(15), () -> rig.connections() == 0);
    }

    @Test
    void idleCheckShorterThanWaitTimeoutReconnectsBeforeUse(@TempDir Path dir) {
        try (Rig rig = start(dir, "1s")) {
            assertThat(traffic(rig, "before-", REQUESTS)).isEmpty();
            List<Long> before = rig.connectionIds();
            assertThat(before).hasSize(WORKERS);

            awaitIdleDeath(rig);

            assertThat(traffic(rig, "after-", REQUESTS)).as("errors reaching a handler").isEmpty();
            assertThat(rig.connectionIds()).hasSize(WORKERS).doesNotContainAnyElementsOf(before);
            assertThat(rig.poolCounter("reconnects")).isEqualTo(WORKERS);
            assertThat(rig.poolCounter("retries")).as("no statement needed a replay").isZero();
            assertThat(TestDatabase.scalar("SELECT COUNT(*) FROM " + rig.table())).isEqualTo(2L * (REQUESTS / 3));
        }
    }

    @Test
    void idleCheckLongerThanWaitTimeoutReplaysTheReadTransparently(@TempDir Path dir) {
        try (Rig rig = start(dir, "30s")) {
            assertThat(traffic(rig, "before-", REQUESTS)).isEmpty();

            awaitIdleDeath(rig);

            // The first use of each dead connection is a read: lost, replayed once on a fresh connection.
            for (int i = 0; i < WORKERS; i++) {
                assertThat(rig.ping("read-after-idle-" + i).kind()).isEqualTo(Load.Kind.OK);
            }
            assertThat(rig.poolCounter("retries")).as("each worker replayed its read once").isEqualTo(WORKERS);
            assertThat(rig.poolCounter("reconnects")).isEqualTo(WORKERS);
            assertThat(traffic(rig, "after-", REQUESTS)).isEmpty();
            assertThat(rig.connections()).isEqualTo(WORKERS);
        }
    }
}
