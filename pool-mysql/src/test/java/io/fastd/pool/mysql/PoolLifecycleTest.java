package io.fastd.pool.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fastd.pool.PoolHealth;
import io.fastd.pool.WorkerKind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** initPool/closePool, connect failures, timeouts, per-worker connection counts, health and describe. */
class PoolLifecycleTest {

    private static final String SECRET = "S3cr3t-Pa55!";
    private static String db1;
    private static String db2;

    @BeforeAll
    static void createSchemas() {
        db1 = TestDatabase.createDatabase("life1");
        db2 = TestDatabase.createDatabase("life2");
    }

    @Test
    void nPoolsHoldExactlyNConnectionsPerKeyAndNoneAfterClose() {
        String user = TestDatabase.createUser("Pa55-word", db1, db2);
        Map<String, DatabaseSettings> settings = new LinkedHashMap<>();
        settings.put("default", TestDatabase.settings("default", db1).user(user).password("Pa55-word").build());
        settings.put("logs", TestDatabase.settings("logs", db2).user(user).password("Pa55-word").build());
        int workers = 3;
        List<DatabasePool> pools = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            DatabasePool pool = new DatabasePool(settings);
            pool.initPool();
            pools.add(pool);
        }
        assertThat(connections(user, db1)).isEqualTo(workers);
        assertThat(connections(user, db2)).isEqualTo(workers);
        assertThat(pools).allSatisfy(p -> assertThat(p.openConnections()).containsExactly(
                Map.entry("default", 1), Map.entry("logs", 1)));
        // getConnection reuses the worker's connection
        pools.get(0).getConnection("default").count("information_schema.tables", Map.of());
        assertThat(connections(user, db1)).isEqualTo(workers);

        pools.forEach(DatabasePool::closePool);
        TestDatabase.await(() -> connections(user, null) == 0, Duration.ofSeconds(10), "connections to close");
        assertThat(pools).allSatisfy(p -> assertThat(p.openConnections()).containsOnly(
                Map.entry("default", 0), Map.entry("logs", 0)));
        pools.forEach(DatabasePool::closePool); // closing twice is harmless
    }

    @Test
    void eagerOffOpensNothingUntilFirstUse() {
        String user = TestDatabase.createUser("Lazy-Pa55", db1);
        DatabasePool pool = new DatabasePool(Map.of("default",
                TestDatabase.settings("default", db1).user(user).password("Lazy-Pa55").eager(false).build()));
        pool.initPool();
        assertThat(pool.openConnections()).containsExactly(Map.entry("default", 0));
        assertThat(connections(user, null)).isZero();

        Database handle = pool.database("default");
        assertThat(connections(user, null)).as("a handle alone opens nothing").isZero();
        assertThat(pool.database("default")).isSameAs(handle);

        pool.getConnection("default");
        assertThat(connections(user, db1)).isEqualTo(1);
        assertThat(pool.getConnection("default")).isSameAs(handle);
        pool.closePool();
    }

    @Test
    void aStatementThroughAnUnconnectedHandleConnects() {
        String user = TestDatabase.createUser("Handle-Pa55", db1);
        DatabasePool pool = new DatabasePool(Map.of("default",
                TestDatabase.settings("default", db1).user(user).password("Handle-Pa55").eager(false).build()));
        pool.initPool();

        assertThat(pool.database("default").query("SELECT 1 AS one")).containsExactly(Map.of("one", 1));
        assertThat(connections(user, db1)).isEqualTo(1);
        assertThatThrownBy(() -> pool.database("nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("configured keys: [default]");
        pool.closePool();
    }

    @Test
    void wrongPasswordFailsClearlyWithoutShowingThePassword() {
        String user = TestDatabase.createUser("Right-Pa55", db1);
        DatabaseSettings wrong = TestDatabase.settings("default", db1).user(user).password(SECRET).build();
        DatabasePool pool = new DatabasePool(Map.of("default", wrong));
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        PrintStream original = System.err;
        Throwable thrown;
        System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
        try {
            thrown = org.assertj.core.api.Assertions.catchThrowable(pool::initPool);
        } finally {
            System.setErr(original);
        }
        assertThat(thrown).isInstanceOf(DatabaseException.class)
                .hasMessageContaining("'default' (" + TestDatabase.host() + ":" + TestDatabase.port() + "/" + db1 + ")")
                .hasMessageContaining("Access denied");
        List<String> texts = new ArrayList<>(List.of(thrown.getMessage(), wrong.toString(), pool.toString(),
                pool.describe(), pool.health().toString(), logs.toString(StandardCharsets.UTF_8)));
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            texts.add(String.valueOf(t.getMessage()));
            for (Throwable s : t.getSuppressed()) {
                texts.add(String.valueOf(s.getMessage()));
            }
        }
        assertThat(logs.toString(StandardCharsets.UTF_8)).contains("Cannot connect to 'default'");
        assertThat(texts).noneMatch(t -> t.contains(SECRET));
        assertThat(pool.health().status()).isEqualTo(PoolHealth.Status.DOWN);
        assertThat(pool.openConnections()).containsExactly(Map.entry("default", 0));
    }

    @Test
    void closedPortFailsFast() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        DatabasePool pool = new DatabasePool(Map.of("default", DatabaseSettings.builder("default")
                .host("127.0.0.1").port(port).name("nothing").user("root").connectTimeout(Duration.ofSeconds(1))
                .build()));
        assertThatThrownBy(pool::initPool).isInstanceOf(DatabaseException.class)
                .hasMessageContaining("'default' (127.0.0.1:" + port + "/nothing)");
    }

    @Test
    @org.junit.jupiter.api.Timeout(120)
    void serverThatNeverAnswersTheHandshakeFailsWithinTheConnectTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            DatabasePool pool = new DatabasePool(Map.of("default", DatabaseSettings.builder("default")
                    .host("127.0.0.1").port(silent.getLocalPort()).name("nothing").user("root")
                    .connectTimeout(Duration.ofSeconds(1)).build()));
            // Returning at all proves the connect timeout ends the wait (a hang fails at @Timeout);
            // how long it took is not asserted: the box is shared.
            assertThatThrownBy(pool::initPool).isInstanceOf(DatabaseException.class)
                    .hasMessageContaining("127.0.0.1:" + silent.getLocalPort());
        }
    }

    @Test
    void initPoolTriesEveryKeyThenClosesWhatItOpenedAndNamesEachFailure() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        String user = TestDatabase.createUser("Good-Pa55", db1);
        Map<String, DatabaseSettings> settings = new LinkedHashMap<>();
        settings.put("broken", DatabaseSettings.builder("broken").host("127.0.0.1").port(closed).name("x")
                .user("root").password(SECRET).connectTimeout(Duration.ofSeconds(1)).build());
        settings.put("good", TestDatabase.settings("good", db1).user(user).password("Good-Pa55").build());
        settings.put("denied", TestDatabase.settings("denied", db1).user(user).password(SECRET).build());
        DatabasePool pool = new DatabasePool(settings);

        assertThatThrownBy(pool::initPool).isInstanceOf(DatabaseException.class)
                .hasMessageStartingWith("cannot open 2 of 3 database connection(s): ")
                .hasMessageContaining("'broken' (127.0.0.1:" + closed + "/x)")
                .hasMessageContaining("'denied' (" + TestDatabase.host() + ":" + TestDatabase.port())
                .hasMessageNotContaining("'good'")
                .hasMessageNotContaining(SECRET)
                .satisfies(e -> assertThat(e.getSuppressed()).hasSize(2));
        assertThat(pool.openConnections()).containsOnly(
                Map.entry("broken", 0), Map.entry("good", 0), Map.entry("denied", 0));
        TestDatabase.await(() -> connections(user, null) == 0, Duration.ofSeconds(10), "connections to close");
        assertThat(pool.health().counters()).containsEntry("failures", 2L);
    }

    @Test
    void healthDescribeAndUnknownKeys() {
        Map<String, DatabaseSettings> settings = new LinkedHashMap<>();
        settings.put("default", TestDatabase.settings("default", db1).password(SECRET).build());
        settings.put("logs", DatabaseSettings.builder("logs").host("db2").port(3307).name("logs").user("u")
                .password(SECRET).eager(false).build());
        DatabasePool pool = new DatabasePool(settings, System::nanoTime, EnumSet.of(WorkerKind.TASK));

        assertThat(pool.describe()).isEqualTo("mysql default=" + TestDatabase.host() + ":" + TestDatabase.port()
                + "/" + db1 + ", logs=db2:3307/logs");
        assertThat(pool.workerKinds()).containsExactly(WorkerKind.TASK);
        assertThat(new DatabasePool(settings).workerKinds()).containsExactly(WorkerKind.REQUEST);
        assertThat(pool.health().status()).isEqualTo(PoolHealth.Status.UNKNOWN);
        assertThatThrownBy(() -> pool.getConnection("x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("No database configured under key 'x'; configured keys: [default, logs]");
        pool.closePool(); // never initialized: harmless
    }

    @Test
    void healthCountsConnectionsWithRootCredentials() {
        DatabasePool pool = new DatabasePool(Map.of("default", TestDatabase.settings("default", db1).build()));
        pool.initPool();
        PoolHealth health = pool.health();
        assertThat(health.status()).isEqualTo(PoolHealth.Status.UP);
        assertThat(health.counters()).containsEntry("connections.default", 1L).containsEntry("reconnects", 0L)
                .containsEntry("failures", 0L).containsEntry("retries", 0L);
        pool.closePool();
        assertThat(pool.health().status()).isEqualTo(PoolHealth.Status.UNKNOWN);
        pool.closePool();
    }

    /** Server-side connections of {@code user} (to {@code db}, or to any database if null). */
    private static long connections(String user, String db) {
        return db == null
                ? TestDatabase.scalar("SELECT COUNT(*) FROM information_schema.processlist WHERE user = ?", user)
                : TestDatabase.scalar("SELECT COUNT(*) FROM information_schema.processlist WHERE user = ? AND db = ?",
                        user, db);
    }
}
