package io.fastd.pool.mysql;

import java.sql.SQLException;

/**
 * A failed database operation: a connect failure, a statement error or a lost connection. The
 * message names the key and {@code host:port} and never contains a password or bound values.
 */
public class DatabaseException extends RuntimeException {

    private final String key;

    public DatabaseException(String key, String message, Throwable cause) {
        super(message, cause);
        this.key = key;
    }

    /** The configured key the operation ran against. */
    public String key() {
        return key;
    }

    /** The SQLSTATE of the driver's error, or {@code null}. */
    public String sqlState() {
        return getCause() instanceof SQLException e ? e.getSQLState() : null;
    }

    /** The vendor error code of the driver's error, or 0. */
    public int errorCode() {
        return getCause() instanceof SQLException e ? e.getErrorCode() : 0;
    }
}
