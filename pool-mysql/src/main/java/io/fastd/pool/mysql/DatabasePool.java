package io.fastd.pool.mysql;

import static java.util.Objects.requireNonNull;

import io.fastd.pool.PoolHealth;
import io.fastd.pool.PoolInterface;
import io.fastd.pool.WorkerKind;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker's MySQL/MariaDB connections: one long-lived connection per configured key, the JVM
 * counterpart of FastD's {@code DatabasePool}.
 *
 * <p><b>Threading:</b> an instance is owned by one worker thread and is not thread-safe;
 * {@link #getConnection(String)} and every {@link Database} call must come from that thread. Only
 * {@link #health()}, {@link #describe()} and {@link #openConnections()} may be called from other
 * threads (for status).
 *
 * <p>The constructor opens nothing. {@link #initPool()} connects every key whose
 * {@link DatabaseSettings#eager()} is true; other keys connect on first use.
 * {@link #getConnection(String)} is the hot path: a map lookup, one read of the clock supplier and
 * a field compare while the connection is within its idle window; past the window it pings the
 * server and reconnects if the connection is dead.
 *
 * <p>Health counters: {@code connections.<key>} (0/1), {@code reconnects}, {@code failures},
 * {@code retries} and {@code pings}.
 */
public final class DatabasePool implements PoolInterface {

    private static final Logger LOG = LoggerFactory.getLogger(DatabasePool.class);

    private final Map<String, DatabaseSettings> settings;
    private final Map<String, KeyConnection> links;
    private final HashMap<String, Database> databases;
    private final PoolStats stats = new PoolStats();
    private final LongSupplier clock;
    private final Set<WorkerKind> workerKinds;
    private volatile boolean initialized;

    /** A pool over {@code settings} (key to settings) using {@link System#nanoTime()}. */
    public DatabasePool(Map<String, DatabaseSettings> settings) {
        this(settings, System::nanoTime);
    }

    /**
     * A pool reading time from {@code nanoClock} (nanoseconds, monotonic), for example a coarse
     * per-request timestamp supplied by the kernel.
     */
    public DatabasePool(Map<String, DatabaseSettings> settings, LongSupplier nanoClock) {
        this(settings, nanoClock, null);
    }

    /** A pool held by the given kinds of worker (by default request workers only). */
    public DatabasePool(Map<String, DatabaseSettings> settings, LongSupplier nanoClock, Set<WorkerKind> workerKinds) {
        this(settings, nanoClock, workerKinds, ConnectionOpener.MARIADB);
    }

    /**
     * A pool whose connections come from {@code opener} instead of MariaDB Connector/J.
     * Package-private: only for measuring the pool itself (the benchmarks' stub driver).
     */
    DatabasePool(Map<String, DatabaseSettings> settings, LongSupplier nanoClock, Set<WorkerKind> workerKinds,
            ConnectionOpener opener) {
        requireNonNull(settings, "settings is null");
        requireNonNull(opener, "opener is null");
        this.clock = requireNonNull(nanoClock, "nanoClock is null");
        if (workerKinds != null && workerKinds.isEmpty()) {
            throw new IllegalArgumentException("workerKinds is empty; name REQUEST, TASK or both");
        }
        this.workerKinds = workerKinds == null ? null : Set.copyOf(EnumSet.copyOf(workerKinds));
        this.settings = new LinkedHashMap<>();
        this.links = new LinkedHashMap<>();
        this.databases = new HashMap<>();
        settings.forEach((key, s) -> {
            requireNonNull(s, "settings of '" + key + "' is null");
            if (!s.key().equals(key)) {
                throw new IllegalArgumentException("settings under '" + key + "' are for key '" + s.key() + "'");
            }
            KeyConnection link = new KeyConnection(s, stats, opener);
            this.settings.put(key, s);
            this.links.put(key, link);
            this.databases.put(key, new Database(link, new StatementRunner(link, stats, clock)));
        });
    }

    /**
     * This worker's {@link Database} for {@code key}, connected (lazily on first use) and checked:
     * a connection unused for longer than the key's idle window is pinged and, if dead, replaced.
     *
     * @throws IllegalArgumentException if no database is configured under {@code key}
     * @throws DatabaseException if connecting fails
     */
    public Database getConnection(String key) {
        Database db = databases.get(key);
        if (db == null) {
            throw unknownKey(key);
        }
        return db.checkOut(clock.getAsLong());
    }

    /**
     * This worker's {@link Database} handle for {@code key} without connecting or checking it: the
     * first statement run through it connects. For injection into handlers, so that resolving a
     * handler opens nothing (the kernel refuses the pool itself in a worker that does not hold it).
     *
     * @throws IllegalArgumentException if no database is configured under {@code key}
     */
    public Database database(String key) {
        Database db = databases.get(key);
        if (db == null) {
            throw unknownKey(key);
        }
        return db;
    }

    private IllegalArgumentException unknownKey(String key) {
        return new IllegalArgumentException("No database configured under key " + Identifiers.forMessage(key)
                + "; configured keys: " + settings.keySet());
    }

    /**
     * Connects every eager key. If any fails, the others are still tried, then everything opened is
     * closed and one {@link DatabaseException} names each failed key with {@code host:port} and the
     * driver's reason (never the password).
     */
    @Override
    public void initPool() {
        List<DatabaseException> failures = new ArrayList<>();
        for (KeyConnection link : links.values()) {
            if (link.settings().eager()) {
                try {
                    link.open();
                } catch (DatabaseException e) {
                    failures.add(e);
                }
            }
        }
        if (!failures.isEmpty()) {
            closePool();
            StringBuilder sb = new StringBuilder("cannot open ").append(failures.size()).append(" of ")
                    .append(eagerCount()).append(" database connection(s): ");
            for (int i = 0; i < failures.size(); i++) {
                sb.append(i == 0 ? "" : "; ").append(failures.get(i).getMessage());
            }
            DatabaseException e = new DatabaseException(failures.get(0).key(), sb.toString(), null);
            failures.forEach(e::addSuppressed);
            throw e;
        }
        initialized = true;
        LOG.debug("Database pool ready: {}", describe());
    }

    private long eagerCount() {
        return settings.values().stream().filter(DatabaseSettings::eager).count();
    }

    /** Closes every connection this pool opened; never throws; safe if never initialized. */
    @Override
    public void closePool() {
        for (KeyConnection link : links.values()) {
            link.close();
        }
        initialized = false;
    }

    /** UP unless a key's last connect failed or its connection was found lost and not yet replaced. */
    @Override
    public PoolHealth health() {
        Map<String, Long> counters = new LinkedHashMap<>();
        List<String> failing = new ArrayList<>();
        int open = 0;
        for (Map.Entry<String, KeyConnection> e : links.entrySet()) {
            boolean isOpen = e.getValue().isOpen();
            open += isOpen ? 1 : 0;
            counters.put("connections." + e.getKey(), isOpen ? 1L : 0L);
            if (e.getValue().isFailing()) {
                failing.add(e.getKey() + " (" + e.getValue().settings().address() + ")");
            }
        }
        counters.put("reconnects", stats.reconnects.sum());
        counters.put("failures", stats.failures.sum());
        counters.put("retries", stats.retries.sum());
        counters.put("pings", stats.pings.sum());
        String detail = open + " of " + links.size() + " connection(s) open";
        if (!failing.isEmpty()) {
            return PoolHealth.down(detail + "; failing: " + String.join(", ", failing), counters);
        }
        if (!initialized && open == 0) {
            return PoolHealth.unknown();
        }
        return PoolHealth.up(detail, counters);
    }

    /** For example {@code mysql default=127.0.0.1:3306/test, logs=db2:3307/logs}; no user or password. */
    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder("mysql");
        int i = 0;
        for (DatabaseSettings s : settings.values()) {
            sb.append(i++ == 0 ? " " : ", ").append(s.key()).append('=').append(s.address()).append('/')
                    .append(s.name());
        }
        return sb.toString();
    }

    @Override
    public Set<WorkerKind> workerKinds() {
        return workerKinds == null ? PoolInterface.super.workerKinds() : workerKinds;
    }

    /** Key to 1 if its connection is open, else 0; safe from any thread. */
    public Map<String, Integer> openConnections() {
        Map<String, Integer> result = new LinkedHashMap<>();
        links.forEach((key, link) -> result.put(key, link.isOpen() ? 1 : 0));
        return result;
    }

    /** The configured settings, key to settings, in configuration order. */
    public Map<String, DatabaseSettings> settings() {
        return java.util.Collections.unmodifiableMap(settings);
    }

    @Override
    public String toString() {
        return describe();
    }
}
