package io.fastd.examples.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fastd.pool.mysql.DatabaseSettings;
import io.fastd.pool.mysql.embedded.EmbeddedMariaDb;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 3: the database restarts mid-load. A separate embedded MariaDB (not the shared test
 * server) is paused and resumed on the same port and data directory while UDP and HTTP
 * requests flow. Requests during the outage fail fast with an error answer; afterwards every
 * worker reconnects by itself. The admin endpoint's readiness is 503 during the outage, naming the
 * pools that fail, and 200 again once every worker reconnected.
 */
class DatabaseRestartTest {

    static final int WORKERS = 3;
    static final String DATABASE = "fastd_restart";
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    static final Duration READY_BOUND = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void requestsFailFastDuringTheOutageAndEveryWorkerReconnectsAfterIt(@TempDir Path dir) throws Exception {
        Path base = Path.of(System.getProperty("basedir", "."), "target", "embedded-mariadb").toAbsolutePath();
        try (EmbeddedMariaDb db = EmbeddedMariaDb.start(base)) {
            db.createDatabase(DATABASE);
            run(dir, db);
        }
    }

    private void run(Path dir, EmbeddedMariaDb db) throws Exception {
        AtomicLong slowestFailureMillis = new AtomicLong();
        DatabaseSettings account = db.applicationSettings("default", DATABASE);
        try (Rig rig = Rig.start(dir, DATABASE, WORKERS, List.of(), "database.default.host", account.host(),
                "database.default.port", Integer.toString(account.port()), "database.default.user", account.user(),
                "database.default.pass", account.password(), "database.default.connect_timeout", CONNECT_TIMEOUT.toMillis() + "ms",
                "database.default.socket_timeout", "5s")) {
            assertThat(connections(db)).isEqualTo(WORKERS);
            Load load = Load.start("restart", 3, 100_000, Duration.ofSeconds(90), n -> {
                long started = System.nanoTime();
                Load.Outcome outcome = n % 2 == 0 ? rig.ping("restart-" + n) : Load.Outcome.of(rig.get("/items"));
                if (outcome.kind() != Load.Kind.OK) {
                    slowestFailureMillis.accumulateAndGet((System.nanoTime() - started) / 1_000_000, Math::max);
                }
                return outcome;
            });
            Rig.await("traffic before the outage", () -> load.total() >= 100);
            long okBefore = load.count(Load.Kind.OK);
            db.pause();
            long down = load.total();
            Rig.await("failed requests during the outage", () -> load.count(Load.Kind.FAILED) >= 50);
            await().atMost(READY_BOUND).untilAsserted(() -> assertThat(readiness(rig)).satisfies(answer -> {
                assertThat(answer.statusCode()).isEqualTo(503);
                JsonNode problems = JSON.readTree(answer.body()).get("problems");
                assertThat(problems).isNotEmpty().allSatisfy(problem -> {
                    assertThat(problem.get("pool").asText()).startsWith("mysql default=" + account.host() + ":" + account.port());
                    assertThat(problem.get("health").asText()).isEqualTo("DOWN");
                    assertThat(problem.get("reason").asText()).contains("failing: default (")
                            .doesNotContain(account.password());
                });
            }));
            db.resume();
            long failedAtRestart = load.count(Load.Kind.FAILED);
            long okAtRestart = load.count(Load.Kind.OK);
            Rig.await("every worker to reconnect", () -> connections(db) == WORKERS);
            Rig.await("traffic after the restart", () -> load.count(Load.Kind.OK) >= okAtRestart + 100);
            await().atMost(READY_BOUND).until(() -> readiness(rig).statusCode() == 200);
            load.stop();

            assertThat(load.count(Load.Kind.NO_ANSWER)).as("unanswered or hung: %s", load.details()).isZero();
            assertThat(load.details()).allSatisfy(detail -> assertThat(detail)
                    .containsAnyOf("500 {\"error\": \"internal server error\"}", "ERROR internal error"));
            assertThat(IdleDeathTest.traffic(rig, "after-restart-", 3 * WORKERS)).isEmpty();
            assertThat(connections(db)).isEqualTo(WORKERS);
            assertThat(rig.poolCounter("reconnects")).isGreaterThanOrEqualTo(WORKERS);
            Report.add("3 database restart", load.total(), load.count(Load.Kind.FAILED), load.count(Load.Kind.NO_ANSWER),
                    okBefore + " ok before, " + failedAtRestart + " failed fast during the outage (slowest "
                            + slowestFailureMillis.get() + " ms; " + (load.total() - down) + " sent after the stop), "
                            + (load.count(Load.Kind.OK) - okAtRestart) + " ok after; all " + WORKERS + " workers reconnected");
        }
    }

    /** {@code GET /health/ready} on the rig's admin endpoint. */
    private static HttpResponse<String> readiness(Rig rig) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(rig.server.adminUrl().orElseThrow() + "/health/ready"))
                .timeout(READY_BOUND).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long connections(EmbeddedMariaDb db) {
        try (Connection c = db.adminConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM information_schema.processlist WHERE db = ?")) {
            ps.setString(1, DATABASE);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            return -1;
        }
    }
}
