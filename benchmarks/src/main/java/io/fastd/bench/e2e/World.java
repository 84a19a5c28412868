package io.fastd.bench.e2e;

import io.fastd.pool.mysql.DatabaseSettings;
import io.fastd.pool.mysql.embedded.EmbeddedMariaDb;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The TechEmpower "single query" shape: one random row of the 10,000-row {@code world} table by
 * primary key, answered as {@code {"id":n,"randomNumber":m}}. Every contestant uses this SQL and
 * this JSON writer.
 */
public final class World {

    public static final String DATABASE = "bench";
    public static final String TABLE = "world";
    public static final int ROWS = 10_000;
    public static final String SQL = "SELECT id, randomNumber FROM world WHERE id = ?";

    private World() {
    }

    public static int randomId() {
        return ThreadLocalRandom.current().nextInt(1, ROWS + 1);
    }

    public static String json(int id, int randomNumber) {
        return "{\"id\":" + id + ",\"randomNumber\":" + randomNumber + "}";
    }

    /**
     * Runs the single query on {@code c} for a random id and returns the JSON answer; the same
     * JDBC code for every contestant that uses JDBC (the connection is the caller's).
     */
    public static String readRandom(Connection c) throws SQLException {
        int id = randomId();
        try (PreparedStatement ps = c.prepareStatement(SQL)) {
            ps.setInt(1, id);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("no row " + id);
                }
                return json(rs.getInt(1), rs.getInt(2));
            }
        }
    }

    /** The environment variables that hand the bench account to a contestant JVM (never its command line). */
    static final String USER_VARIABLE = "FASTD_BENCH_DB_USER";
    static final String PASSWORD_VARIABLE = "FASTD_BENCH_DB_PASS";
    private static volatile DatabaseSettings account;

    /**
     * Starts the embedded server (binaries under {@code baseDir}), creates and fills the table, and
     * creates the bench account ({@code bench_app}, privileges on {@code bench} only) every contestant uses.
     */
    public static EmbeddedMariaDb startDatabase(Path baseDir) throws SQLException {
        EmbeddedMariaDb db = EmbeddedMariaDb.start(baseDir);
        db.createDatabase(DATABASE);
        db.execute("SET GLOBAL max_connections = 2000");
        account = db.applicationSettings("bench", DATABASE);
        try (Connection c = db.adminConnection(); Statement st = c.createStatement()) {
            st.execute("USE " + DATABASE);
            st.execute("CREATE TABLE " + TABLE + " (id INT NOT NULL PRIMARY KEY, randomNumber INT NOT NULL)"
                    + " ENGINE=InnoDB");
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + TABLE + " VALUES (?, ?)")) {
                for (int id = 1; id <= ROWS; id++) {
                    ps.setInt(1, id);
                    ps.setInt(2, ThreadLocalRandom.current().nextInt(1, ROWS + 1));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        }
        return db;
    }

    /**
     * Every JDBC contestant (limit, Netty + HikariCP, kernel) uses server-side prepared statements
     * ({@code useServerPrepStmts=true}, cached by the driver), as Vert.x's client does and as
     * HikariCP's MySQL advice recommends; {@code -Dbench.serverPrep=false} turns it off for all.
     */
    static final boolean SERVER_PREPARED = !"false".equals(System.getProperty("bench.serverPrep"));

    /** The bench account's user: the harness's own, or the one it passed to this contestant JVM. */
    public static String user() {
        DatabaseSettings settings = account;
        return settings != null ? settings.user() : variable(USER_VARIABLE);
    }

    /** The bench account's password (see {@link #user()}). */
    public static String password() {
        DatabaseSettings settings = account;
        return settings != null ? settings.password() : variable(PASSWORD_VARIABLE);
    }

    /** The variables a contestant JVM needs for {@link #user()} and {@link #password()}. */
    static java.util.Map<String, String> environment() {
        return java.util.Map.of(USER_VARIABLE, user(), PASSWORD_VARIABLE, password());
    }

    private static String variable(String name) {
        String value = System.getenv(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException(name + " is not set: contestant JVMs get the bench account from the harness");
        }
        return value;
    }

    /** A JDBC URL for the bench database. */
    public static String jdbcUrl(String host, int port) {
        return "jdbc:mariadb://" + host + ":" + port + "/" + DATABASE
                + (SERVER_PREPARED ? "?useServerPrepStmts=true" : "");
    }
}
