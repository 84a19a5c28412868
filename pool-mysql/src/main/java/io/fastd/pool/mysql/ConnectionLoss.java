package io.fastd.pool.mysql;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * Decides whether a failure means the connection itself is gone (as opposed to a statement
 * error such as a constraint violation or a syntax error, which never triggers a reconnect).
 *
 * <p>A failure is a connection loss when any {@link SQLException} in its cause chain (or
 * {@link SQLException#getNextException() next} chain)
 * <ul>
 *   <li>is a {@link SQLNonTransientConnectionException} or {@link SQLTransientConnectionException}
 *       (how MariaDB Connector/J reports a broken or closed socket),</li>
 *   <li>has an SQLSTATE of class {@code 08} (connection exception), or</li>
 *   <li>has a MySQL/MariaDB error code of {@link #ERROR_CODES}: 2006 server has gone away, 2013
 *       lost connection during query, 2055 lost connection at handshake, 1927 connection was
 *       killed (MariaDB), 4031 disconnected by the server for inactivity (MySQL 8).</li>
 * </ul>
 */
public final class ConnectionLoss {

    /** Server and client error codes that mean the connection is gone. */
    public static final Set<Integer> ERROR_CODES = Set.of(2006, 2013, 2055, 1927, 4031);

    private static final int MAX_DEPTH = 16;

    private ConnectionLoss() {
    }

    /** Whether {@code failure} (or anything in its cause chain) says the connection is lost. */
    public static boolean isConnectionLoss(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_DEPTH; depth++) {
            if (t instanceof SQLException sql) {
                if (matches(sql)) {
                    return true;
                }
                SQLException next = sql.getNextException();
                for (int n = 0; next != null && n < MAX_DEPTH; n++, next = next.getNextException()) {
                    if (matches(next)) {
                        return true;
                    }
                }
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        return false;
    }

    private static boolean matches(SQLException e) {
        if (e instanceof SQLNonTransientConnectionException || e instanceof SQLTransientConnectionException) {
            return true;
        }
        String state = e.getSQLState();
        return (state != null && state.startsWith("08")) || ERROR_CODES.contains(e.getErrorCode());
    }
}
