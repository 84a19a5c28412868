package io.fastd.pool.mysql;

import io.fastd.pool.mysql.embedded.EmbeddedMariaDb;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The real MariaDB/MySQL server tests run against. If {@code FASTD_TEST_DB_HOST} is set, that
 * server is used ({@code FASTD_TEST_DB_PORT} default 3306, {@code FASTD_TEST_DB_USER} default
 * root, {@code FASTD_TEST_DB_PASS} default empty; the user must be able to create databases and
 * users and kill connections), and {@link #settings} hand out that admin account. Otherwise one
 * embedded MariaDB is started per test JVM, lazily, with its binaries under
 * {@code target/embedded-mariadb}, and stopped by a shutdown hook: admin work goes through its
 * root account ({@link EmbeddedMariaDb#adminConnection()}, generated password), and
 * {@link #settings} hand out the application account of the database ({@code <db>_app}).
 */
public final class TestDatabase {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000, 36);

    private static EmbeddedMariaDb embedded;
    private static String host;
    private static int port;
    private static String adminUser;
    private static String adminPassword;

    private TestDatabase() {
    }

    private static synchronized void ensureStarted() {
        if (host != null) {
            return;
        }
        String envHost = System.getenv("FASTD_TEST_DB_HOST");
        if (envHost != null && !envHost.isBlank()) {
            host = envHost;
            port = Integer.parseInt(envOr("FASTD_TEST_DB_PORT", "3306"));
            adminUser = envOr("FASTD_TEST_DB_USER", "root");
            adminPassword = envOr("FASTD_TEST_DB_PASS", "");
            return;
        }
        Path base = Path.of(System.getProperty("basedir", "."), "target", "embedded-mariadb");
        EmbeddedMariaDb server = EmbeddedMariaDb.start(base);
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "embedded-mariadb-stop"));
        embedded = server;
        host = server.host();
        port = server.port();
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isEmpty() ? fallback : v;
    }

    /** The embedded server, or empty when {@code FASTD_TEST_DB_HOST} points at an external one. */
    public static synchronized java.util.Optional<EmbeddedMariaDb> embedded() {
        ensureStarted();
        return java.util.Optional.ofNullable(embedded);
    }

    public static String host() {
        ensureStarted();
        return host;
    }

    public static int port() {
        ensureStarted();
        return port;
    }

    /** Creates a fresh, uniquely named database and returns its name. */
    public static String createDatabase(String hint) {
        String name = "fastd_" + hint + "_" + RUN + "_" + COUNTER.incrementAndGet();
        exec("CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        return name;
    }

    /** Creates a unique user with {@code password} and all privileges on {@code dbName}; returns its name. */
    public static String createUser(String password, String... dbNames) {
        String user = "fu_" + RUN + "_" + COUNTER.incrementAndGet();
        exec("CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + password + "'");
        for (String db : dbNames) {
            exec("GRANT ALL PRIVILEGES ON `" + db + "`.* TO '" + user + "'@'%'");
        }
        return user;
    }

    /**
     * Settings for {@code key} on {@code dbName}: the embedded server's application account of
     * that database, or the admin credentials of an external server.
     */
    public static DatabaseSettings.Builder settings(String key, String dbName) {
        ensureStarted();
        if (embedded != null) {
            return embedded.applicationSettings(key, dbName).toBuilder();
        }
        return DatabaseSettings.builder(key).host(host).port(port).name(dbName).user(adminUser)
                .password(adminPassword);
    }

    /**
     * The five config entries {@code database.<key>.host|port|user|pass|name} of
     * {@link #settings}, for tests that configure an application through properties.
     */
    public static java.util.Map<String, String> config(String key, String dbName) {
        DatabaseSettings s = settings(key, dbName).build();
        String prefix = "database." + key + ".";
        java.util.Map<String, String> config = new java.util.LinkedHashMap<>();
        config.put(prefix + "host", s.host());
        config.put(prefix + "port", Integer.toString(s.port()));
        config.put(prefix + "user", s.user());
        config.put(prefix + "pass", s.password());
        config.put(prefix + "name", s.name());
        return config;
    }

    /** A separate admin connection; the caller closes it. */
    public static Connection admin() throws SQLException {
        ensureStarted();
        if (embedded != null) {
            return embedded.adminConnection();
        }
        Properties p = new Properties();
        p.setProperty("user", adminUser);
        p.setProperty("password", adminPassword);
        return new org.mariadb.jdbc.Driver().connect("jdbc:mariadb://" + host + ":" + port + "/", p);
    }

    public static void exec(String sql) {
        try (Connection c = admin(); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("admin statement failed: " + sql, e);
        }
    }

    /** A single long value read with a separate admin connection. */
    public static long scalar(String sql, Object... params) {
        try (Connection c = admin(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("admin query failed: " + sql, e);
        }
    }

    /** Kills connection {@code id} from a separate admin connection and waits until it is gone. */
    public static void kill(long id) {
        exec("KILL CONNECTION " + id);
        await(() -> scalar("SELECT COUNT(*) FROM information_schema.processlist WHERE id = ?", id) == 0,
                Duration.ofSeconds(10), "connection " + id + " to disappear");
    }

    /** The server-side id of {@code db}'s current connection. */
    public static long connectionId(Database db) {
        return ((Number) db.query("SELECT CONNECTION_ID() AS id").get(0).get("id")).longValue();
    }

    /** Polls {@code condition} until it holds or {@code timeout} passes. */
    public static void await(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.onSpinWait();
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
        }
    }
}
