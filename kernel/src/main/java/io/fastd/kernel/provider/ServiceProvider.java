package io.fastd.kernel.provider;

import com.google.inject.AbstractModule;
import io.fastd.kernel.config.Config;

/**
 * A service provider: a Guice module with access to the application's {@link Config}, the Java
 * face of FastD's {@code ServiceProviderInterface}. List it in {@code app.services}, pass it to
 * {@code Application.builder().provider(...)}, or register it for {@link java.util.ServiceLoader}
 * in {@code META-INF/services/io.fastd.kernel.provider.ServiceProvider}.
 *
 * <p>Rules: {@link #configure()} only declares bindings; it never opens connections or starts
 * threads (open resources in a pool's {@code initPool()}). A provider listed by class name needs
 * a public no-argument constructor. The same provider class registered more than once is
 * installed once.
 */
public abstract class ServiceProvider extends AbstractModule {

    private Config config;

    /** The application's config; available inside {@link #configure()}. */
    protected final Config config() {
        if (config == null) {
            throw new IllegalStateException(getClass().getName()
                    + ".config() is only available once the provider is installed by an Application");
        }
        return config;
    }

    /** Called by the kernel before the injector is created. */
    final void attach(Config config) {
        this.config = config;
    }
}
