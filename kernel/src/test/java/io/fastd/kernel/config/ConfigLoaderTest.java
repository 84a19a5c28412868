package io.fastd.kernel.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private ConfigLoader loader(Map<String, String> env, Properties system) {
        return new ConfigLoader().directory(dir).environment(env).systemProperties(system);
    }

    private static Properties props(String... keyValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return properties;
    }

    private void write(String name, String content) throws IOException {
        Files.writeString(dir.resolve(name), content);
    }

    @Test
    void fileKeysArePrefixedWithTheFileName() throws IOException {
        write("app.yml", "name: fast-d\nservices:\n  - a.B\n  - c.D\n");
        write("server.properties", "worker_num = 4\nhost = udp://0.0.0.0:9527\n");

        Config config = loader(Map.of(), props()).load();

        assertThat(config.getString("app.name")).contains("fast-d");
        assertThat(config.getList("app.services")).containsExactly("a.B", "c.D");
        assertThat(config.getInt("server.worker_num", 1)).isEqualTo(4);
        assertThat(config.getString("server.host")).contains("udp://0.0.0.0:9527");
        assertThat(config.source("server.worker_num")).contains("file " + dir.resolve("server.properties"));
    }

    @Test
    void layersOverrideInOrderFileOverlayEnvironmentSystemProperty() throws IOException {
        write("server.yml", "a: file\nb: file\nc: file\nd: file\n");
        write(".env.yml", "server:\n  b: overlay\n  c: overlay\n  d: overlay\n");
        Map<String, String> env = Map.of("FASTD_SERVER__C", "env", "FASTD_SERVER__D", "env", "UNRELATED", "x");
        Properties system = props("server.d", "sysprop", "java.vendor.extra", "ignored");

        Config config = loader(env, system).load();

        assertThat(config.getString("server.a")).contains("file");
        assertThat(config.getString("server.b")).contains("overlay");
        assertThat(config.getString("server.c")).contains("env");
        assertThat(config.getString("server.d")).contains("sysprop");
        assertThat(config.source("server.b")).contains("overlay " + dir.resolve(".env.yml"));
        assertThat(config.source("server.c")).contains("environment variable FASTD_SERVER__C");
        assertThat(config.source("server.d")).contains("system property -Dserver.d");
        assertThat(config.keys()).noneMatch(key -> key.startsWith("java.") || key.startsWith("unrelated"));
    }

    @Test
    void bundledDefaultsAreTheLowestLayer() throws IOException {
        write("server.yml", "worker_num: 4\n");

        Config config = loader(Map.of(), props("app.name", "from-cli"))
                .defaultsResource("test-defaults.yml", getClass().getClassLoader()).load();

        assertThat(config.getInt("server.worker_num", 1)).isEqualTo(4);
        assertThat(config.getString("server.host")).contains("udp://0.0.0.0:9527");
        assertThat(config.source("server.host")).contains("defaults test-defaults.yml");
        assertThat(config.getString("app.name")).contains("from-cli");
    }

    @Test
    void aMissingDefaultsResourceIsNamed() {
        assertThatThrownBy(() -> new ConfigLoader().environment(Map.of()).systemProperties(props())
                .defaultsResource("nope.yml", getClass().getClassLoader()).load())
                .hasMessage("Invalid configuration: config resource nope.yml is not on the class path");
    }

    @Test
    void systemPropertiesReachBuiltInNamespacesWithoutAnyFile() {
        Config config = new ConfigLoader().environment(Map.of())
                .systemProperties(props("database.default.host", "10.0.0.5", "user.home", "/root")).load();

        assertThat(config.getString("database.default.host")).contains("10.0.0.5");
        assertThat(config.keys()).containsExactly("database.default.host");
        assertThat(config.unusedKeys()).isEmpty();
    }

    @Test
    void aSystemPropertyOfAnyNamespaceAnswersAReadOfItsKeyAndIsListedOnceRead() {
        Config config = new ConfigLoader().environment(Map.of())
                .systemProperties(props("cache.capacity", "7", "java.home", "/jdk")).load();

        assertThat(config.keys()).isEmpty();
        assertThat(config.getInt("cache.capacity", 1024)).isEqualTo(7);
        assertThat(config.source("cache.capacity")).contains("system property -Dcache.capacity");
        assertThat(config.subset("cache")).containsExactly(Map.entry("cache.capacity", "7"));
        assertThat(config.keys()).containsExactly("cache.capacity");
        assertThat(config).hasToString("Config{cache.capacity=7}");
    }

    @Test
    void anEnvironmentVariableMakesItsNamespaceAConfigNamespace() {
        Config config = new ConfigLoader().environment(Map.of("FASTD_CACHE__TTL", "5s"))
                .systemProperties(props("cache.capacity", "7")).load();

        assertThat(config.keys()).containsExactly("cache.ttl", "cache.capacity");
        assertThat(config.source("cache.capacity")).contains("system property -Dcache.capacity");
    }

    @Test
    void environmentSpellingRoundTrips() {
        assertThat(ConfigLoader.environmentVariableOf("server.worker_num")).isEqualTo("FASTD_SERVER__WORKER_NUM");
        assertThat(ConfigLoader.keyOfEnvironmentVariable("FASTD_DATABASE__DEFAULT__HOST")).isEqualTo("database.default.host");
    }

    @Test
    void wrongTypeNamesKeyValueAndSource() throws IOException {
        write("server.yml", "worker_num: twenty\n");

        Config config = loader(Map.of(), props()).load();

        assertThatThrownBy(() -> config.getInt("server.worker_num", 8))
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid configuration: server.worker_num: 'twenty' is not an integer (from file "
                        + dir.resolve("server.yml") + ")");
    }

    @Test
    void rangeAndBooleanAndDurationErrorsNameTheSource() {
        Config config = loader(Map.of(), props("server.port", "70000", "server.daemonize", "maybe",
                "server.timeout", "soon")).load();

        assertThatThrownBy(() -> config.getInt("server.port", 80, 1, 65535)).hasMessage(
                "Invalid configuration: server.port: '70000' is not an integer from 1 to 65535 (from system property -Dserver.port)");
        assertThatThrownBy(() -> config.getBoolean("server.daemonize", false)).hasMessage(
                "Invalid configuration: server.daemonize: 'maybe' is not a boolean (true/false) (from system property -Dserver.daemonize)");
        assertThatThrownBy(() -> config.getDuration("server.timeout")).hasMessage(
                "Invalid configuration: server.timeout: 'soon' is not a duration such as 500ms, 5s, 2m or 1h (from system property -Dserver.timeout)");
    }

    @Test
    void durationsAcceptUnits() {
        Config config = loader(Map.of(), props("server.a", "250ms", "server.b", "5s", "server.c", "2m", "server.d", "1500")).load();

        assertThat(config.getDuration("server.a")).contains(Duration.ofMillis(250));
        assertThat(config.getDuration("server.b")).contains(Duration.ofSeconds(5));
        assertThat(config.getDuration("server.c")).contains(Duration.ofMinutes(2));
        assertThat(config.getDuration("server.d")).contains(Duration.ofMillis(1500));
    }

    @Test
    void secretsAreRedactedInToStringDisplayErrorsAndQuotedText() throws IOException {
        write("database.yml", "default:\n  host: db\n  pass: Hunter2-Secret\n  port: Hunter2-Secret\n");
        Properties system = props("app.api_token", "tok-123456", "app.secret_keys", "app.custom");
        system.setProperty("app.custom", "custom-secret-value");

        Config config = loader(Map.of(), system).load();

        assertThat(config.toString()).doesNotContain("Hunter2-Secret", "tok-123456", "custom-secret-value")
                .contains("database.default.pass=[REDACTED]", "app.api_token=[REDACTED]", "app.custom=[REDACTED]",
                        "database.default.host=db");
        assertThat(config.display("database.default.pass")).isEqualTo("[REDACTED]");
        assertThat(config.redact("Access denied for 'root' using password Hunter2-Secret"))
                .isEqualTo("Access denied for 'root' using password [REDACTED]");
        assertThat(config.getString("database.default.pass")).contains("Hunter2-Secret");
        assertThat(config.display("database.default.port")).isEqualTo("[REDACTED]");
        assertThatThrownBy(() -> config.getInt("database.default.port", 3306)).hasMessage(
                "Invalid configuration: database.default.port: '[REDACTED]' is not an integer (from file "
                        + dir.resolve("database.yml") + ")");
    }

    @Test
    void typeErrorOnASecretKeyDoesNotEchoTheValue() {
        Config config = loader(Map.of(), props("database.default.password", "not-a-number")).load();

        assertThatThrownBy(() -> config.getInt("database.default.password", 0))
                .hasMessage("Invalid configuration: database.default.password: [REDACTED] is not an integer"
                        + " (from system property -Ddatabase.default.password)");
    }

    @Test
    void unusedKeysAreReportedWithADidYouMeanHint() throws IOException {
        write("server.yml", "workers_num: 4\nhost: udp://0.0.0.0:9527\nflavour: vanilla\n");

        Config config = loader(Map.of(), props()).load();
        config.getInt("server.worker_num", 8);
        config.getString("server.host");

        assertThat(config.unusedKeys()).extracting(Object::toString).containsExactly(
                "config key 'server.workers_num' (file " + dir.resolve("server.yml")
                        + ") is not used by any component; did you mean 'server.worker_num'?",
                "config key 'server.flavour' (file " + dir.resolve("server.yml") + ") is not used by any component");
    }

    @Test
    void subsetCountsAsRead() {
        Config config = loader(Map.of(), props("database.default.host", "h", "database.default.port", "1")).load();

        assertThat(config.subset("database")).containsExactly(
                Map.entry("database.default.host", "h"), Map.entry("database.default.port", "1"));
        assertThat(config.unusedKeys()).isEmpty();
    }

    @Test
    void everyFileProblemIsReportedTogether() throws IOException {
        write("app.yml", "name: a\n");
        write("app.properties", "name = b\n");
        write("server.yml", "host: [unclosed\n");

        assertThatThrownBy(() -> loader(Map.of(), props()).load())
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> {
                    ConfigException error = (ConfigException) e;
                    assertThat(error.problems()).hasSize(2);
                    assertThat(error.problems().get(0)).isEqualTo("config 'app' is defined twice, in "
                            + dir.resolve("app.properties") + " and " + dir.resolve("app.yml") + "; keep one of them");
                    assertThat(error.problems().get(1)).startsWith("config file " + dir.resolve("server.yml") + " cannot be parsed: ");
                    assertThat(error.getMessage()).startsWith("Invalid configuration (2 problems):\n  - config 'app'");
                });
    }

    @Test
    void missingDirectoryAndOverlayAreNamed() {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> new ConfigLoader().directory(missing).overlay(dir.resolve("missing.yml"))
                .environment(Map.of()).systemProperties(props()).load())
                .hasMessage("Invalid configuration (2 problems):\n  - config directory " + missing
                        + " does not exist or is not a directory\n  - config file " + dir.resolve("missing.yml")
                        + " is not a readable file");
    }

    @Test
    void requireNamesTheMissingKey() {
        Config config = Config.of(Map.of(), "test");
        assertThatThrownBy(() -> config.require("database.default.name"))
                .hasMessage("Invalid configuration: database.default.name: required but not set");
    }

    @Test
    void aConfigFileThatCannotBeReadIsReportedNotSkipped() throws IOException {
        // As root, permissions do not stop reads: a directory where a file should be is unreadable as a file.
        write("app.yml", "name: fast-d\n");
        Files.createDirectory(dir.resolve("database.yml"));

        assertThatThrownBy(() -> loader(Map.of(), props()).load())
                .hasMessage("Invalid configuration: config file " + dir.resolve("database.yml") + " is not a readable file");
    }

    @Test
    void aRecursiveYamlAliasIsAParseErrorNotAStackOverflow() throws IOException {
        // Found by the reliability suite's config fuzz test (ConfigFuzzTestInputs/yamlFiles/anchors).
        write("server.yml", "anchor: &a [*a]\n");

        assertThatThrownBy(() -> loader(Map.of(), props()).load())
                .isInstanceOf(ConfigException.class)
                .hasMessage("Invalid configuration: config file " + dir.resolve("server.yml")
                        + " cannot be parsed: nested too deeply (a recursive alias?)");
    }

    @Test
    void inlineValuesSitAboveTheOverlayAndBelowTheEnvironment() throws IOException {
        write("server.yml", "a: file\nb: file\nc: file\n");

        Config config = loader(Map.of("FASTD_SERVER__C", "env"), props())
                .inline(Map.of("server.b", "inline", "server.c", "inline", "cache.size", "3")).load();

        assertThat(config.getString("server.a")).contains("file");
        assertThat(config.getString("server.b")).contains("inline");
        assertThat(config.source("server.b")).contains("inline");
        assertThat(config.getString("server.c")).contains("env");
        assertThat(config.getInt("cache.size", 0)).isEqualTo(3);
    }
}
