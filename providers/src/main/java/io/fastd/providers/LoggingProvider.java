package io.fastd.providers;

import com.google.inject.multibindings.Multibinder;
import io.fastd.kernel.provider.ServiceProvider;
import io.fastd.kernel.worker.WorkerListener;
import org.slf4j.MDC;

/**
 * The logging provider: puts the worker into the SLF4J {@link MDC} under {@value #MDC_KEY}
 * ({@code worker 3}, {@code task worker 0}) on every worker thread when the worker starts, so a
 * log pattern with {@code %X{worker}} marks every line a worker writes. Reads no config keys;
 * the backend (Logback in the example) is configured by the host app.
 */
public final class LoggingProvider extends ServiceProvider {

    /** The MDC key holding the worker label. */
    public static final String MDC_KEY = "worker";

    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), WorkerListener.class).addBinding()
                .toInstance(worker -> MDC.put(MDC_KEY, worker.label()));
    }
}
