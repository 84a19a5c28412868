package io.fastd.bench.jmh;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.fastd.bench.stub.StubDriver;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The baseline for {@link HotPathBenchmark}: HikariCP {@code getConnection()} + {@code close()}
 * over the same stub driver, one pool shared by all benchmark threads, {@code poolSize} connections
 * (all opened up front: minimumIdle = maximumPoolSize). Run with threads = poolSize for the fair
 * comparison, and with 2 threads on 1 connection to show threads outnumbering connections.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HikariBenchmark {

    @Param({"1", "2"})
    public int poolSize;

    private HikariDataSource dataSource;

    @Setup
    public void setUp() {
        StubDriver.register();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(StubDriver.URL);
        config.setDriverClassName(StubDriver.class.getName());
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(poolSize);
        config.setPoolName("bench-" + poolSize);
        config.setConnectionTimeout(30_000);
        dataSource = new HikariDataSource(config);
    }

    @TearDown
    public void tearDown() {
        dataSource.close();
    }

    @Benchmark
    public void hikariGetConnectionClose(Blackhole bh) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            bh.consume(c);
        }
    }
}
