package io.fastd.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fastd.kernel.Application;
import io.fastd.kernel.config.ConfigException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The README's settings snippet: a provider's own keys, read by the binder, every problem at once. */
class CacheSettingsTest {

    private static Application.Builder builder(String... keyValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return Application.builder().environment(Map.of()).systemProperties(properties).discoverProviders(false)
                .provider(new CacheProvider());
    }

    @Test
    void theProviderGetsTypedValuesAndDefaults() {
        Application app = builder("cache.ttl", "90s").build();

        CacheSettings settings = app.injector().getInstance(CacheSettings.class);

        assertThat(settings.capacity).isEqualTo(1024);
        assertThat(settings.ttl).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void everyBadKeyOfTheGroupIsReportedTogetherAndTheSecretIsNotShown() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> builder("cache.capacity", "0", "cache.ttl", "soon").build());

        assertThat(e).hasMessage("Invalid configuration (2 problems):"
                + "\n  - cache.capacity: '0' is not an integer from 1 to 1000000 (from system property -Dcache.capacity)"
                + "\n  - cache.ttl: 'soon' is not a duration such as 500ms, 5s, 2m or 1h"
                + " (from system property -Dcache.ttl)");
    }
}
