package io.fastd.examples.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fastd.pool.mysql.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenarios 2 and 4: a server-side {@code KILL} of every worker connection, repeatedly, while
 * requests flow (reads, then writes with unique names).
 */
class KillConnectionsTest {

    static final int WORKERS = 3;
    static final int KILL_ROUNDS = 6;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Kills every worker connection {@code rounds} times, each time after the workers reconnected. */
    private static int killRounds(Rig rig, Load load, int rounds) {
        int killed = 0;
        for (int round = 0; round < rounds; round++) {
            Rig.await("the workers to hold their " + WORKERS + " connections again", () -> rig.connections() == WORKERS);
            long before = load.total();
            // Some traffic on the current connections first, so that kills hit busy connections.
            Rig.await("traffic between kills", () -> load.total() >= before + 20);
            killed += rig.killAll();
        }
        // "Later requests" begin once traffic has brought every worker back to a live connection:
        // a write sent on a connection killed while idle (inside the idle window, where by design
        // there is no ping) fails as outcome-unknown, and is never acknowledged.
        Rig.await("the workers to reconnect after the last kill", () -> rig.connections() == WORKERS);
        return killed;
    }

    @ParameterizedTest(name = "server.mode={0}")
    @ValueSource(strings = {"process", "base"})
    void killingEveryConnectionWhileReadsFlowLosesNothing(String mode, @TempDir Path dir) {
        try (Rig rig = Rig.start(dir, "kill", WORKERS, "server.mode", mode);
             Sampler sampler = Sampler.start(rig::connections, 10)) {
            Load load = Load.start("reads", 4, 2_000, Duration.ofSeconds(60),
                    n -> n % 2 == 0 ? rig.ping("kill-" + n) : Load.Outcome.of(rig.get("/items")));
            int killed = killRounds(rig, load, KILL_ROUNDS);
            load.stop();

            assertThat(killed).isGreaterThanOrEqualTo(KILL_ROUNDS * WORKERS);
            assertThat(load.count(Load.Kind.NO_ANSWER)).as("requests that hung or got no answer: %s", load.details()).isZero();
            // A read lost to a kill is replayed once on a fresh connection; a failure (if any) is a clear error.
            assertThat(load.details()).allSatisfy(detail -> assertThat(detail)
                    .containsAnyOf("500 {\"error\": \"internal server error\"}", "ERROR internal error"));
            assertThat(IdleDeathTest.traffic(rig, "after-kill-", 3 * WORKERS)).as("requests after the kills").isEmpty();
            Rig.await("connection count back to W x K", () -> rig.connections() == WORKERS);
            assertThat(sampler.max()).as("connections never above W x K (%s samples)", sampler.samples()).isLessThanOrEqualTo(WORKERS);
            assertThat(rig.poolCounter("retries")).isPositive();
            Report.add("2 kill during reads (" + mode + " mode)", load.total(), load.count(Load.Kind.FAILED), load.count(Load.Kind.NO_ANSWER),
                    "killed " + killed + " connections in " + KILL_ROUNDS + " rounds; " + rig.poolCounter("retries")
                            + " reads replayed; max connections " + sampler.max() + " of " + WORKERS);
        }
    }

    @ParameterizedTest(name = "server.mode={0}")
    @ValueSource(strings = {"process", "base"})
    void writesUnderKillsAreNeverDuplicatedNorFalselyAcknowledged(String mode, @TempDir Path dir) throws SQLException {
        Map<String, Long> acknowledged = new ConcurrentHashMap<>();
        Set<String> refused = ConcurrentHashMap.newKeySet();
        try (Rig rig = Rig.start(dir, "killw", WORKERS, "server.mode", mode)) {
            Load load = Load.start("writes", 4, 1_500, Duration.ofSeconds(60), n -> {
                String name = "w-" + n;
                Rig.Reply reply = rig.post("/items", "{\"name\":\"" + name + "\"}");
                if (reply.status() == 201) {
                    acknowledged.put(name, parseId(reply.body()));
                } else if (reply.failure() == null) {
                    refused.add(name);
                }
                return reply.status() == 201 ? Load.Outcome.ok() : Load.Outcome.of(reply);
            });
            int killed = killRounds(rig, load, KILL_ROUNDS);
            load.stop();

            assertThat(load.count(Load.Kind.NO_ANSWER)).as("requests that hung: %s", load.details()).isZero();
            Map<String, Long> rows = new HashMap<>();
            Map<String, Integer> copies = new HashMap<>();
            try (Connection c = TestDatabase.admin(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT id, name FROM " + rig.table())) {
                while (rs.next()) {
                    rows.put(rs.getString(2), rs.getLong(1));
                    copies.merge(rs.getString(2), 1, Integer::sum);
                }
            }
            assertThat(copies.values()).as("no insert stored twice (a replayed write)").allMatch(count -> count == 1);
            assertThat(rows).as("every acknowledged insert is stored, with the id it was acknowledged with")
                    .containsAllEntriesOf(acknowledged);
            assertThat(acknowledged.size() + refused.size()).isEqualTo(load.total());
            long unknownApplied = refused.stream().filter(rows::containsKey).count();
            assertThat(rows.size()).isEqualTo(acknowledged.size() + unknownApplied);
            assertThat(load.details()).allSatisfy(detail -> assertThat(detail).contains("500 {\"error\": \"internal server error\"}"));
            Report.add("4 writes under kills (" + mode + " mode)", load.total(), refused.size(), load.count(Load.Kind.NO_ANSWER),
                    acknowledged.size() + " acknowledged, all stored once; " + refused.size()
                            + " answered 500 (outcome unknown), of which " + unknownApplied + " applied; killed " + killed);
        }
    }

    private static long parseId(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node.get("id").asLong();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("bad 201 body " + body, e);
        }
    }
}
