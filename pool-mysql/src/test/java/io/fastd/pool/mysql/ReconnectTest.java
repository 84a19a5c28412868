package io.fastd.pool.mysql;

import static io.fastd.pool.mysql.DatabaseCrudTest.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Connection loss handling: server-side KILL of a pool's connection, with an injectable clock. */
class ReconnectTest {

    private static String dbName;
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private DatabasePool pool;

    @BeforeAll
    static void createSchema() {
        dbName = TestDatabase.createDatabase("reconnect");
        TestDatabase.exec("CREATE TABLE `" + dbName + "`.items (id INT AUTO_INCREMENT PRIMARY KEY,"
                + " code VARCHAR(40) NOT NULL UNIQUE, qty INT NOT NULL DEFAULT 0)");
    }

    @BeforeEach
    void openPool() {
        pool = new DatabasePool(Map.of("default",
                TestDatabase.settings("default", dbName).idleCheck(Duration.ofSeconds(1)).build()), now::get);
        pool.initPool();
    }

    @AfterEach
    void closePool() {
        pool.closePool();
    }

    private long counter(String name) {
        return pool.health().counters().get(name);
    }

    @Test
    void readAfterKillIsRetriedOnAFreshConnection() {
        Database db = pool.getConnection("default");
        long id = TestDatabase.connectionId(db);
        TestDatabase.kill(id);

        assertThat(db.count("items", Map.of())).isEqualTo(TestDatabase.scalar("SELECT COUNT(*) FROM `" + dbName + "`.items"));

        assertThat(TestDatabase.connectionId(db)).isNotEqualTo(id);
        assertThat(counter("retries")).isEqualTo(1);
        assertThat(counter("reconnects")).isEqualTo(1);
        assertThat(counter("failures")).isEqualTo(1);
        assertThat(counter("pings")).isZero(); // within the idle window: no ping, the statement took the retry path
        assertThat(counter("connections.default")).isEqualTo(1);
    }

    @Test
    void rawQueryThatWritesIsNotReplayedAfterAKill() {
        Database db = pool.getConnection("default");
        TestDatabase.kill(TestDatabase.connectionId(db));

        assertThatThrownBy(() -> db.query("INSERT INTO items (code) VALUES (?) RETURNING id", "raw-returning"))
                .isInstanceOfSatisfying(ConnectionLostException.class, e -> {
                    assertThat(e.outcomeUnknown()).isTrue();
                    assertThat(e.insideTransaction()).isFalse();
                });

        assertThat(counter("retries")).isZero();
        assertThat(db.count("items", Map.of("code", "raw-returning"))).isZero();
    }

    @Test
    void killInsideTransactionSurfacesAndIsNotReplayed() {
        Database db = pool.getConnection("default");
        db.insert("items", row("code", "tx-kill", "qty", 1));
        AtomicInteger runs = new AtomicInteger();

        assertThatThrownBy(() -> db.action(d -> {
            runs.incrementAndGet();
            d.update("items", Map.of("qty", 2), Map.of("code", "tx-kill"));
            TestDatabase.kill(TestDatabase.connectionId(d));
            d.update("items", Map.of("qty", 3), Map.of("code", "tx-kill"));
            return null;
        })).isInstanceOf(ConnectionLostException.class)
                .hasMessage("connection to 'default' (" + TestDatabase.host() + ":" + TestDatabase.port()
                        + ") lost inside a transaction; the transaction was rolled back by the server and was not"
                        + " replayed")
                .satisfies(e -> assertThat(((ConnectionLostException) e).insideTransaction()).isTrue());

        assertThat(runs).hasValue(1);
        assertThat(counter("retries")).isZero();
        assertThat(TestDatabase.scalar("SELECT qty FROM `" + dbName + "`.items WHERE code = 'tx-kill'"))
                .isEqualTo(1);
        // the next use reconnects, in autocommit mode
        db.update("items", Map.of("qty", 5), Map.of("code", "tx-kill"));
        assertThat(TestDatabase.scalar("SELECT qty FROM `" + dbName + "`.items WHERE code = 'tx-kill'"))
                .isEqualTo(5);
        assertThat(counter("reconnects")).isEqualTo(1);
    }

    @Test
    void statementsAfterALossInTheSameTransactionKeepFailing() {
        Database db = pool.getConnection("default");
        assertThatThrownBy(() -> db.action(d -> {
            TestDatabase.kill(TestDatabase.connectionId(d));
            try {
                d.count("items", Map.of());
            } catch (ConnectionLostException first) {
                assertThat(first.insideTransaction()).isTrue();
            }
            return d.insert("items", row("code", "after-loss"));
        })).isInstanceOf(ConnectionLostException.class);
        assertThat(TestDatabase.scalar("SELECT COUNT(*) FROM `" + dbName + "`.items WHERE code = 'after-loss'"))
                .isZero();
    }

    @Test
    void writeAfterKillIsNotAppliedTwice() {
        Database db = pool.getConnection("default");
        TestDatabase.kill(TestDatabase.connectionId(db));
        boolean failed = false;
        try {
            db.insert("items", row("code", "write-kill"));
        } catch (ConnectionLostException e) {
            failed = true;
            assertThat(e.outcomeUnknown()).isTrue();
            assertThat(e).hasMessageContaining("outcome is unknown").hasMessageContaining("'default'");
        }
        long rows = TestDatabase.scalar("SELECT COUNT(*) FROM `" + dbName + "`.items WHERE code = 'write-kill'");
        assertThat(rows).isLessThanOrEqualTo(1);
        if (!failed) {
            assertThat(rows).isEqualTo(1);
        }
        assertThat(counter("retries")).isZero(); // a sent write is never replayed
        // the connection recovers for the next statement
        assertThat(db.count("items", Map.of("code", "write-kill"))).isLessThanOrEqualTo(1);
    }

    @Test
    void writeOnAConnectionKnownClosedIsRetriedBeforeItIsSent() throws Exception {
        Database db = pool.getConnection("default");
        db.connection().close(); // the driver now knows: prepare fails before anything is sent
        long id = db.insert("items", row("code", "known-closed"));
        assertThat(id).isPositive();
        assertThat(TestDatabase.scalar("SELECT COUNT(*) FROM `" + dbName + "`.items WHERE code = 'known-closed'"))
                .isEqualTo(1);
        assertThat(counter("retries")).isEqualTo(1);
        assertThat(counter("reconnects")).isEqualTo(1);
    }

    @Test
    void constraintViolationIsNotRetriedAndDoesNotReconnect() {
        Database db = pool.getConnection("default");
        db.insert("items", row("code", "dup"));
        long id = TestDatabase.connectionId(db);
        assertThatThrownBy(() -> db.insert("items", row("code", "dup")))
                .isInstanceOf(DatabaseException.class).isNotInstanceOf(ConnectionLostException.class)
                .satisfies(e -> assertThat(((DatabaseException) e).sqlState()).startsWith("23"));
        assertThatThrownBy(() -> db.query("SELEC nonsense")).isInstanceOf(DatabaseException.class)
                .hasMessageContaining("statement on 'default'");
        assertThat(TestDatabase.connectionId(db)).isEqualTo(id);
        assertThat(counter("retries")).isZero();
        assertThat(counter("reconnects")).isZero();
        assertThat(counter("failures")).isZero();
    }

    @Test
    void idleConnectionIsPingedAndReplacedBeforeBeingHandedOut() {
        Database db = pool.getConnection("default");
        long id = TestDatabase.connectionId(db);
        TestDatabase.kill(id);
        now.addAndGet(Duration.ofSeconds(2).toNanos()); // past the 1 s idle window

        Database again = pool.getConnection("default");

        assertThat(counter("pings")).isEqualTo(1);
        assertThat(counter("reconnects")).isEqualTo(1);
        assertThat(pool.openConnections()).containsEntry("default", 1);
        assertThat(TestDatabase.connectionId(again)).isNotEqualTo(id);
        assertThat(counter("retries")).isZero(); // replaced before use, no statement failed
    }

    @Test
    void withinTheIdleWindowThereIsNoPing() {
        pool.getConnection("default");
        now.addAndGet(Duration.ofMillis(900).toNanos());
        pool.getConnection("default");
        now.addAndGet(Duration.ofMillis(900).toNanos()); // 900 ms since the last use: still inside
        pool.getConnection("default");
        assertThat(counter("pings")).isZero();
        now.addAndGet(Duration.ofMillis(1500).toNanos());
        pool.getConnection("default");
        assertThat(counter("pings")).isEqualTo(1);
        assertThat(counter("reconnects")).isZero(); // the ping succeeded
    }
}
