package io.fastd.pool.mysql;

import io.fastd.bench.stub.StubDriver;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Benchmark-only access to {@link DatabasePool}'s package-private opener seam: a pool whose
 * connections come from the no-op {@link StubDriver} instead of MariaDB Connector/J. Lives in
 * pool-mysql's package (a split package on the class path) so pool-mysql exposes no public hook.
 */
public final class StubPools {

    private StubPools() {
    }

    /** A pool over {@code settings} reading {@code clock}, connecting through the stub driver. */
    public static DatabasePool stubPool(Map<String, DatabaseSettings> settings, LongSupplier clock) {
        StubDriver driver = StubDriver.register();
        return new DatabasePool(settings, clock, null, s -> driver.connect(StubDriver.URL, new java.util.Properties()));
    }
}
