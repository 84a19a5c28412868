package io.fastd.providers;

import io.fastd.pool.mysql.Database;
import io.fastd.pool.mysql.DatabasePool;
import io.fastd.pool.mysql.DatabaseSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server-side named lock that makes {@link ConnectionBudgetCheck} hold across instances, on
 * one dedicated connection to one database server.
 *
 * <p>The name is {@value #NAME}, the same for every instance: MariaDB and MySQL keep
 * {@code GET_LOCK} names per server (not per schema or account), which is exactly the scope of
 * {@code max_connections}, so every instance whose pools reach that server, whatever its schema
 * or user, takes turns on it. Whoever holds it has counted the connections in use and is opening
 * its workers' connections; the next instance counts only after those are open. The connection
 * that holds the lock is itself in use until {@link #close()}; if the instance dies, its
 * connection closes and the server releases the lock.
 */
final class BudgetLock implements AutoCloseable {

    /** The lock's name on every database server. */
    static final String NAME = "fastd.connection_budget";

    private static final Logger log = LoggerFactory.getLogger(BudgetLock.class);

    private final String address;
    private final DatabasePool connection;
    private final Database db;

    private BudgetLock(String address, DatabasePool connection, Database db) {
        this.address = address;
        this.connection = connection;
        this.db = db;
    }

    /**
     * Opens a connection with {@code key}'s settings and waits for the lock up to {@code wait}
     * (whole seconds, at least one).
     *
     * @throws IllegalStateException naming the server, the lock and the connection holding it if
     *     the wait timed out; nothing is left open
     */
    static BudgetLock acquire(DatabaseSettings key, Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        // The read blocks while the server waits for the lock: the socket must wait longer.
        Duration socketTimeout = Duration.ofSeconds(seconds + 10).compareTo(key.socketTimeout()) > 0
                ? Duration.ofSeconds(seconds + 10) : key.socketTimeout();
        DatabasePool connection = new DatabasePool(Map.of(key.key(),
                key.toBuilder().eager(true).socketTimeout(socketTimeout).build()));
        try {
            connection.initPool();
            Database db = connection.getConnection(key.key());
            Object got = db.query("SELECT GET_LOCK(?, ?) AS got", NAME, seconds).get(0).get("got");
            if (got == null || ((Number) got).intValue() != 1) {
                Object holder = db.query("SELECT IS_USED_LOCK(?) AS holder", NAME).get(0).get("holder");
                throw new IllegalStateException("database server " + key.address() + ": waited " + seconds
                        + " s (server.start_timeout) for the lock '" + NAME + "' (GET_LOCK), held by connection "
                        + (holder == null ? "(none any more)" : holder) + ": another instance is counting the"
                        + " connections in use or opening its workers' connections. Start again, or look for the"
                        + " holder in information_schema.processlist if no instance is starting");
            }
            return new BudgetLock(key.address(), connection, db);
        } catch (RuntimeException e) {
            connection.closePool();
            throw e;
        }
    }

    /** {@code @@max_connections} and {@code Threads_connected}, this lock's connection included. */
    Usage usage() {
        int max = ((Number) db.query("SELECT @@max_connections AS max").get(0).get("max")).intValue();
        Object connected = db.query("SHOW GLOBAL STATUS LIKE 'Threads_connected'").get(0).get("Value");
        return new Usage(max, Integer.parseInt(String.valueOf(connected)));
    }

    /** The server's limit and the connections open on it. */
    record Usage(int max, int inUse) {
    }

    /** Releases the lock ({@code RELEASE_LOCK}) and closes the connection; never throws. */
    @Override
    public void close() {
        try {
            List<Map<String, Object>> released = db.query("SELECT RELEASE_LOCK(?) AS released", NAME);
            log.debug("database server {}: released lock {}: {}", address, NAME, released);
        } catch (RuntimeException e) {
            log.debug("database server {}: RELEASE_LOCK failed ({}); closing the connection releases it", address, e.toString());
        } finally {
            try {
                connection.closePool();
            } catch (RuntimeException e) {
                log.warn("database server {}: closing the lock connection failed: {}", address, e.toString());
            }
        }
    }

    @Override
    public String toString() {
        return "BudgetLock{" + address + ", " + NAME + "}";
    }
}
