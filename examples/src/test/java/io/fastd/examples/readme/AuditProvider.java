package io.fastd.examples.readme;

import com.google.inject.multibindings.Multibinder;
import io.fastd.kernel.provider.ServiceProvider;
import io.fastd.kernel.worker.WorkerScoped;
import io.fastd.pool.PoolInterface;

/** README: a provider that contributes a pool; the kernel's walk finds it without further wiring. */
public final class AuditProvider extends ServiceProvider {
    @Override
    protected void configure() {
        bind(AuditLogPool.class).in(WorkerScoped.class);                                     // one per worker
        Multibinder.newSetBinder(binder(), PoolInterface.class).addBinding().to(AuditLogPool.class);
    }
}
