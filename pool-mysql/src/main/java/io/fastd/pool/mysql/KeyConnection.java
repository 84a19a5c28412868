package io.fastd.pool.mysql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one connection a worker holds for one key: opened lazily, pinged before being handed out
 * after more than the idle window without use, re-opened when found dead. Owned by one thread;
 * {@link #isOpen()} and {@link #isFailing()} may be read from any thread.
 */
final class KeyConnection {

    private static final Logger LOG = LoggerFactory.getLogger(KeyConnection.class);

    private final DatabaseSettings settings;
    private final PoolStats stats;
    private final long idleNanos;
    private final int pingTimeoutSeconds;
    private final ConnectionOpener opener;

    private Connection connection;
    private long lastUsed;
    private boolean everOpened;
    private boolean inTransaction;
    private volatile boolean open;
    private volatile boolean failing;

    KeyConnection(DatabaseSettings settings, PoolStats stats) {
        this(settings, stats, ConnectionOpener.MARIADB);
    }

    KeyConnection(DatabaseSettings settings, PoolStats stats, ConnectionOpener opener) {
        this.settings = settings;
        this.opener = opener;
        this.stats = stats;
        this.idleNanos = settings.idleCheck().toNanos();
        this.pingTimeoutSeconds = (int) Math.max(1, (settings.connectTimeout().toMillis() + 999) / 1000);
    }

    DatabaseSettings settings() {
        return settings;
    }

    /**
     * The live connection at time {@code now} (from the pool's clock). Within the idle window this
     * is one field compare; otherwise it connects, or pings and reconnects if the ping fails.
     * Inside a transaction it never reconnects: a lost connection there is an error.
     *
     * @throws DatabaseException if connecting fails
     * @throws ConnectionLostException if the connection was lost inside the current transaction
     */
    Connection checkOut(long now) {
        Connection c = connection;
        if (c != null && now - lastUsed <= idleNanos) {
            lastUsed = now;
            return c;
        }
        return checkOutSlow(now);
    }

    private Connection checkOutSlow(long now) {
        if (connection == null) {
            if (inTransaction) {
                throw ConnectionLostException.insideTransaction(settings, null);
            }
            open();
        } else if (!inTransaction) {
            stats.pings.increment();
            if (!isValid(connection)) {
                stats.failures.increment();
                LOG.warn("Connection to '{}' ({}) failed its idle check after {} ms unused; reconnecting",
                        settings.key(), settings.address(), TimeUnit.NANOSECONDS.toMillis(now - lastUsed));
                discard();
                open();
            }
        }
        lastUsed = now;
        return connection;
    }

    private boolean isValid(Connection c) {
        try {
            return c.isValid(pingTimeoutSeconds);
        } catch (SQLException e) {
            LOG.debug("Ping of '{}' ({}) failed: {}", settings.key(), settings.address(), e.toString());
            return false;
        }
    }

    /** Opens the connection if it is not open. @throws DatabaseException naming key and host:port */
    void open() {
        if (connection != null) {
            return;
        }
        boolean reconnect = everOpened;
        try {
            connection = opener.open(settings);
        } catch (SQLException e) {
            stats.failures.increment();
            failing = true;
            String reason = ConnectionFactory.redact(e.getMessage(), settings);
            LOG.warn("Cannot connect to '{}' ({}): {}", settings.key(), settings.address(), reason);
            throw new DatabaseException(settings.key(), "cannot connect to '" + settings.key() + "' ("
                    + settings.address() + "/" + settings.name() + ") as '" + settings.user() + "': " + reason,
                    reason.equals(e.getMessage()) ? e : null);
        }
        everOpened = true;
        open = true;
        failing = false;
        if (reconnect) {
            stats.reconnects.increment();
            LOG.warn("Reconnected to '{}' ({})", settings.key(), settings.address());
        } else {
            LOG.debug("Connected to '{}' ({})", settings.key(), settings.address());
        }
    }

    /** Records that the connection was found lost: counts it, logs it and drops it. */
    void lost(SQLException cause) {
        stats.failures.increment();
        failing = true;
        LOG.warn("Connection to '{}' ({}) lost{}: {}", settings.key(), settings.address(),
                inTransaction ? " inside a transaction" : "",
                ConnectionFactory.redact(cause.getMessage(), settings));
        discard();
    }

    /** Closes the connection, never throwing; the next {@link #checkOut} reconnects. */
    void close() {
        discard();
    }

    private void discard() {
        Connection c = connection;
        connection = null;
        open = false;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                LOG.debug("Closing the connection to '{}' ({}) failed: {}", settings.key(), settings.address(),
                        e.toString());
            }
        }
    }

    /** The current connection without any check, or {@code null}. */
    Connection current() {
        return connection;
    }

    boolean inTransaction() {
        return inTransaction;
    }

    void inTransaction(boolean value) {
        this.inTransaction = value;
    }

    boolean isOpen() {
        return open;
    }

    boolean isFailing() {
        return failing;
    }
}
