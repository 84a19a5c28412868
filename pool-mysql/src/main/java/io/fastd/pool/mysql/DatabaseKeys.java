package io.fastd.pool.mysql;

import io.fastd.kernel.config.Setting;
import io.fastd.kernel.config.SettingGroup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The keys of one database, {@code database.<key>.<field>}, each declared once (type, default,
 * allowed values, secrecy, description). {@link SettingsParser} reads them with the kernel's
 * binder; the README's database rows are rendered from {@link #declarations()}.
 */
public final class DatabaseKeys {

    /** Timeouts are handed to the driver as an {@code int} of milliseconds: 24 days fit. */
    static final Duration MAX_TIMEOUT = Duration.ofDays(24);

    static final Setting<String> ADAPTER = Setting.string("adapter")
            .map(value -> oneOf(value, DatabaseSettings.ADAPTERS, "adapter", "mysql, mariadb"))
            .defaultTo("mysql").describe("`mysql` or `mariadb`; both use the same driver");
    static final Setting<String> NAME = Setting.string("name")
            .map(value -> matching(value, DatabaseSettings.DB_NAME,
                    "a valid database name (letters, digits, '_', '$' or '-', at most 64 characters)"))
            .defaultText("required").describe("database (schema) name");
    static final Setting<String> HOST = Setting.string("host")
            .map(value -> matching(value, DatabaseSettings.HOST, "a valid host name or IP address"))
            .defaultText("required").describe("host name or IP");
    static final Setting<Integer> PORT = Setting.string("port").map(DatabaseKeys::port).defaultTo(3306)
            .describe("1-65535");
    static final Setting<String> USER = Setting.string("user").map(value -> {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("must not be empty");
        }
        return value;
    }).defaultText("required").describe("one database per key; `default` is the unnamed one");
    static final Setting<String> PASS = Setting.exactString("pass").secret().defaultText("empty")
            .describe("the password; never printed in errors, logs, `toString`, `describe`, health");
    static final Setting<String> PASSWORD = Setting.exactString("password").secret().defaultText("empty")
            .describe("the same as `pass`; set one of them");
    static final Setting<String> PASS_FILE = Setting.string("pass_file").map(value -> {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("must not be empty (a path to a file holding the password)");
        }
        return PasswordFile.read(Path.of(value));
    }).describe("read the password from this file: a regular file other users can neither read nor write; a link only"
            + " if owned by root or the current user; trailing line breaks stripped; not together with `pass`");
    static final Setting<String> CHARSET = Setting.string("charset")
            .map(value -> oneOf(value, DatabaseSettings.CHARSETS, "charset",
                    "utf8mb4, utf8mb3, utf8; the driver exchanges text as UTF-8"))
            .defaultTo("utf8mb4")
            .describe("`utf8mb4`, `utf8mb3` or `utf8`; MySQL's `utf8` is a 3-byte subset that loses 4-byte characters (emoji)");
    static final Setting<String> PREFIX = Setting.string("prefix")
            .map(value -> matching(value, DatabaseSettings.PREFIX,
                    "a valid table prefix (letters, digits or '_', at most 32 characters)"))
            .defaultText("empty").describe("prepended to table names given to the `Database` API");
    static final Setting<Duration> CONNECT_TIMEOUT = Setting.duration("connect_timeout").positive().max(MAX_TIMEOUT)
            .defaultTo(Duration.ofSeconds(5)).describe("time to open a connection; longer than 0");
    static final Setting<Duration> SOCKET_TIMEOUT = Setting.duration("socket_timeout").max(MAX_TIMEOUT)
            .defaultTo(Duration.ofSeconds(30)).describe("time a query's answer may take; `0` = none");
    static final Setting<Duration> IDLE_CHECK = Setting.duration("idle_check").max(MAX_TIMEOUT)
            .defaultTo(Duration.ofSeconds(30)).describe("a connection idle longer than this is pinged before use; `0` = ping on every hand-out");
    static final Setting<Boolean> EAGER = Setting.bool("eager").defaultTo(true)
            .defaultText("`database.eager`, else `true`")
            .describe("connect in `initPool()` (off: on first use; FastD #21)");
    /** {@code database.eager}: the default of every key's {@code eager}. */
    static final Setting<Boolean> GLOBAL_EAGER = Setting.bool("database.eager").defaultTo(true)
            .describe("the default of every key's `eager`");

    private static final SettingGroup DECLARATIONS = SettingGroup.of("database.<key>", ADAPTER, NAME, HOST, PORT, USER,
            PASS, PASSWORD, PASS_FILE, CHARSET, PREFIX, CONNECT_TIMEOUT, SOCKET_TIMEOUT, IDLE_CHECK, EAGER);

    private DatabaseKeys() {
    }

    /** {@code database.eager}, the one database key outside {@code database.<key>} declared here. */
    public static SettingGroup global() {
        return SettingGroup.of("database", GLOBAL_EAGER);
    }

    /** Every field of {@code database.<key>}, relative ({@code host}), in docs order. */
    public static SettingGroup declarations() {
        return DECLARATIONS;
    }

    /** The fields of {@code database.<key>}, with {@code eager} defaulting to {@code globalEager}. */
    static SettingGroup forKey(String key, boolean globalEager) {
        return SettingGroup.of("database." + key, ADAPTER, NAME, HOST, PORT, USER, PASS, PASSWORD, PASS_FILE, CHARSET,
                PREFIX, CONNECT_TIMEOUT, SOCKET_TIMEOUT, IDLE_CHECK, EAGER.defaultTo(globalEager)).under("database." + key);
    }

    private static String oneOf(String value, Set<String> allowed, String what, String supported) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (!allowed.contains(lower)) {
            throw new IllegalArgumentException("unsupported " + what + " " + Identifiers.forMessage(value)
                    + " (supported: " + supported + ")");
        }
        return lower;
    }

    private static String matching(String value, Pattern pattern, String expected) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("must not be empty");
        }
        if (!pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(Identifiers.forMessage(value) + " is not " + expected);
        }
        return value;
    }

    private static int port(String value) {
        int port = value.matches("[0-9]{1,5}") ? Integer.parseInt(value) : -1;
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(Identifiers.forMessage(value) + " is not a port number (1-65535)");
        }
        return port;
    }
}
