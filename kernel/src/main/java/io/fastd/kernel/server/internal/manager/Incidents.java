package io.fastd.kernel.server.internal.manager;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dropped and failed requests, counted per cause, so a flood cannot flood the log: the first
 * incident of a quiet cause is logged in full, the next ones are only counted, and at most once
 * per {@link #INTERVAL} per cause one summary line says how many followed ("UDP datagram
 * dropped 354 more times in the last 5 s: server busy (worker 3)"). A cause stays quiet again
 * after an interval without incidents. {@link #flush()} (run every interval by the server, and
 * at stop) writes summaries that are due when no new incident comes. The totals since start show
 * in {@code status}. The number of causes is bounded ({@link #MAX_CAUSES}; beyond it they are
 * counted under "other causes"), so is the log: at most two lines per cause per interval.
 */
public final class Incidents {

    /** How often at most one cause gets a summary line. */
    static final Duration INTERVAL = Duration.ofSeconds(5);
    /** Causes tracked one by one. */
    static final int MAX_CAUSES = 256;

    /** Where the lines go: a WARN line of this class's logger, or a test's list. */
    public interface Sink {
        void warn(String line, Throwable cause);
    }

    private static final Logger log = LoggerFactory.getLogger(Incidents.class);

    private final Sink sink;
    private final LongSupplier nanoClock;
    private final long intervalNanos;
    private final ConcurrentMap<String, Cause> causes = new ConcurrentHashMap<>();
    private ScheduledExecutorService flusher;

    /** Logging to SLF4J on the system clock. */
    public Incidents() {
        this((line, cause) -> log.warn(line, cause), System::nanoTime, INTERVAL);
    }

    public Incidents(Sink sink, LongSupplier nanoClock, Duration interval) {
        this.sink = requireNonNull(sink, "sink is null");
        this.nanoClock = requireNonNull(nanoClock, "nanoClock is null");
        this.intervalNanos = interval.toNanos();
    }

    /**
     * Counts one incident of {@code event} ("UDP datagram dropped") for {@code cause} ("server
     * busy (worker 3)"); logs it in full (with {@code error}, may be null) if the cause was quiet.
     */
    public void record(String event, String cause, Throwable error) {
        String key = event + ": " + cause;
        Cause counted = causes.get(key);
        if (counted == null) {
            counted = causes.size() < MAX_CAUSES ? causes.computeIfAbsent(key, k -> new Cause(event, cause))
                    : causes.computeIfAbsent(event + ": other causes", k -> new Cause(event, "other causes"));
        }
        String line = counted.record(nanoClock.getAsLong());
        if (line != null) {
            sink.warn(line, line.startsWith(event + ": ") ? error : null);
        }
    }

    /** Flushes every {@link #INTERVAL} on a daemon thread until {@link #stopFlushing()}. */
    public synchronized void startFlushing() {
        if (flusher == null) {
            flusher = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "fastd-incidents");
                thread.setDaemon(true);
                return thread;
            });
            long every = INTERVAL.toMillis();
            flusher.scheduleAtFixedRate(this::flush, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /** Stops the flushing thread and writes every pending summary. */
    public synchronized void stopFlushing() {
        if (flusher != null) {
            flusher.shutdownNow();
            flusher = null;
        }
        flushAll();
    }

    /** Writes the summaries that are due. */
    public void flush() {
        long now = nanoClock.getAsLong();
        for (Cause cause : causes.values()) {
            String line = cause.flush(now, false);
            if (line != null) {
                sink.warn(line, null);
            }
        }
    }

    /** Writes every pending summary now (at stop). */
    private void flushAll() {
        long now = nanoClock.getAsLong();
        for (Cause cause : causes.values()) {
            String line = cause.flush(now, true);
            if (line != null) {
                sink.warn(line, null);
            }
        }
    }

    /** Incidents since start per {@code "<event>: <cause>"}, sorted. */
    public Map<String, Long> totals() {
        Map<String, Long> totals = new TreeMap<>();
        causes.forEach((key, cause) -> totals.put(key, cause.total()));
        return totals;
    }

    /** One cause's counters; its window is open from its first incident until a quiet interval. */
    private final class Cause {
        private final String event;
        private final String cause;
        private long total;
        private long pending;
        private long windowStart;
        private boolean open;

        Cause(String event, String cause) {
            this.event = event;
            this.cause = cause;
        }

        synchronized long total() {
            return total;
        }

        /** The line to log for this incident, or null. */
        public synchronized String record(long now) {
            total++;
            if (!open) {
                open = true;
                windowStart = now;
                pending = 0;
                return event + ": " + cause + " (more are counted and summarized every " + intervalNanos / 1_000_000_000L
                        + " s)";
            }
            pending++;
            return now - windowStart >= intervalNanos ? summary(now) : null;
        }

        synchronized String flush(long now, boolean force) {
            return open && (force || now - windowStart >= intervalNanos) ? summary(now) : null;
        }

        private String summary(long now) {
            if (pending == 0) {
                open = false;
                return null;
            }
            String line = event + " " + pending + " more time" + (pending == 1 ? "" : "s") + " in the last "
                    + Math.max(1, Math.round((now - windowStart) / 1e9)) + " s: " + cause + " (" + total + " since start)";
            pending = 0;
            windowStart = now;
            return line;
        }
    }
}
