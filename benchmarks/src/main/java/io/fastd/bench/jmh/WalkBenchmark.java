package io.fastd.bench.jmh;

import com.google.inject.AbstractModule;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.name.Names;
import io.fastd.kernel.Application;
import io.fastd.kernel.worker.Worker;
import io.fastd.kernel.worker.WorkerScope;
import io.fastd.kernel.worker.WorkerScoped;
import io.fastd.kernel.worker.internal.PoolPlan;
import io.fastd.pool.PoolInterface;
import io.fastd.pool.WorkerKind;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The walk, on an injector with {@code bindings} non-pool bindings (half unscoped, half
 * {@code @WorkerScoped}, every one a counting provider) and {@code pools} no-op pools bound
 * {@code @WorkerScoped}:
 * <ul>
 *   <li>{@code plan}: {@link PoolPlan#of}, the walk over every binding (once per application);</li>
 *   <li>{@code workerStart}: {@link Application#startWorker} + {@link Worker#stop()}: what each
 *       worker start costs (provision and init the planned pools in a fresh scope, then close).</li>
 * </ul>
 * The aux counter {@code nonPoolProvisions} counts calls of the counting providers: it must stay 0.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class WalkBenchmark {

    static final AtomicLong PROVISIONED = new AtomicLong();

    @Param({"10", "100", "1000", "10000"})
    public int bindings;

    @Param({"1", "10", "100"})
    public int pools;

    private Application app;
    private Injector injector;
    private WorkerScope scope;

    /**
     * Reported per iteration by JMH next to the score: how many times a counting provider ran
     * during the iteration (the benchmark methods copy the counter after every operation).
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Provisions {
        public long nonPoolProvisions;

        @Setup(Level.Iteration)
        public void reset() {
            nonPoolProvisions = 0;
            PROVISIONED.set(0);
        }
    }

    /** A pool that does nothing. */
    public static final class NoopPool implements PoolInterface {
        @Override
        public void initPool() {
        }
    }

    @Setup
    public void setUp() {
        int nonPool = bindings;
        int poolCount = pools;
        app = Application.builder().discoverProviders(false).environment(Map.of()).systemProperties(new Properties())
                .provider(new AbstractModule() {
                    @Override
                    protected void configure() {
                        for (int i = 0; i < nonPool; i++) {
                            var binding = bind(Key.get(Object.class, Names.named("b" + i))).toProvider(() -> {
                                PROVISIONED.incrementAndGet();
                                return new Object();
                            });
                            if (i % 2 == 1) {
                                binding.in(WorkerScoped.class);
                            }
                        }
                        for (int i = 0; i < poolCount; i++) {
                            bind(Key.get(NoopPool.class, Names.named("p" + i))).toProvider(NoopPool::new)
                                    .in(WorkerScoped.class);
                        }
                    }
                }).build().start();
        injector = app.injector();
        scope = injector.getInstance(WorkerScope.class);
        List<?> planned = PoolPlan.of(injector, scope).bindings();
        if (planned.size() != pools) {
            throw new IllegalStateException("expected " + pools + " pools, planned " + planned);
        }
        // The counter must see a provisioning, or its zero below proves nothing.
        PROVISIONED.set(0);
        injector.getInstance(Key.get(Object.class, Names.named("b0")));
        if (PROVISIONED.getAndSet(0) != 1) {
            throw new IllegalStateException("the counting provider did not count");
        }
    }

    @TearDown
    public void tearDown() {
        app.stop();
    }

    @Benchmark
    public PoolPlan plan(Provisions provisions) {
        PoolPlan plan = PoolPlan.of(injector, scope);
        provisions.nonPoolProvisions = PROVISIONED.get();
        return plan;
    }

    @Benchmark
    public Worker workerStart(Provisions provisions) {
        Worker worker = app.startWorker(0, WorkerKind.REQUEST);
        worker.stop();
        provisions.nonPoolProvisions = PROVISIONED.get();
        return worker;
    }
}
