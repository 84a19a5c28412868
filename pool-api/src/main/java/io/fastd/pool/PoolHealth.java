package io.fastd.pool;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A snapshot of a pool's health: a status, a one-line detail, and named counters (for example
 * {@code connections.default=1}, {@code reconnects=3}). Immutable; never holds secrets.
 */
public final class PoolHealth {

    /** Coarse health of a pool. */
    public enum Status {
        /** Every resource the pool holds is usable. */
        UP,
        /** At least one resource is known to be unusable. */
        DOWN,
        /** The pool does not report health, or has not been initialized. */
        UNKNOWN
    }

    private static final PoolHealth UNKNOWN = new PoolHealth(Status.UNKNOWN, "not reported", Map.of());

    private final Status status;
    private final String detail;
    private final Map<String, Long> counters;

    private PoolHealth(Status status, String detail, Map<String, Long> counters) {
        this.status = requireNonNull(status, "status is null");
        this.detail = requireNonNull(detail, "detail is null");
        this.counters = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(counters, "counters is null")));
    }

    public static PoolHealth unknown() {
        return UNKNOWN;
    }

    public static PoolHealth up(String detail, Map<String, Long> counters) {
        return new PoolHealth(Status.UP, detail, counters);
    }

    public static PoolHealth down(String detail, Map<String, Long> counters) {
        return new PoolHealth(Status.DOWN, detail, counters);
    }

    public Status status() {
        return status;
    }

    public String detail() {
        return detail;
    }

    /** Named counters in insertion order; unmodifiable. */
    public Map<String, Long> counters() {
        return counters;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PoolHealth that
                && status == that.status && detail.equals(that.detail) && counters.equals(that.counters);
    }

    @Override
    public int hashCode() {
        return (status.hashCode() * 31 + detail.hashCode()) * 31 + counters.hashCode();
    }

    @Override
    public String toString() {
        return status + " (" + detail + ")" + (counters.isEmpty() ? "" : " " + counters);
    }
}
