package io.fastd.pool.mysql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs prepared statements for one key and applies the reconnect rules:
 * <ul>
 *   <li>Reads lost to a connection loss outside a transaction are replayed once on a fresh
 *       connection.</li>
 *   <li>Writes are replayed once only when the loss was detected before the statement was sent
 *       (while preparing or binding on a connection the driver already knew was closed). A loss
 *       during execution leaves the outcome unknown: {@link ConnectionLostException} with
 *       {@code outcomeUnknown()}, no replay.</li>
 *   <li>Inside a transaction nothing is replayed.</li>
 *   <li>Any other error (constraint, syntax, ...) is never replayed and never reconnects.</li>
 * </ul>
 */
final class StatementRunner {

    private static final Logger LOG = LoggerFactory.getLogger(StatementRunner.class);

    /** Reads a whole result set while the statement is open. */
    @FunctionalInterface
    interface ResultReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private final KeyConnection link;
    private final PoolStats stats;
    private final LongSupplier clock;

    StatementRunner(KeyConnection link, PoolStats stats, LongSupplier clock) {
        this.link = link;
        this.stats = stats;
        this.clock = clock;
    }

    Connection connection() {
        return link.checkOut(clock.getAsLong());
    }

    <T> T read(Sql sql, ResultReader<T> reader) {
        return read(sql, reader, true);
    }

    /**
     * Runs a statement that returns rows. After a connection loss outside a transaction it is
     * replayed once if {@code replayable}; otherwise the loss surfaces with the outcome unknown.
     */
    <T> T read(Sql sql, ResultReader<T> reader, boolean replayable) {
        for (int attempt = 0; ; attempt++) {
            Connection c = connection();
            try (PreparedStatement ps = c.prepareStatement(sql.text())) {
                bind(ps, sql.params());
                try (ResultSet rs = ps.executeQuery()) {
                    return reader.read(rs);
                }
            } catch (SQLException e) {
                retryOrThrow(e, attempt, replayable, "Retrying a read on '{}' ({}) once on a fresh connection");
            }
        }
    }

    /**
     * Returns (after counting and logging the retry) only for a connection loss outside a
     * transaction, on a replayable statement, at its first attempt; throws in every other case.
     */
    private void retryOrThrow(SQLException e, int attempt, boolean replayable, String retryLog) {
        if (!ConnectionLoss.isConnectionLoss(e)) {
            throw failed(e);
        }
        link.lost(e);
        if (link.inTransaction()) {
            throw ConnectionLostException.insideTransaction(link.settings(), e);
        }
        if (!replayable) {
            throw ConnectionLostException.duringWrite(link.settings(), e);
        }
        if (attempt > 0) {
            throw ConnectionLostException.afterRetry(link.settings(), e);
        }
        stats.retries.increment();
        LOG.warn(retryLog, key(), address());
    }

    /** Runs a write; returns the first generated key if {@code generatedKey}, else the affected rows. */
    long write(Sql sql, boolean generatedKey) {
        for (int attempt = 0; ; attempt++) {
            Connection c = connection();
            PreparedStatement ps;
            try {
                ps = generatedKey ? c.prepareStatement(sql.text(), Statement.RETURN_GENERATED_KEYS)
                        : c.prepareStatement(sql.text());
            } catch (SQLException e) {
                // Nothing was sent: the driver refused before executing, so a retry cannot apply it twice.
                retryOrThrow(e, attempt, true, "Retrying a write on '{}' ({}) on a fresh connection: the connection"
                        + " was found closed before the statement was sent");
                continue;
            }
            try (ps) {
                bind(ps, sql.params());
                long affected = ps.executeLargeUpdate();
                if (!generatedKey) {
                    return affected;
                }
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    return keys.next() ? keys.getLong(1) : 0L;
                }
            } catch (SQLException e) {
                if (!ConnectionLoss.isConnectionLoss(e)) {
                    throw failed(e);
                }
                link.lost(e);
                throw link.inTransaction() ? ConnectionLostException.insideTransaction(link.settings(), e)
                        : ConnectionLostException.duringWrite(link.settings(), e);
            }
        }
    }

    static List<Map<String, Object>> rows(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        int n = meta.getColumnCount();
        String[] labels = new String[n];
        for (int i = 0; i < n; i++) {
            labels[i] = meta.getColumnLabel(i + 1);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        while (rs.next()) {
            Map<String, Object> row = new LinkedHashMap<>(n * 2);
            for (int i = 0; i < n; i++) {
                row.put(labels[i], rs.getObject(i + 1));
            }
            rows.add(row);
        }
        return rows;
    }

    private static void bind(PreparedStatement ps, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object v = params.get(i);
            if (v == null) {
                ps.setNull(i + 1, Types.NULL);
            } else if (v instanceof Enum<?> e) {
                ps.setString(i + 1, e.name());
            } else {
                ps.setObject(i + 1, v);
            }
        }
    }

    DatabaseException failed(SQLException e) {
        DatabaseSettings s = link.settings();
        String reason = ConnectionFactory.redact(e.getMessage(), s);
        return new DatabaseException(s.key(), "statement on '" + s.key() + "' (" + s.address() + ") failed: " + reason
                + " [SQLSTATE " + e.getSQLState() + ", error " + e.getErrorCode() + "]",
                reason.equals(e.getMessage()) ? e : null);
    }

    private String key() {
        return link.settings().key();
    }

    private String address() {
        return link.settings().address();
    }
}
