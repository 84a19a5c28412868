package io.fastd.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fastd.kernel.config.ConfigException;
import io.fastd.kernel.provider.ServiceProvider;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** {@code app.strict_config}: unused keys fail the start instead of a warning. */
class StrictConfigTest {

    /** Reads cache.capacity, as a host app's provider would. */
    static final class CacheProvider extends ServiceProvider {
        @Override
        protected void configure() {
            config().getInt("cache.capacity", 16);
        }
    }

    private static Application build(Map<String, String> config) {
        return Application.builder().environment(Map.of()).systemProperties(new Properties()).discoverProviders(false)
                .provider(new CacheProvider()).config(config).build();
    }

    @Test
    void underStrictConfigEveryUnusedKeyFailsTheStartWithItsHint() {
        Application app = build(Map.of("app.strict_config", "true", "cache.capacty", "7", "cache.colour", "red"));

        ConfigException e = catchThrowableOfType(ConfigException.class, app::start);

        assertThat(e.problems()).containsExactlyInAnyOrder(
                "config key 'cache.capacty' (inline) is not used by any component; did you mean 'cache.capacity'?"
                        + " (app.strict_config is true)",
                "config key 'cache.colour' (inline) is not used by any component (app.strict_config is true)");
        assertThat(app.singletonPools()).isEmpty();
    }

    @Test
    void withoutStrictConfigAnUnusedKeyOnlyWarns() {
        Application app = build(Map.of("cache.capacty", "7"));

        app.start();

        assertThat(app.config().unusedKeys()).extracting(Object::toString).containsExactly(
                "config key 'cache.capacty' (inline) is not used by any component; did you mean 'cache.capacity'?");
        app.stop();
    }

    @Test
    void aBadStrictConfigValueFailsTheBuildNamingItsSource() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> build(Map.of("app.strict_config", "maybe")));

        assertThat(e).hasMessage("Invalid configuration: app.strict_config: 'maybe' is not a boolean (true/false) (from inline)");
    }
}
