package io.fastd.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.Inject;
import com.google.inject.Module;
import com.google.inject.name.Named;
import io.fastd.kernel.Application;
import io.fastd.kernel.server.Server;
import io.fastd.kernel.server.TaskDispatcher;
import io.fastd.kernel.server.WorkerStatus;
import io.fastd.kernel.server.api.DatagramHandler;
import io.fastd.kernel.server.api.Protocol;
import io.fastd.kernel.server.api.ServerStartException;
import io.fastd.kernel.server.api.TaskHandler;
import io.fastd.pool.mysql.Database;
import io.fastd.pool.mysql.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server runtime against a real MariaDB: the connections the server holds are counted on the
 * database server itself ({@code information_schema.processlist}), through worker starts, crashes,
 * recycling, reloads and stops.
 */
class ServerWithDatabaseTest {

    /** Replies with its worker's connection id; "crash" throws an Error that kills the worker. */
    static final class ConnectionIdHandler implements DatagramHandler {
        private final Database database;

        @Inject
        ConnectionIdHandler(@Named("default") Database database) {
            this.database = database;
        }

        @Override
        public byte[] onPacket(byte[] data, InetSocketAddress sender) {
            if (new String(data, StandardCharsets.UTF_8).equals("crash")) {
                throw new AssertionError("handler crashed on purpose");
            }
            Object id = database.query("SELECT CONNECTION_ID() AS id").get(0).get("id");
            return String.valueOf(id).getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Runs on a task worker: answers with that task worker's own connection id. */
    static final class ConnectionIdTask implements TaskHandler {
        private final Database database;

        @Inject
        ConnectionIdTask(@Named("default") Database database) {
            this.database = database;
        }

        @Override
        public Object onTask(Object payload) {
            return database.query("SELECT CONNECTION_ID() AS id").get(0).get("id");
        }
    }

    static final Module HANDLER = new AbstractModule() {
        @Override
        protected void configure() {
            bind(DatagramHandler.class).to(ConnectionIdHandler.class);
        }
    };

    /** Answers without touching the database: for request workers that hold no connection. */
    static final Module ECHO_HANDLER = new AbstractModule() {
        @Override
        protected void configure() {
            bind(DatagramHandler.class).toInstance((data, sender) -> data);
        }
    };

    /** A task handler that needs no database. */
    static final Module ECHO_TASK = new AbstractModule() {
        @Override
        protected void configure() {
            bind(TaskHandler.class).toInstance(payload -> payload);
        }
    };

    static final Module TASK_HANDLER = new AbstractModule() {
        @Override
        protected void configure() {
            bind(TaskHandler.class).to(ConnectionIdTask.class);
        }
    };

    @TempDir
    Path dir;

    private Server server;
    private Application app;
    private final ByteArrayOutputStream banner = new ByteArrayOutputStream();

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    private Properties properties(String db, int workers, String... extra) {
        Properties properties = new Properties();
        for (String key : new String[] {"default", "logs"}) {
            properties.putAll(TestDatabase.config(key, db));
        }
        properties.setProperty("server.host", "udp://127.0.0.1:0");
        properties.setProperty("server.worker_num", Integer.toString(workers));
        properties.setProperty("server.pid_file", dir.resolve("server.pid").toString());
        properties.setProperty("server.restart_backoff", "50ms");
        for (int i = 0; i < extra.length; i += 2) {
            properties.setProperty(extra[i], extra[i + 1]);
        }
        return properties;
    }

    private Server start(Properties properties, Module... more) {
        return startWith(properties, HANDLER, more);
    }

    private Server startWith(Properties properties, Module handler, Module... more) {
        Application app = Application.builder().environment(Map.of()).systemProperties(properties).discoverProviders(false)
                .provider(new LoggingProvider(), new DatabaseProvider(), handler).provider(more).build();
        this.app = app;
        server = new Server(app, new PrintStream(banner, true, StandardCharsets.UTF_8));
        return server.start();
    }

    /**
     * Waits, bounded, until the database server counts {@code expected} connections to {@code db}:
     * MariaDB drops a closed connection from its processlist a moment after the client closed it.
     */
    private static void awaitConnections(String db, long expected) {
        Awaitility.await("connections to " + db + " == " + expected).atMost(Duration.ofSeconds(20))
                .until(() -> connectionsTo(db), count -> count == expected);
    }

    private static long connectionsTo(String db) {
        return TestDatabase.scalar("SELECT COUNT(*) FROM information_schema.processlist WHERE db = ?", db);
    }

    private String send(String text) throws Exception {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(5_000);
            byte[] data = text.getBytes(StandardCharsets.UTF_8);
            socket.send(new DatagramPacket(data, data.length, InetAddress.getLoopbackAddress(), server.port(Protocol.UDP).orElseThrow()));
            DatagramPacket reply = new DatagramPacket(new byte[512], 512);
            socket.receive(reply);
            return new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8);
        }
    }

    private void sendWithoutReply(String text) throws Exception {
        try (DatagramSocket socket = new DatagramSocket()) {
            byte[] data = text.getBytes(StandardCharsets.UTF_8);
            socket.send(new DatagramPacket(data, data.length, InetAddress.getLoopbackAddress(), server.port(Protocol.UDP).orElseThrow()));
        }
    }

    private long generations() {
        return server.status().workers().stream().mapToLong(WorkerStatus::generation).sum();
    }

    @Test
    void nWorkersHoldNConnectionsPerKeyAndAGracefulStopLeavesNone() throws Exception {
        String db = TestDatabase.createDatabase("srv_n");
        start(properties(db, 3));

        assertThat(connectionsTo(db)).isEqualTo(3 * 2);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 12; i++) {
            ids.add(send("ping " + i));
        }
        assertThat(ids).hasSize(3);
        assertThat(banner.toString(StandardCharsets.UTF_8)).contains("Server Worker[", "is started [2]");

        server.stop();
        awaitConnections(db, 0);
        assertThat(dir.resolve("server.pid")).doesNotExist();
    }

    @Test
    void inBaseModeEachWorkerLoopHoldsItsOwnConnectionsThroughACrashAndAStop() throws Exception {
        String db = TestDatabase.createDatabase("srv_base");
        start(properties(db, 3, "server.mode", "base"));
        assertThat(connectionsTo(db)).isEqualTo(3 * 2);

        // Each send comes from a fresh socket, so SO_REUSEPORT spreads the senders over the 3 workers'
        // sockets (all 60 on fewer than 3 sockets: a 1e-10 chance).
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 60; i++) {
            ids.add(send("ping " + i));
        }
        assertThat(ids).as("one connection id per worker").hasSize(3);

        long before = generations();
        sendWithoutReply("crash");
        TestDatabase.await(() -> generations() > before && server.status().workers().stream()
                .allMatch(worker -> worker.state().equals("RUNNING")), Duration.ofSeconds(20), "crashed worker replaced");
        TestDatabase.await(() -> connectionsTo(db) == 3 * 2, Duration.ofSeconds(20), "connections back to N x K");

        server.stop();
        awaitConnections(db, 0);
    }

    @Test
    void aCrashedWorkerIsReplacedAndTheConnectionCountStaysN() throws Exception {
        String db = TestDatabase.createDatabase("srv_crash");
        start(properties(db, 2));
        long before = generations();

        sendWithoutReply("crash");

        TestDatabase.await(() -> generations() > before && server.status().workers().stream()
                .allMatch(worker -> worker.state().equals("RUNNING")), Duration.ofSeconds(20), "crashed worker replaced");
        TestDatabase.await(() -> connectionsTo(db) == 2 * 2, Duration.ofSeconds(20), "connections back to N x K");
        assertThat(send("after crash")).isNotBlank();
        assertThat(connectionsTo(db)).isEqualTo(2 * 2);
    }

    @Test
    void maxRequestRecyclesWorkersWithoutGrowingTheConnectionCount() throws Exception {
        String db = TestDatabase.createDatabase("srv_recycle");
        start(properties(db, 2, "server.max_request", "3"));

        for (int i = 0; i < 24; i++) {
            assertThat(send("req " + i)).isNotBlank();
        }

        // No peak is sampled from the processlist: it lists a closed connection a moment after its
        // close, so a sample taken while a replacement connects can count one twice (seen under load).
        // ServerLifecycleTest asserts the kernel's exact order (old pools closed before new ones open);
        // here, after many recycles, the server side must settle at exactly N x K: a leak would not.
        assertThat(generations()).isGreaterThan(2);
        TestDatabase.await(() -> connectionsTo(db) == 2 * 2, Duration.ofSeconds(20), "connections back to N x K");
    }

    @Test
    void reloadReplacesEveryConnectionAndKeepsTheCount() throws Exception {
        String db = TestDatabase.createDatabase("srv_reload");
        start(properties(db, 2));
        Set<String> before = new HashSet<>();
        for (int i = 0; i < 8; i++) {
            before.add(send("before " + i));
        }

        assertThat(server.reload().get(60, java.util.concurrent.TimeUnit.SECONDS)).isNotBlank();

        Set<String> after = new HashSet<>();
        for (int i = 0; i < 8; i++) {
            after.add(send("after " + i));
        }
        assertThat(after).hasSize(2).doesNotContainAnyElementsOf(before);
        TestDatabase.await(() -> connectionsTo(db) == 2 * 2, Duration.ofSeconds(20), "connections back to N x K");
    }

    @Test
    void taskWorkersOpenOnlyWhatDatabaseWorkersAsksFor() throws Exception {
        String taskOnly = TestDatabase.createDatabase("srv_task");
        startWith(properties(taskOnly, 3, "server.task_worker_num", "2", "database.workers", "task"), ECHO_HANDLER, TASK_HANDLER);
        assertThat(connectionsTo(taskOnly)).isEqualTo(2 * 2);
        TaskDispatcher tasks = app.injector().getInstance(TaskDispatcher.class);
        Object taskConnection = tasks.task("which connection?").get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(TestDatabase.scalar("SELECT COUNT(*) FROM information_schema.processlist WHERE id = ? AND db = ?",
                taskConnection, taskOnly)).isEqualTo(1);
        server.stop();
        awaitConnections(taskOnly, 0);

        String both = TestDatabase.createDatabase("srv_both");
        start(properties(both, 3, "server.task_worker_num", "2", "database.workers", "request, task"), TASK_HANDLER);
        assertThat(connectionsTo(both)).isEqualTo((3 + 2) * 2);

        String requestOnly = TestDatabase.createDatabase("srv_request");
        server.stop();
        start(properties(requestOnly, 3, "server.task_worker_num", "2"), ECHO_TASK);
        assertThat(connectionsTo(requestOnly)).as("default: request workers only, as FastD should have").isEqualTo(3 * 2);
    }

    @Test
    void aTaskHandlerInjectingADatabaseTheTaskWorkersDoNotHoldFailsTheStartNamingPoolWorkerAndFix() {
        String db = TestDatabase.createDatabase("srv_task_refused");

        assertThatThrownBy(() -> start(properties(db, 2, "server.task_worker_num", "1"), TASK_HANDLER))
                .isInstanceOf(ServerStartException.class)
                .hasMessageContaining("PoolNotInWorkerException: Pool DatabasePool (mysql default=" + TestDatabase.host() + ":"
                        + TestDatabase.port() + "/" + db + ", logs=")
                .hasMessageContaining(") is not held by task worker 0: it is for request workers only, so task workers never"
                        + " initialize it. To give every task worker its own, make DatabasePool's workerKinds() include task"
                        + " workers: it overrides workerKinds(), so the setting it follows decides, not @ForWorkers; otherwise"
                        + " do not inject it into code that runs on task workers");
        awaitConnections(db, 0);
        server = null;
    }

    @Test
    void anOverBudgetStartIsRefusedBeforeAnyConnectionOpens() {
        String db = TestDatabase.createDatabase("srv_budget");

        assertThatThrownBy(() -> start(properties(db, 4, "database.connection_reserve", "1000000")))
                .isInstanceOf(ServerStartException.class)
                .hasMessageContaining("database server " + TestDatabase.host() + ":" + TestDatabase.port()
                        + " (keys [default, logs]): 4 workers would open 8 connections, but max_connections is ")
                .hasMessageContaining("database.connection_reserve is 1000000, leaving 0 (");
        assertThat(connectionsTo(db)).isZero();
        assertThat(dir.resolve("server.pid")).doesNotExist();
        server = null;
    }

    @Test
    void skipStartupChecksStartsAnOverBudgetServerAnyway() throws Exception {
        String db = TestDatabase.createDatabase("srv_skip");
        start(properties(db, 1, "database.connection_reserve", "1000000", "server.skip_startup_checks", "true"));

        assertThat(send("hello")).isNotBlank();
        assertThat(connectionsTo(db)).isEqualTo(2);
    }

    @Test
    void anUnreachableDatabaseFailsTheStartWithEveryCauseAndLeavesNothing() throws Exception {
        try (java.net.ServerSocket closed = new java.net.ServerSocket(0)) {
            int port = closed.getLocalPort();
            closed.close();
            Properties properties = properties("unused", 2, "database.default.port", Integer.toString(port),
                    "database.logs.port", Integer.toString(port), "database.default.connect_timeout", "1s",
                    "database.logs.connect_timeout", "1s", "server.skip_startup_checks", "true");
            assertThatThrownBy(() -> start(properties))
                    .isInstanceOf(ServerStartException.class)
                    .hasMessageContaining("default")
                    .hasMessageContaining("127.0.0.1:" + port);
        }
        assertThat(dir.resolve("server.pid")).doesNotExist();
        server = null;
    }
}
