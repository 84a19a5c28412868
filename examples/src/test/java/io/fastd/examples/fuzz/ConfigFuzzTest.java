package io.fastd.examples.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.fastd.kernel.config.Config;
import io.fastd.kernel.config.ConfigException;
import io.fastd.kernel.config.ConfigLoader;
import io.fastd.kernel.server.api.ServerSettings;
import io.fastd.pool.mysql.DatabaseConfigException;
import io.fastd.pool.mysql.DatabaseSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Fuzzes the config loading: fuzzed bytes as a YAML and a properties file of a config directory,
 * then the server and database settings read from the result. Loading may fail only with a
 * {@link ConfigException} (or a {@link DatabaseConfigException} for the database keys): any other
 * exception or error is a finding. Seeds: {@code ConfigFuzzTestInputs/<method>/} beside this class.
 */
class ConfigFuzzTest {

    private static final Path DIRECTORY = directory();

    private static Path directory() {
        try {
            return Files.createTempDirectory("fastd-config-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "5s")
    void yamlFiles(FuzzedDataProvider data) throws IOException {
        load(data, ".yml");
    }

    @FuzzTest(maxDuration = "5s")
    void propertiesFiles(FuzzedDataProvider data) throws IOException {
        load(data, ".properties");
    }

    static void load(FuzzedDataProvider data, String extension) throws IOException {
        String name = data.pickValue(new String[] {"server", "database", "app"});
        try (var files = Files.list(DIRECTORY)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.delete(file);
            }
        }
        Files.write(DIRECTORY.resolve(name + extension), data.consumeRemainingAsBytes());
        Config config;
        try {
            config = new ConfigLoader().directory(DIRECTORY).environment(Map.of()).systemProperties(new Properties()).load();
        } catch (ConfigException e) {
            return;
        }
        try {
            ServerSettings.from(config, "fuzz");
        } catch (ConfigException e) {
            // a clear refusal
        }
        try {
            DatabaseSettings.parse(config.subset("database"), key -> config.source(key).orElse("defaults"));
        } catch (DatabaseConfigException | ConfigException e) {
            // a clear refusal
        }
    }
}
