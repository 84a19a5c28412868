package io.fastd.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Key;
import com.google.inject.name.Names;
import io.fastd.kernel.provider.ProviderException;
import io.fastd.kernel.provider.ServiceProvider;
import io.fastd.kernel.worker.PoolInitializationException;
import io.fastd.kernel.worker.WorkerScoped;
import io.fastd.pool.PoolInterface;
import io.fastd.pool.WorkerKind;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApplicationTest {

    /** A pool whose driver quotes the password back, as some do. */
    public static class LeakyPool implements PoolInterface {
        private final String password;

        @com.google.inject.Inject
        LeakyPool(io.fastd.kernel.config.Config config) {
            this.password = config.require("database.default.pass");
        }

        @Override
        public void initPool() {
            throw new IllegalStateException("Access denied for user 'app' (password '" + password + "')");
        }
    }

    public static class LeakyProvider extends ServiceProvider {
        @Override
        protected void configure() {
            bind(LeakyPool.class).in(WorkerScoped.class);
        }
    }

    public static class GreetingProvider extends ServiceProvider {
        @Override
        protected void configure() {
            bindConstant().annotatedWith(Names.named("greeting")).to("hello from " + config().getString("app.name", "?"));
        }
    }

    @TempDir
    Path dir;

    private Application.Builder builder() {
        return Application.builder().configDirectory(dir).environment(Map.of()).systemProperties(new Properties())
                .discoverProviders(false);
    }

    @Test
    void providersListedInAppServicesAreInstalledWithTheConfig() throws IOException {
        Files.writeString(dir.resolve("app.yml"), "name: demo\nservices:\n  - " + GreetingProvider.class.getName() + "\n");

        Application app = builder().build();

        assertThat(app.name()).isEqualTo("demo");
        assertThat(app.injector().getInstance(Key.get(String.class, Names.named("greeting")))).isEqualTo("hello from demo");
    }

    @Test
    void aMeterRegisteredOnTheInjectedMeterRegistryIsInThePrometheusScrape() throws IOException {
        Files.writeString(dir.resolve("app.yml"), "name: demo\n");
        Application app = builder().build();

        app.injector().getInstance(MeterRegistry.class).counter("host.orders", "shop", "demo").increment(3);

        assertThat(app.injector().getInstance(PrometheusMeterRegistry.class).scrape())
                .contains("host_orders_total{shop=\"demo\"} 3.0");
    }

    @Test
    void anUnknownProviderNamesTheFileTheKeyAndTheClass() throws IOException {
        Files.writeString(dir.resolve("app.properties"), "services = com.example.NoSuchProvider\n");

        assertThatThrownBy(() -> builder().build())
                .isInstanceOf(ProviderException.class)
                .hasMessage("Cannot load service provider: app.services (file " + dir.resolve("app.properties")
                        + "): class 'com.example.NoSuchProvider' not found on the class path");
    }

    @Test
    void workerFailuresNeverShowAConfiguredSecret() throws IOException {
        Files.writeString(dir.resolve("database.yml"), "default:\n  pass: \"Tr0ub4dor&3\"\n");

        Application app = builder().provider(new LeakyProvider()).build().start();

        assertThatThrownBy(() -> app.startWorker(0, WorkerKind.REQUEST))
                .isInstanceOf(PoolInitializationException.class)
                .hasMessage("Pool failed to initialize in worker 0: " + LeakyPool.class.getName()
                        + " (LeakyPool): Access denied for user 'app' (password '[REDACTED]')");
    }

    @Test
    void aProviderFailureIsNotAlsoLoggedWithItsStackTraceByGuice() {
        java.util.logging.Logger guice = java.util.logging.Logger.getLogger(com.google.inject.Guice.class.getName());
        java.util.List<java.util.logging.LogRecord> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                if (guice.isLoggable(record.getLevel())) {
                    logged.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        guice.addHandler(handler);
        try {
            assertThatThrownBy(() -> builder().provider(new FailingProvider()).build())
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("bad config, clearly explained");
        } finally {
            guice.removeHandler(handler);
        }
        // Guice reports the caught exception (with its stack trace) at INFO on java.util.logging's console.
        assertThat(logged).isEmpty();
    }

    static final class FailingProvider extends ServiceProvider {
        @Override
        protected void configure() {
            throw new IllegalArgumentException("bad config, clearly explained");
        }
    }

    @Test
    void startIsIdempotentAndAStoppedApplicationCannotRestart() {
        Application app = builder().build();
        assertThat(app.start()).isSameAs(app.start());
        app.close();

        assertThatThrownBy(app::start).isInstanceOf(IllegalStateException.class)
                .hasMessage("application fast-d was stopped; build a new one");
    }
}
