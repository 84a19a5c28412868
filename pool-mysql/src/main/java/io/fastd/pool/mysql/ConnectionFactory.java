package io.fastd.pool.mysql;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Opens one JDBC connection with MariaDB Connector/J ({@code jdbc:mariadb://}, which also talks
 * to MySQL servers). The connect and socket timeouts come from the settings so an unreachable
 * host fails within the connect timeout. Driver options are applied first; the explicit settings
 * win over an option of the same name.
 */
final class ConnectionFactory {

    private static final org.mariadb.jdbc.Driver DRIVER = new org.mariadb.jdbc.Driver();

    private ConnectionFactory() {
    }

    static Connection open(DatabaseSettings s) throws SQLException {
        Properties props = new Properties();
        props.putAll(s.options());
        props.setProperty("user", s.user());
        props.setProperty("password", s.password());
        props.setProperty("connectTimeout", Long.toString(s.connectTimeout().toMillis()));
        props.setProperty("socketTimeout", Long.toString(s.socketTimeout().toMillis()));
        Connection c = DRIVER.connect(s.jdbcUrl(), props);
        if (c == null) {
            throw new SQLException("the MariaDB driver did not accept URL " + s.jdbcUrl());
        }
        try (Statement st = c.createStatement()) {
            // The charset is one of a fixed set (see DatabaseSettings.CHARSETS), never user text.
            st.execute("SET NAMES " + s.charset());
        } catch (SQLException e) {
            closeQuietly(c, e);
            throw e;
        }
        return c;
    }

    /** Replaces every occurrence of the password in a driver message (defence in depth). */
    static String redact(String message, DatabaseSettings s) {
        if (message == null) {
            return "(no message)";
        }
        return s.password().isEmpty() ? message : message.replace(s.password(), "****");
    }

    /** Closes {@code c}, adding a failure to {@code primary} instead of throwing. */
    static void closeQuietly(Connection c, Throwable primary) {
        try {
            c.close();
        } catch (SQLException e) {
            primary.addSuppressed(e);
        }
    }
}
