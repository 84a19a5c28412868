package io.fastd.kernel;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.Multibinder;
import io.fastd.kernel.config.Config;
import io.fastd.kernel.worker.RequestClock;
import io.fastd.kernel.worker.WorkerContext;
import io.fastd.kernel.worker.WorkerListener;
import io.fastd.kernel.worker.WorkerScope;
import io.fastd.kernel.worker.WorkerScoped;
import io.fastd.pool.PoolInterface;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * What the kernel binds before any provider: the config, the worker scope, the current
 * {@link WorkerContext}, the worker's {@link RequestClock}, and an (initially empty) {@code Set<PoolInterface>} multibinder that
 * providers add their pools to, and an (initially empty) {@code Set<StartupCheck>} multibinder the
 * server runs before starting any worker, and an (initially empty) {@code Set<ListenerProtocol<?>>}
 * multibinder providers add listener protocols to. It also binds the application's one
 * {@link MeterRegistry} (a {@link PrometheusMeterRegistry}, also bound under that type): the
 * server's meters and any a host app registers through a provider are scraped together.
 */
final class KernelModule extends AbstractModule {

    private final Config config;
    private final WorkerScope workerScope;

    KernelModule(Config config, WorkerScope workerScope) {
        this.config = requireNonNull(config, "config is null");
        this.workerScope = requireNonNull(workerScope, "workerScope is null");
    }

    @Override
    protected void configure() {
        binder().disableCircularProxies();
        bind(Config.class).toInstance(config);
        bindScope(WorkerScoped.class, workerScope);
        bind(WorkerScope.class).toInstance(workerScope);
        bind(WorkerContext.class).toProvider(() -> {
            throw new IllegalStateException("WorkerContext is seeded by the worker scope; it is only available inside a worker");
        }).in(WorkerScoped.class);
        bind(RequestClock.class).in(WorkerScoped.class);
        Multibinder.newSetBinder(binder(), PoolInterface.class);
        Multibinder.newSetBinder(binder(), WorkerListener.class);
        Multibinder.newSetBinder(binder(), io.fastd.kernel.server.api.StartupCheck.class);
        Multibinder.newSetBinder(binder(), new TypeLiteral<io.fastd.kernel.server.api.protocol.ListenerProtocol<?>>() { });
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        bind(PrometheusMeterRegistry.class).toInstance(registry);
        bind(MeterRegistry.class).toInstance(registry);
    }
}
