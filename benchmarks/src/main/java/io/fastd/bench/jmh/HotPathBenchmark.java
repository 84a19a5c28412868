package io.fastd.bench.jmh;

import io.fastd.kernel.worker.RequestClock;
import io.fastd.pool.mysql.Database;
import io.fastd.pool.mysql.DatabasePool;
import io.fastd.pool.mysql.DatabaseSettings;
import io.fastd.pool.mysql.StubPools;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@code DatabasePool.getConnection(key)} with the connection already open, over the no-op stub
 * driver. Each benchmark thread owns its own pool, as each worker does.
 *
 * <ul>
 *   <li>{@code requestClock}: the production wiring: idle window 30 s, the clock is the worker's
 *       {@link RequestClock} (a volatile read; the real clock is read once per request by the
 *       worker loop, not here).</li>
 *   <li>{@code nanoTime}: idle window 30 s, clock {@code System::nanoTime}: what a real clock read
 *       on the hot path would cost.</li>
 *   <li>{@code pingEveryCall}: idle window 0 with {@code System::nanoTime}: every hand-out takes the
 *       liveness-check path ({@code Connection.isValid}, a no-op on the stub, plus the ping counter).</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HotPathBenchmark {

    @Param({"requestClock", "nanoTime", "pingEveryCall"})
    public String mode;

    private DatabasePool pool;

    @Setup
    public void setUp() {
        Duration idle = mode.equals("pingEveryCall") ? Duration.ZERO : Duration.ofSeconds(30);
        LongSupplier clock = mode.equals("requestClock") ? new RequestClock() : System::nanoTime;
        DatabaseSettings settings = DatabaseSettings.builder("default").name("bench").host("127.0.0.1").user("bench")
                .idleCheck(idle).build();
        pool = StubPools.stubPool(Map.of("default", settings), clock);
        pool.initPool();
    }

    @TearDown
    public void tearDown() {
        pool.closePool();
    }

    @Benchmark
    public Database fastdGetConnection() {
        return pool.getConnection("default");
    }
}
