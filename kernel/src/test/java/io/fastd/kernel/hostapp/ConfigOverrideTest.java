package io.fastd.kernel.hostapp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Inject;
import com.google.inject.multibindings.Multibinder;
import io.fastd.kernel.Application;
import io.fastd.kernel.config.Config;
import io.fastd.kernel.provider.ServiceProvider;
import io.fastd.kernel.worker.Worker;
import io.fastd.kernel.worker.WorkerScoped;
import io.fastd.pool.PoolInterface;
import io.fastd.pool.WorkerKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host app's provider and pool read their own keys ({@code cache.*}, a namespace the kernel
 * knows nothing about); every layer reaches them, and an override that reaches nothing is
 * reported like any unused key.
 */
class ConfigOverrideTest {

    @TempDir
    Path dir;

    /** The host app's pool: its capacity comes from the config. */
    public static final class CachePool implements PoolInterface {
        final int capacity;

        @Inject
        CachePool(Config config) {
            this.capacity = config.getInt("cache.capacity", 1024);
        }

        @Override
        public void initPool() {
        }
    }

    /** The host app's provider: reads a key of its own while declaring bindings. */
    public static final class CacheProvider extends ServiceProvider {
        int ttlSeconds;

        @Override
        protected void configure() {
            ttlSeconds = config().getInt("cache.ttl_seconds", 60);
            bind(CachePool.class).in(WorkerScoped.class);
            Multibinder.newSetBinder(binder(), PoolInterface.class).addBinding().to(CachePool.class);
        }
    }

    private static Properties props(String... keyValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return properties;
    }

    private static Application app(Application.Builder builder, CacheProvider provider) {
        return builder.discoverProviders(false).provider(provider).build().start();
    }

    private static int capacityInAWorker(Application app) {
        Worker worker = app.startWorker(0, WorkerKind.REQUEST);
        try {
            return ((CachePool) worker.pools().get(0).pool()).capacity;
        } finally {
            worker.stop();
        }
    }

    @Test
    void aSystemPropertyReachesAPoolsAndAProvidersOwnKeys() {
        CacheProvider provider = new CacheProvider();
        Application app = app(Application.builder().environment(Map.of())
                .systemProperties(props("cache.capacity", "7", "cache.ttl_seconds", "5")), provider);

        assertThat(capacityInAWorker(app)).isEqualTo(7);
        assertThat(provider.ttlSeconds).isEqualTo(5);
        assertThat(app.config().source("cache.capacity")).contains("system property -Dcache.capacity");
        assertThat(app.config().unusedKeys()).isEmpty();
    }

    @Test
    void anEnvironmentVariableReachesAPoolsAndAProvidersOwnKeys() {
        CacheProvider provider = new CacheProvider();
        Application app = app(Application.builder().systemProperties(new Properties())
                .environment(Map.of("FASTD_CACHE__CAPACITY", "7", "FASTD_CACHE__TTL_SECONDS", "5")), provider);

        assertThat(capacityInAWorker(app)).isEqualTo(7);
        assertThat(provider.ttlSeconds).isEqualTo(5);
        assertThat(app.config().source("cache.capacity")).contains("environment variable FASTD_CACHE__CAPACITY");
    }

    @Test
    void layersOverrideAHostAppsFileInOrder() throws IOException {
        Files.writeString(dir.resolve("cache.yml"), "capacity: 100\nttl_seconds: 30\n");

        CacheProvider provider = new CacheProvider();
        Application app = app(Application.builder().configDirectory(dir)
                .environment(Map.of("FASTD_CACHE__CAPACITY", "50", "FASTD_CACHE__TTL_SECONDS", "20"))
                .systemProperties(props("cache.capacity", "7")), provider);

        assertThat(capacityInAWorker(app)).isEqualTo(7);
        assertThat(provider.ttlSeconds).isEqualTo(20);
    }

    @Test
    void aMisspelledSystemPropertyOfANamespaceSomeComponentReadsIsReportedWithAHint() {
        Application app = app(Application.builder().environment(Map.of())
                .systemProperties(props("cache.capacty", "7", "java.home", "/jdk", "io.netty.noUnsafe", "true")),
                new CacheProvider());

        assertThat(capacityInAWorker(app)).isEqualTo(1024);
        assertThat(app.config().unusedKeys()).extracting(Object::toString).containsExactly(
                "config key 'cache.capacty' (system property -Dcache.capacty) is not used by any component;"
                        + " did you mean 'cache.capacity'?");
    }

    @Test
    void everyFastdVariableIsOursSoAnUnreadOneIsReported() {
        Application app = app(Application.builder().systemProperties(new Properties())
                .environment(Map.of("FASTD_CACHE__CAPACTY", "7", "FASTD_SOMETHING_ELSE", "x", "HOME", "/root")),
                new CacheProvider());

        assertThat(capacityInAWorker(app)).isEqualTo(1024);
        assertThat(app.config().unusedKeys()).extracting(Object::toString).containsExactly(
                "config key 'cache.capacty' (environment variable FASTD_CACHE__CAPACTY) is not used by any component;"
                        + " did you mean 'cache.capacity'?",
                "config key 'something_else' (environment variable FASTD_SOMETHING_ELSE) is not used by any component");
    }
}
