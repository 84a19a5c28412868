package io.fastd.kernel.server.internal.metrics;

import io.fastd.kernel.server.internal.manager.SlotRunner;
import io.fastd.kernel.server.internal.manager.WorkerSlot;
import io.fastd.kernel.worker.PoolStatus;
import io.fastd.kernel.worker.Worker;
import io.fastd.pool.PoolHealth;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * The meters of worker slots and their pools, all functions over the live slot (never over one
 * worker): a replaced worker's successor is read by the same meters, and nothing keeps a stopped
 * worker or its pools. Per slot (tags {@code worker}, {@code kind}): {@code fastd.worker.queue.depth},
 * {@code fastd.worker.running} (1 while RUNNING), and the slot's own counters
 * {@code fastd.worker.served}, {@code fastd.worker.rejected} (queue full), {@code fastd.worker.starts},
 * {@code fastd.worker.deaths}, {@code fastd.worker.recycles}. Per pool of the slot's worker (tags
 * {@code worker}, {@code kind}, {@code pool} = its description as status shows it), read from the
 * pool's {@link PoolHealth} counters and {@link PoolStatus}: {@code fastd.pool.up},
 * {@code fastd.pool.init} (init time), and where the pool reports them {@code fastd.pool.connections}
 * (one gauge per {@code connections.<key>} counter, tagged {@code key}), {@code fastd.pool.reconnects},
 * {@code fastd.pool.failures}, {@code fastd.pool.retries}, {@code fastd.pool.pings}. A pool value
 * reads NaN while the slot has no running worker.
 */
final class WorkerMeters {

    /** Pool health counters exposed as counters {@code fastd.pool.<name>}. */
    private static final List<String> POOL_COUNTERS = List.of("reconnects", "failures", "retries", "pings");
    private static final String CONNECTIONS = "connections.";

    private final MeterRegistry registry;
    private final Consumer<Meter> owned;
    /** What the function counters read: they hold it weakly, so this keeps it while the server runs. */
    private final List<Object> sources = new ArrayList<>();

    WorkerMeters(MeterRegistry registry, Consumer<Meter> owned) {
        this.registry = registry;
        this.owned = owned;
    }

    /** Registers the slot's meters, and those of the pools its current worker holds. */
    void register(WorkerSlot slot) {
        Tags tags = Tags.of("worker", Integer.toString(slot.id()), "kind", slot.kind().name().toLowerCase(Locale.ROOT));
        owned.accept(Gauge.builder("fastd.worker.queue.depth", slot, s -> s.queue().size()).tags(tags)
                .description("requests waiting in the worker's queue").strongReference(true).register(registry));
        owned.accept(Gauge.builder("fastd.worker.running", slot, s -> s.state() == WorkerSlot.State.RUNNING ? 1 : 0)
                .tags(tags).description("1 while the slot's worker is running").strongReference(true).register(registry));
        counter("fastd.worker.served", slot, WorkerSlot::served, tags, "requests (tasks) served by the slot's workers");
        counter("fastd.worker.rejected", slot, WorkerSlot::refused, tags, "requests refused: the queue was full");
        counter("fastd.worker.starts", slot, WorkerSlot::generations, tags, "workers started in the slot");
        counter("fastd.worker.deaths", slot, WorkerSlot::deaths, tags, "workers of the slot that died");
        counter("fastd.worker.recycles", slot, WorkerSlot::recycles, tags, "workers recycled after server.max_request");
        Worker worker = worker(slot);
        if (worker != null) {
            for (PoolStatus pool : worker.pools()) {
                registerPool(slot, pool.description(), pool.health(), tags);
            }
        }
    }

    private void registerPool(WorkerSlot slot, String description, PoolHealth health, Tags workerTags) {
        Tags tags = workerTags.and("pool", description);
        PoolReader reader = new PoolReader(slot, description);
        owned.accept(Gauge.builder("fastd.pool.up", reader, r -> r.value(pool -> pool.health().status() == PoolHealth.Status.UP ? 1 : 0))
                .tags(tags).description("1 while the pool reports UP").strongReference(true).register(registry));
        owned.accept(TimeGauge.builder("fastd.pool.init", reader, TimeUnit.NANOSECONDS,
                        r -> r.value(pool -> pool.initTime().toNanos()))
                .tags(tags).description("how long the pool's initPool() took").strongReference(true).register(registry));
        Map<String, Long> counters = health.counters();
        for (String name : counters.keySet()) {
            if (name.startsWith(CONNECTIONS)) {
                String key = name.substring(CONNECTIONS.length());
                owned.accept(Gauge.builder("fastd.pool.connections", reader,
                                r -> r.value(pool -> pool.health().counters().getOrDefault(name, 0L)))
                        .tags(tags.and("key", key)).description("open connections of the pool, per database key")
                        .strongReference(true).register(registry));
            }
        }
        for (String name : POOL_COUNTERS) {
            if (counters.containsKey(name)) {
                counter("fastd.pool." + name, reader, r -> r.value(pool -> pool.health().counters().getOrDefault(name, 0L)),
                        tags, "the pool's " + name + " counter (restarts with each worker)");
            }
        }
    }

    private <T> void counter(String name, T source, ToDoubleFunction<T> value, Tags tags, String description) {
        sources.add(source);
        owned.accept(FunctionCounter.builder(name, source, value).tags(tags).description(description).register(registry));
    }

    /** The slot's running worker, or null. */
    static Worker worker(WorkerSlot slot) {
        SlotRunner runner = slot.current();
        Worker worker = runner == null ? null : runner.worker();
        return worker == null || worker.isStopped() ? null : worker;
    }

    /** Finds the pool of that description in the slot's current worker, at every read. */
    private record PoolReader(WorkerSlot slot, String description) {
        double value(ToDoubleFunction<PoolStatus> read) {
            Worker worker = worker(slot);
            if (worker != null) {
                for (PoolStatus pool : worker.pools()) {
                    if (pool.description().equals(description)) {
                        return read.applyAsDouble(pool);
                    }
                }
            }
            return Double.NaN;
        }
    }
}
