package io.fastd.pool.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class DatabaseSettingsParseTest {

    private static final Function<String, String> SOURCE = k -> "file /app/config/database.yml";

    private static Map<String, String> entries(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static Map<String, String> minimal(String key) {
        return entries("database." + key + ".host", "127.0.0.1", "database." + key + ".name", "test",
                "database." + key + ".user", "root");
    }

    private static DatabaseConfigException problems(Map<String, String> entries) {
        return catchThrowableOfType(DatabaseConfigException.class, () -> DatabaseSettings.parse(entries, SOURCE));
    }

    @Test
    void defaults() {
        DatabaseSettings s = DatabaseSettings.parse(minimal("default"), SOURCE).get("default");
        assertThat(s.adapter()).isEqualTo("mysql");
        assertThat(s.port()).isEqualTo(3306);
        assertThat(s.password()).isEmpty();
        assertThat(s.charset()).isEqualTo("utf8mb4");
        assertThat(s.prefix()).isEmpty();
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.socketTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.idleCheck()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.eager()).isTrue();
        assertThat(s.options()).isEmpty();
        assertThat(s.jdbcUrl()).isEqualTo("jdbc:mariadb://127.0.0.1:3306/test");
    }

    @Test
    void everyFieldAndOptionsAndIgnoresOtherEntries() {
        Map<String, String> e = minimal("default");
        e.putAll(entries("server.worker_num", "4", "database.default.adapter", "MariaDB",
                "database.default.port", "3307", "database.default.pass", "x", "database.default.charset", "utf8mb3",
                "database.default.prefix", "app_", "database.default.connect_timeout", "500ms",
                "database.default.socket_timeout", "2m", "database.default.idle_check", "1500",
                "database.default.eager", "FALSE", "database.default.options.sslMode", "trust"));
        DatabaseSettings s = DatabaseSettings.parse(e, SOURCE).get("default");
        assertThat(s.adapter()).isEqualTo("mariadb");
        assertThat(s.port()).isEqualTo(3307);
        assertThat(s.password()).isEqualTo("x");
        assertThat(s.charset()).isEqualTo("utf8mb3");
        assertThat(s.prefix()).isEqualTo("app_");
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(s.socketTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.idleCheck()).isEqualTo(Duration.ofMillis(1500));
        assertThat(s.eager()).isFalse();
        assertThat(s.options()).containsExactly(Map.entry("sslMode", "trust"));
    }

    @Test
    void globalEagerIsTheDefaultAndPerKeyWins() {
        Map<String, String> e = entries("database.eager", "false");
        e.putAll(minimal("a"));
        e.putAll(minimal("b"));
        e.put("database.b.eager", "true");
        Map<String, DatabaseSettings> all = DatabaseSettings.parse(e, SOURCE);
        assertThat(all.keySet()).containsExactly("a", "b");
        assertThat(all.get("a").eager()).isFalse();
        assertThat(all.get("b").eager()).isTrue();
    }

    @Test
    void everyProblemIsReportedTogetherWithExactTexts() {
        Map<String, String> e = entries(
                "database.default.host", "127.0.0.1",
                "database.default.port", "abc",
                "database.default.user", "root",
                "database.default.hots", "x",
                "database.default.connect_timeout", "5x",
                "database.default.eager", "maybe",
                "database.x.adapter", "pgsql",
                "database.x.host", "h",
                "database.x.name", "n",
                "database.x.user", "u",
                "database.x.charset", "latin1",
                "database.x.frobnicate", "1");
        DatabaseConfigException ex = problems(e);
        String from = " (from file /app/config/database.yml)";
        assertThat(ex.problems()).containsExactly(
                "database.default.port: 'abc' is not a port number (1-65535)" + from,
                "database.default.hots: unknown setting 'hots' (did you mean 'host'?)" + from,
                "database.default.connect_timeout: '5x' is not a duration such as 500ms, 5s, 2m or 1h" + from,
                "database.default.eager: 'maybe' is not a boolean (true/false)" + from,
                "database.default: missing required key 'database.default.name'",
                "database.x.adapter: unsupported adapter 'pgsql' (supported: mysql, mariadb)" + from,
                "database.x.charset: unsupported charset 'latin1' (supported: utf8mb4, utf8mb3, utf8; the driver"
                        + " exchanges text as UTF-8)" + from,
                "database.x.frobnicate: unknown setting 'frobnicate' (known: adapter, name, host, port, user, pass,"
                        + " password, pass_file, charset, prefix, connect_timeout, socket_timeout, idle_check, eager,"
                        + " options.<name>)" + from);
        assertThat(ex.getMessage()).startsWith("8 problems in the database configuration:\n  database.default.port: ");
        assertThat(ex.getMessage()).contains("\n  database.x.frobnicate: unknown setting 'frobnicate'");
    }

    @Test
    void missingRequiredKeysAndSourcelessEntries() {
        DatabaseConfigException ex = catchThrowableOfType(DatabaseConfigException.class,
                () -> DatabaseSettings.parse(entries("database.default.port", "0", "database.default.prefix", "a-b"),
                        k -> null));
        assertThat(ex.problems()).containsExactly(
                "database.default.port: '0' is not a port number (1-65535)",
                "database.default.prefix: 'a-b' is not a valid table prefix (letters, digits or '_', at most 32"
                        + " characters)",
                "database.default: missing required key 'database.default.name'",
                "database.default: missing required key 'database.default.host'",
                "database.default: missing required key 'database.default.user'");
        assertThat(ex.getMessage()).startsWith("5 problems");
    }

    @Test
    void passwordValuesAreNeverEchoed() {
        Map<String, String> e = minimal("default");
        e.put("database.default.pass", "S3cr3t-Pa55!");
        e.put("database.default.password", "S3cr3t-Pa55!");
        e.put("database.default.passwd", "S3cr3t-Pa55!");
        e.put("database.default.options.password", "S3cr3t-Pa55!");
        DatabaseConfigException ex = problems(e);
        assertThat(ex.problems()).containsExactly(
                "database.default.password: both 'pass' and 'password' are set; keep one"
                        + " (from file /app/config/database.yml)",
                "database.default.passwd: unknown setting 'passwd' (did you mean 'pass'?)"
                        + " (from file /app/config/database.yml)",
                "database.default.options.password: set credentials with 'database.default.user' and"
                        + " 'database.default.pass', not as driver options (from file /app/config/database.yml)");
        assertThat(ex.getMessage()).doesNotContain("S3cr3t");
        DatabaseSettings ok = DatabaseSettings.parse(Map.of("database.default.host", "h", "database.default.name", "n",
                "database.default.user", "u", "database.default.password", "S3cr3t-Pa55!"), SOURCE).get("default");
        assertThat(ok.password()).isEqualTo("S3cr3t-Pa55!");
        assertThat(ok.toString()).doesNotContain("S3cr3t").contains("password=<hidden>");
    }

    @Test
    void durationsAndBoundaries() {
        Map<String, String> ok = minimal("default");
        ok.put("database.default.connect_timeout", "1 h");
        ok.put("database.default.eager", "yes");
        DatabaseSettings s = DatabaseSettings.parse(ok, SOURCE).get("default");
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofHours(1));
        assertThat(s.eager()).isTrue();
        Map<String, String> e = minimal("default");
        e.put("database.default.connect_timeout", "0");
        e.put("database.default.idle_check", "0");
        e.put("database.default.port", "65536");
        e.put("database.default.socket_timeout", "600h");
        assertThat(problems(e).problems()).containsExactly(
                "database.default.connect_timeout: '0' is not a duration longer than 0 (from file /app/config/database.yml)",
                "database.default.port: '65536' is not a port number (1-65535) (from file /app/config/database.yml)",
                "database.default.socket_timeout: '600h' is not a duration of at most 576h"
                        + " (from file /app/config/database.yml)");
    }

    @Test
    void valuesAreEscapedInMessages() {
        Map<String, String> e = minimal("default");
        e.put("database.default.host", "evil'\nhost");
        assertThat(problems(e).problems()).containsExactly(
                "database.default.host: 'evil\\'\\nhost' is not a valid host name or IP address"
                        + " (from file /app/config/database.yml)");
    }
}
