package io.fastd.kernel.server.internal.metrics;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listener's request meters and access log, used on the request path. Every meter is
 * resolved once, when the listener is bound ({@link #bind}); a request then costs a counter
 * increment and a {@link Timer#record(long, TimeUnit)} on meters held in fields, no tag lookup, no
 * lock, no allocation. The access log costs one boolean test when off ({@code server.access_log}).
 *
 * <p>Until {@link #bind} (a UDP socket may read before its listener's URL is known) requests are
 * not counted. Every listener has them, a provider's protocol too ({@link #message}). Meters:
 * {@code fastd.requests} (counter, tags {@code listener}, {@code worker}): requests a worker ran;
 * {@code fastd.request.duration} (timer, tag {@code listener}, histogram buckets {@link #SLOS}):
 * from read to answered, queue wait included; {@code fastd.requests.rejected}
 * (counter, tag {@code listener}): refused because the worker's queue was full or the server stops
 * (503, {@code ERROR server busy}, dropped datagram); {@code fastd.datagrams.dropped} (counter,
 * tags {@code listener}, {@code reason}; UDP only).
 */
public final class ListenerMetrics {

    /** Histogram buckets of the request timer: 14 bounds from 0.5 ms to 10 s (and +Inf). */
    static final Duration[] SLOS = {Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2),
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    /** The logger of the access log. */
    public static final String ACCESS_LOGGER = "fastd.access";

    private static final Logger access = LoggerFactory.getLogger(ACCESS_LOGGER);

    /** Why a datagram got no handling; the {@code reason} tag of {@code fastd.datagrams.dropped}. */
    public enum Drop {
        /** Larger than {@code server.max_payload}. */
        TOO_LARGE,
        /** The worker's queue was full or the server stops. */
        REJECTED,
        /** The handler threw {@code BadRequestException}. */
        BAD_REQUEST,
        /** The reply was dropped: the socket's outbound buffer was full. */
        REPLY;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A listener that counts nothing and logs nothing (unit tests of the inbound handlers). */
    public static final ListenerMetrics NONE = new ListenerMetrics(null, 0, false, List.of());

    private final MeterRegistry registry;
    private final int workers;
    private final boolean accessLog;
    private final List<Meter> owned;
    private volatile Bound bound;

    /** The meters of a bound listener. */
    private record Bound(String url, Counter[] served, Timer duration, Counter rejected, Counter[] dropped) {
    }

    ListenerMetrics(MeterRegistry registry, int workers, boolean accessLog, List<Meter> owned) {
        this.registry = registry;
        this.workers = workers;
        this.accessLog = accessLog;
        this.owned = owned;
    }

    /** Registers this listener's meters tagged {@code listener=url} (the URL as the banner shows it). */
    public void bind(String url, boolean datagram) {
        requireNonNull(url, "url is null");
        if (registry == null) {
            return;
        }
        Counter[] served = new Counter[workers];
        for (int worker = 0; worker < workers; worker++) {
            served[worker] = own(Counter.builder("fastd.requests").description("requests a worker ran")
                    .tags("listener", url, "worker", Integer.toString(worker)).register(registry));
        }
        Timer duration = own(Timer.builder("fastd.request.duration")
                .description("time from reading a request to its answer, queue wait included")
                .tag("listener", url).serviceLevelObjectives(SLOS).register(registry));
        Counter rejected = own(Counter.builder("fastd.requests.rejected")
                .description("requests refused: the worker's queue was full or the server was stopping")
                .tag("listener", url).register(registry));
        Counter[] dropped = new Counter[Drop.values().length];
        if (datagram) {
            for (Drop drop : Drop.values()) {
                dropped[drop.ordinal()] = own(Counter.builder("fastd.datagrams.dropped")
                        .description("datagrams (or their replies) dropped").tags("listener", url, "reason", drop.tag())
                        .register(registry));
            }
        }
        bound = new Bound(url, served, duration, rejected, dropped);
    }

    private <M extends Meter> M own(M meter) {
        synchronized (owned) {
            owned.add(meter);
        }
        return meter;
    }

    /**
     * An HTTP request answered with {@code status} and {@code bytesOut} body bytes; {@code ran}:
     * by a worker's handler (else refused before it ran).
     */
    public void http(int worker, long startNanos, boolean ran, String method, String path, int status, int bytesOut) {
        long nanos = count(worker, startNanos, ran);
        if (accessLog) {
            access.info("{} worker={} {} {} status={} out={} us={}", url(), worker, method, printable(path), status,
                    bytesOut, nanos / 1000);
        }
    }

    /** A TCP frame of {@code size} bytes answered with {@code bytesOut} bytes. */
    public void frame(int worker, long startNanos, boolean ran, int size, int bytesOut) {
        long nanos = count(worker, startNanos, ran);
        if (accessLog) {
            access.info("{} worker={} frame={} out={} us={}", url(), worker, size, bytesOut, nanos / 1000);
        }
    }

    /** A datagram of {@code size} bytes answered with {@code bytesOut} bytes (0: no reply). */
    public void datagram(int worker, long startNanos, boolean ran, int size, int bytesOut) {
        long nanos = count(worker, startNanos, ran);
        if (accessLog) {
            access.info("{} worker={} datagram={} out={} us={}", url(), worker, size, bytesOut, nanos / 1000);
        }
    }

    /**
     * A message of a provider's protocol, of type {@code type} (its simple name), answered (or not:
     * a protocol may answer nothing); {@code ran}: by a worker's handler, which may have thrown.
     */
    public void message(int worker, long startNanos, boolean ran, String type) {
        long nanos = count(worker, startNanos, ran);
        if (accessLog) {
            access.info("{} worker={} message={} us={}", url(), worker, type, nanos / 1000);
        }
    }

    /** A datagram (or its reply) dropped for {@code reason}. */
    public void dropped(Drop reason) {
        Bound meters = bound;
        if (meters != null && meters.dropped[reason.ordinal()] != null) {
            meters.dropped[reason.ordinal()].increment();
        }
    }

    private long count(int worker, long startNanos, boolean ran) {
        long nanos = System.nanoTime() - startNanos;
        Bound meters = bound;
        if (meters != null) {
            if (ran) {
                if (worker >= 0 && worker < meters.served.length) {
                    meters.served[worker].increment();
                }
                meters.duration.record(nanos, TimeUnit.NANOSECONDS);
            } else {
                meters.rejected.increment();
            }
        }
        return nanos;
    }

    /** {@code path} with control characters (a decoded {@code %0A}...) escaped, so one request is one line. */
    static String printable(String path) {
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) < 0x20 || path.charAt(i) == 0x7f) {
                StringBuilder escaped = new StringBuilder(path.length() + 8);
                path.chars().forEach(c -> {
                    if (c < 0x20 || c == 0x7f) {
                        escaped.append(String.format("%%%02X", c));
                    } else {
                        escaped.append((char) c);
                    }
                });
                return escaped.toString();
            }
        }
        return path;
    }

    private String url() {
        Bound meters = bound;
        return meters == null ? "-" : meters.url;
    }
}
