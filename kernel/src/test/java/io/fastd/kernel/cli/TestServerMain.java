package io.fastd.kernel.cli;

import com.google.inject.AbstractModule;
import io.fastd.kernel.Application;
import io.fastd.kernel.server.api.HttpHandler;
import io.fastd.kernel.server.api.HttpResponse;
import io.fastd.kernel.worker.WorkerScoped;
import io.fastd.pool.PoolHealth;
import io.fastd.pool.PoolInterface;
import java.util.Map;

/** A host app's main for the second-process tests: config from -D properties, one HTTP handler. */
public final class TestServerMain {

    private TestServerMain() {
    }

    /** The system property naming a file whose presence makes {@link MemoryPool} report DOWN. */
    public static final String DOWN_MARKER = "test.down_marker";

    /** A pool reporting one connection per worker; DOWN while the file {@link #DOWN_MARKER} names exists. */
    public static final class MemoryPool implements PoolInterface {
        private volatile boolean open;

        @Override
        public void initPool() {
            open = true;
        }

        @Override
        public void closePool() {
            open = false;
        }

        @Override
        public PoolHealth health() {
            String marker = System.getProperty(DOWN_MARKER);
            if (marker != null && java.nio.file.Files.exists(java.nio.file.Path.of(marker))) {
                return PoolHealth.down("marker file present", Map.of("connections.default", 0L));
            }
            return PoolHealth.up("ok", Map.of("connections.default", open ? 1L : 0L));
        }

        @Override
        public String describe() {
            return "memory default=test";
        }
    }

    public static Application app() {
        return Application.builder().discoverProviders(false).provider(new AbstractModule() {
            @Override
            protected void configure() {
                bind(MemoryPool.class).in(WorkerScoped.class);
            }

            @com.google.inject.Provides
            HttpHandler handler(io.fastd.kernel.config.Config config) {
                return request -> {
                    if (request.path().equals("/secret-length")) {
                        // Whether a secret moved off the command line still arrived: its length only.
                        return HttpResponse.text(200, Integer.toString(config.getString("database.default.pass", "").length()));
                    }
                    if (request.path().equals("/hang")) {
                        // An in-flight request that outlives any graceful stop (bounded: 2 minutes);
                        // the marker file tells the test it is in flight.
                        java.nio.file.Files.writeString(java.nio.file.Path.of(System.getProperty("test.hang_marker")), "in flight");
                        java.util.concurrent.locks.LockSupport.parkNanos(java.util.concurrent.TimeUnit.MINUTES.toNanos(2));
                    }
                    return HttpResponse.text(200, "hello");
                };
            }
        }).build();
    }

    public static void main(String[] args) {
        Cli.main(app(), args);
    }

}
