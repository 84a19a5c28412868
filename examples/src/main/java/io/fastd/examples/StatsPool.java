package io.fastd.examples;

import io.fastd.pool.PoolHealth;
import io.fastd.pool.PoolInterface;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The example's own pool, to show extension: not a database, just per-worker request counters
 * that the kernel's walk finds and starts like any other pool, and that {@code status} shows
 * through {@link #health()}. Bound {@code @WorkerScoped} by {@link ExampleProvider}.
 */
public class StatsPool implements PoolInterface {

    private final LongAdder datagrams = new LongAdder();
    private final LongAdder httpRequests = new LongAdder();
    private volatile boolean started;

    @Override
    public void initPool() {
        datagrams.reset();
        httpRequests.reset();
        started = true;
    }

    @Override
    public void closePool() {
        started = false;
    }

    public void countDatagram() {
        datagrams.increment();
    }

    public void countHttpRequest() {
        httpRequests.increment();
    }

    @Override
    public PoolHealth health() {
        Map<String, Long> counters = Map.of("datagrams", datagrams.sum(), "http_requests", httpRequests.sum());
        return started ? PoolHealth.up("counting", counters) : PoolHealth.down("stopped", counters);
    }

    @Override
    public String describe() {
        return "stats (in memory)";
    }
}
