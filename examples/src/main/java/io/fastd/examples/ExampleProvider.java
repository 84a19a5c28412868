package io.fastd.examples;

import com.google.inject.multibindings.Multibinder;
import io.fastd.kernel.provider.ServiceProvider;
import io.fastd.kernel.server.api.DatagramHandler;
import io.fastd.kernel.server.api.HttpHandler;
import io.fastd.kernel.server.api.StartupCheck;
import io.fastd.kernel.worker.WorkerScoped;
import io.fastd.pool.PoolInterface;

/**
 * The example's own provider, listed in {@code app.services} after the standard ones: binds the
 * UDP and HTTP handlers, the hook that creates the table once per start ({@link SchemaSetup}),
 * and a pool of its own ({@link StatsPool}) that the kernel's walk picks up without the kernel
 * knowing about it.
 */
public final class ExampleProvider extends ServiceProvider {

    @Override
    protected void configure() {
        bind(StatsPool.class).in(WorkerScoped.class);
        Multibinder.newSetBinder(binder(), PoolInterface.class).addBinding().to(StatsPool.class);
        Multibinder.newSetBinder(binder(), StartupCheck.class).addBinding().to(SchemaSetup.class);
        bind(DatagramHandler.class).to(PingHandler.class);
        bind(HttpHandler.class).to(ItemsHandler.class);
    }
}
