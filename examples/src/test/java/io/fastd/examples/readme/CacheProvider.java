package io.fastd.examples.readme;

import io.fastd.kernel.provider.ServiceProvider;

/** README: the provider that reads {@link CacheSettings} when the application is built. */
public final class CacheProvider extends ServiceProvider {
    @Override
    protected void configure() {
        bind(CacheSettings.class).toInstance(new CacheSettings(config()));
    }
}
