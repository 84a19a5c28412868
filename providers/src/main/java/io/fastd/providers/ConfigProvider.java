package io.fastd.providers;

import io.fastd.kernel.config.Config;
import io.fastd.kernel.provider.ServiceProvider;

/**
 * The config provider: FastD's {@code ConfigServiceProvider}. The kernel already binds
 * {@link Config} itself (a singleton); this provider adds {@link AppInfo} (a singleton read from
 * {@code app.name} and {@code app.version}) so handlers can name the application without
 * reading raw keys.
 */
public final class ConfigProvider extends ServiceProvider {

    @Override
    protected void configure() {
        Config config = config();
        bind(AppInfo.class).toInstance(new AppInfo(io.fastd.kernel.AppSettings.name(config),
                io.fastd.kernel.AppSettings.version(config)));
    }
}
