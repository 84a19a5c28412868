package io.fastd.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import io.fastd.kernel.Application;
import io.fastd.kernel.server.Server;
import io.fastd.kernel.server.api.DatagramHandler;
import io.fastd.kernel.server.api.ServerStartException;
import io.fastd.pool.mysql.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connection budget check across instances, against the real MariaDB: two servers of one
 * application started at the same moment against a database server whose {@code max_connections}
 * (set through the admin account, restored afterwards) fits one of them or both, and a start
 * waiting for the budget lock ({@code GET_LOCK}) that another connection holds.
 */
@Timeout(120)
class BudgetAcrossInstancesTest {

    /** Enough that every limit set here is above MariaDB's smallest max_connections (10). */
    private static final int WORKERS = 4;
    /** Workers x keys ({@code default}, {@code logs}): what one instance opens. */
    private static final int PLANNED = WORKERS * 2;

    static final Module ECHO = new AbstractModule() {
        @Override
        protected void configure() {
            bind(DatagramHandler.class).toInstance((data, sender) -> data);
        }
    };

    @TempDir
    Path dir;

    private final List<Server> servers = new ArrayList<>();
    /** Held for the whole test: counted in every instance's "in use", and free to restore the limit. */
    private Connection admin;
    private int originalMax;
    private String db;

    @BeforeEach
    void holdAnAdminConnection() throws SQLException {
        db = TestDatabase.createDatabase("budget_lock");
        admin = TestDatabase.admin();
        originalMax = (int) query("SELECT @@max_connections");
    }

    @AfterEach
    void restore() throws SQLException {
        try {
            servers.forEach(Server::stop);
            try (Statement statement = admin.createStatement()) {
                statement.execute("SET GLOBAL max_connections = " + originalMax);
            }
        } finally {
            admin.close();
        }
    }

    private long query(String sql) throws SQLException {
        try (Statement statement = admin.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(rows.getMetaData().getColumnCount());
        }
    }

    /**
     * Waits until no test's connection to a {@code fastd_} database is left (a closed connection
     * leaves the server's count a moment later), then returns the connections open now, the
     * admin connection included.
     */
    private long quietConnections() throws SQLException {
        Awaitility.await("connections of earlier tests gone").atMost(Duration.ofSeconds(20))
                .until(() -> query("SELECT COUNT(*) FROM information_schema.processlist WHERE db LIKE 'fastd\\_%'") == 0);
        return query("SHOW GLOBAL STATUS LIKE 'Threads_connected'");
    }

    private void maxConnections(long max) throws SQLException {
        try (Statement statement = admin.createStatement()) {
            statement.execute("SET GLOBAL max_connections = " + max);
        }
        assertThat(query("SELECT @@max_connections")).as("max_connections as set").isEqualTo(max);
    }

    private Server server(String name, String... extra) {
        Properties properties = new Properties();
        properties.putAll(TestDatabase.config("default", db));
        properties.putAll(TestDatabase.config("logs", db));
        properties.setProperty("server.host", "udp://127.0.0.1:0");
        properties.setProperty("server.worker_num", Integer.toString(WORKERS));
        properties.setProperty("server.pid_file", dir.resolve(name + ".pid").toString());
        properties.setProperty("database.connection_reserve", "0");
        for (int i = 0; i < extra.length; i += 2) {
            properties.setProperty(extra[i], extra[i + 1]);
        }
        Application app = Application.builder().environment(Map.of()).systemProperties(properties).discoverProviders(false)
                .provider(new LoggingProvider(), new DatabaseProvider(), ECHO).build();
        return new Server(app, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    /** Starts both at the same moment; each future holds the started server or the start failure. */
    private List<CompletableFuture<Server>> startTogether(Server first, Server second) throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(2);
        List<CompletableFuture<Server>> starts = new ArrayList<>();
        for (Server server : List.of(first, second)) {
            CompletableFuture<Server> start = new CompletableFuture<>();
            Thread thread = new Thread(() -> {
                try {
                    barrier.await(20, TimeUnit.SECONDS);
                    start.complete(server.start());
                } catch (Throwable e) {
                    start.completeExceptionally(e);
                }
            }, "test-start-" + starts.size());
            starts.add(start);
            thread.start();
        }
        CompletableFuture.allOf(starts.stream().map(start -> start.handle((server, e) -> null)).toArray(CompletableFuture[]::new))
                .get(60, TimeUnit.SECONDS);
        starts.stream().filter(start -> !start.isCompletedExceptionally()).forEach(start -> servers.add(start.join()));
        return starts;
    }

    private long connectionsToDb() throws SQLException {
        try (var statement = admin.prepareStatement("SELECT COUNT(*) FROM information_schema.processlist WHERE db = ?")) {
            statement.setString(1, db);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    @Test
    void twoInstancesStartingTogetherWhereOnlyOneFitsStartExactlyOneAndRefuseTheOtherWithTheArithmetic() throws Exception {
        // Built first: building reads the test database's account through admin connections.
        Server a = server("a");
        Server b = server("b");
        long inUse = quietConnections();
        // One instance's lock connection and workers fit, with 2 to spare; a second's do not.
        long max = inUse + 1 + PLANNED + 2;
        maxConnections(max);

        List<CompletableFuture<Server>> starts = startTogether(a, b);

        assertThat(servers).as("exactly one instance started").hasSize(1);
        Throwable refusal = starts.stream().filter(CompletableFuture::isCompletedExceptionally).findFirst().orElseThrow()
                .handle((server, e) -> e).join();
        assertThat(refusal).isInstanceOf(ServerStartException.class);
        Pattern expected = Pattern.compile(Pattern.quote("Server fast-d failed to start: startup check "
                + ConnectionBudgetCheck.class.getName() + ": database server " + TestDatabase.host() + ":" + TestDatabase.port()
                + " (keys [default, logs]): " + WORKERS + " workers would open " + PLANNED + " connections, but max_connections is " + max + ", ")
                + "(\\d+)" + Pattern.quote(" are in use (this check's own connection included) and database.connection_reserve"
                + " is 0, leaving ") + "(\\d+)" + Pattern.quote(" (" + max + " - ") + "(\\d+)" + Pattern.quote(" - 0). Lower"
                + " server.worker_num or server.task_worker_num, raise max_connections, or set"
                + " server.skip_startup_checks=true to start anyway"));
        Matcher message = expected.matcher(refusal.getMessage());
        assertThat(message.matches()).as(refusal.getMessage()).isTrue();
        long counted = Long.parseLong(message.group(1));
        assertThat(counted).as("the other instance's workers and this check's connection are counted")
                .isGreaterThanOrEqualTo(inUse + PLANNED + 1);
        assertThat(Long.parseLong(message.group(3))).isEqualTo(counted);
        assertThat(Long.parseLong(message.group(2))).isEqualTo(max - counted).isLessThan(PLANNED);
        Awaitility.await("only the started instance's connections left").atMost(Duration.ofSeconds(20))
                .until(this::connectionsToDb, count -> count == PLANNED);
    }

    @Test
    void twoInstancesStartingTogetherWithRoomForBothBothStart() throws Exception {
        Server a = server("a");
        Server b = server("b");
        long inUse = quietConnections();
        maxConnections(inUse + 1 + 2 * PLANNED + 2);

        List<CompletableFuture<Server>> starts = startTogether(a, b);

        assertThat(starts).noneMatch(CompletableFuture::isCompletedExceptionally);
        assertThat(servers).hasSize(2).allMatch(server -> server.state() == Server.State.RUNNING);
        Awaitility.await("both instances' connections, the lock connections closed").atMost(Duration.ofSeconds(20))
                .until(this::connectionsToDb, count -> count == 2 * PLANNED);
    }

    @Test
    void aStartWaitsForTheLockUpToTheStartTimeoutNamingServerLockAndHolderAndGoesOnOnceTheHolderIsGone() throws Exception {
        long holder;
        try (Connection other = TestDatabase.admin(); Statement statement = other.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT GET_LOCK('fastd.connection_budget', 0), CONNECTION_ID()")) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(1);
                holder = rows.getLong(2);
            }
            Server waiting = server("a", "server.start_timeout", "1s");

            assertThatThrownBy(waiting::start).isInstanceOf(ServerStartException.class)
                    .hasMessage("Server fast-d failed to start: startup check " + ConnectionBudgetCheck.class.getName()
                            + ": database server " + TestDatabase.host() + ":" + TestDatabase.port() + ": waited 1 s"
                            + " (server.start_timeout) for the lock 'fastd.connection_budget' (GET_LOCK), held by connection "
                            + holder + ": another instance is counting the connections in use or opening its workers'"
                            + " connections. Start again, or look for the holder in information_schema.processlist if no"
                            + " instance is starting");
            // The refused start's lock connection was closed; the server forgets it a moment later.
            Awaitility.await("no connection of the refused start left").atMost(Duration.ofSeconds(20))
                    .until(this::connectionsToDb, count -> count == 0);
        }
        // The holder's connection closed (an instance that died): the server released the lock.
        Server next = server("b", "server.start_timeout", "10s");
        servers.add(next.start());
        assertThat(next.state()).isEqualTo(Server.State.RUNNING);
        assertThat(query("SELECT IS_USED_LOCK('fastd.connection_budget')")).as("released after the workers connected").isZero();
    }
}
