package io.fastd.pool.mysql;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Medoo-style API over one worker's connection for one configured key. Every value is a bound
 * parameter; table and column names are validated (1-64 letters, digits or {@code _}, optionally
 * {@code a.b}) and backtick-quoted, and the key's table prefix is applied to table names.
 * Invalid names throw {@link IllegalArgumentException} before anything is sent.
 *
 * <p>Where-maps AND their entries: {@code null} means {@code IS NULL}, a {@link java.util.Collection}
 * means {@code IN (...)} (empty: matches nothing), anything else means {@code =}. An empty map
 * means every row for reads; {@link #update} and {@link #delete} refuse an empty where-map.
 *
 * <p>Failures throw {@link DatabaseException}; a lost connection that could not safely be
 * replayed throws {@link ConnectionLostException}. Reads ({@code select, get, has, count, query})
 * outside a transaction are replayed once on a fresh connection after a connection loss; writes
 * only when the loss was detected before the statement was sent; nothing inside
 * {@link #action}.
 *
 * <p><b>Not thread-safe:</b> an instance belongs to the worker thread that owns its
 * {@link DatabasePool}.
 */
public final class Database {

    private final KeyConnection link;
    private final StatementRunner runner;
    private final String prefix;

    Database(KeyConnection link, StatementRunner runner) {
        this.link = link;
        this.runner = runner;
        this.prefix = link.settings().prefix();
    }

    /** The configured key. */
    public String key() {
        return link.settings().key();
    }

    public DatabaseSettings settings() {
        return link.settings();
    }

    /** Every column of the rows of {@code table} matching {@code where}. */
    public List<Map<String, Object>> select(String table, Map<String, ?> where) {
        return select(table, List.of(), where);
    }

    /** The given columns (all if empty) of the rows matching {@code where}, as ordered maps. */
    public List<Map<String, Object>> select(String table, List<String> columns, Map<String, ?> where) {
        return select(table, columns, where, 0);
    }

    /** Like {@link #select(String, List, Map)}, at most {@code limit} rows ({@code 0}: no limit). */
    public List<Map<String, Object>> select(String table, List<String> columns, Map<String, ?> where, int limit) {
        requireNonNull(columns, "columns is null");
        if (limit < 0) {
            throw new IllegalArgumentException("limit is negative: " + limit);
        }
        return runner.read(Sql.select(table, prefix, columns, where, limit), StatementRunner::rows);
    }

    /** The first row matching {@code where}, all columns. */
    public Optional<Map<String, Object>> get(String table, Map<String, ?> where) {
        return get(table, List.of(), where);
    }

    /** The given columns (all if empty) of the first row matching {@code where}. */
    public Optional<Map<String, Object>> get(String table, List<String> columns, Map<String, ?> where) {
        List<Map<String, Object>> rows = select(table, columns, where, 1);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** Whether any row matches {@code where}. */
    public boolean has(String table, Map<String, ?> where) {
        return runner.read(Sql.has(table, prefix, where), java.sql.ResultSet::next);
    }

    /** The number of rows matching {@code where}. */
    public long count(String table, Map<String, ?> where) {
        return runner.read(Sql.count(table, prefix, where), rs -> rs.next() ? rs.getLong(1) : 0L);
    }

    /**
     * Inserts one row and returns its generated key ({@code AUTO_INCREMENT} value), or 0 if the
     * table generated none.
     */
    public long insert(String table, Map<String, ?> row) {
        return runner.write(Sql.insert(table, prefix, row), true);
    }

    /** Updates the rows matching the non-empty {@code where}; returns the affected row count. */
    public long update(String table, Map<String, ?> set, Map<String, ?> where) {
        return runner.write(Sql.update(table, prefix, set, where), false);
    }

    /** Deletes the rows matching the non-empty {@code where}; returns the affected row count. */
    public long delete(String table, Map<String, ?> where) {
        return runner.write(Sql.delete(table, prefix, where), false);
    }

    /**
     * Runs a statement that returns rows, with {@code ?} placeholders bound to {@code params}.
     * After a connection loss outside a transaction it is replayed once only if it starts with
     * SELECT, SHOW, DESCRIBE, DESC or EXPLAIN; any other statement (which may write) fails with a
     * {@link ConnectionLostException} whose outcome is unknown. The table prefix is not applied.
     */
    public List<Map<String, Object>> query(String sql, Object... params) {
        return runner.read(raw(sql, params), StatementRunner::rows, Sql.isReadOnly(sql));
    }

    /**
     * Runs a statement that returns no rows (a write or DDL), with {@code ?} placeholders bound to
     * {@code params}; returns the affected row count. The table prefix is not applied.
     */
    public long exec(String sql, Object... params) {
        return runner.write(raw(sql, params), false);
    }

    /**
     * Runs {@code work} in a transaction: committed if it returns, rolled back if it throws
     * anything (RuntimeExceptions and Errors are rethrown as they are, checked exceptions wrapped
     * in {@link DatabaseException}). A connection loss inside throws
     * {@link ConnectionLostException} with {@code insideTransaction()}; nothing is replayed and the
     * next use reconnects. A nested call joins the outer transaction.
     */
    public <T> T action(TransactionCallback<T> work) {
        return new Transaction(link, runner).run(this, requireNonNull(work, "work is null"));
    }

    /**
     * The underlying JDBC connection (checked like any hand-out), for what this API does not cover.
     * Statements run on it directly are not retried; do not close it.
     */
    public Connection connection() {
        return runner.connection();
    }

    /** Whether this key's connection is currently open (no round trip). */
    public boolean isOpen() {
        return link.isOpen();
    }

    /** Hot path used by {@link DatabasePool#getConnection(String)}. */
    Database checkOut(long now) {
        link.checkOut(now);
        return this;
    }

    private static Sql raw(String sql, Object[] params) {
        requireNonNull(sql, "sql is null");
        requireNonNull(params, "params is null");
        return new Sql(sql, Arrays.asList(params));
    }

    @Override
    public String toString() {
        DatabaseSettings s = link.settings();
        return "Database[" + s.key() + "=" + s.address() + "/" + s.name() + "]";
    }
}
