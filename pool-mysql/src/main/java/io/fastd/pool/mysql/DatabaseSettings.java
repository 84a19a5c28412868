package io.fastd.pool.mysql;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The immutable settings of one configured database key ({@code database.<key>.*}).
 *
 * <p>The keys, their defaults and allowed values are declared once in {@link DatabaseKeys}.
 *
 * <p><b>Charset:</b> keep the default {@code utf8mb4}. MySQL's {@code utf8} (an alias of
 * {@code utf8mb3}) is a 3-byte subset of UTF-8: it cannot store 4-byte characters such as
 * emoji or many CJK extension characters, which the server rejects or truncates. Only the UTF-8
 * family is accepted because Connector/J always exchanges text with the server as UTF-8.
 *
 * <p>The password is never part of {@link #toString()}, error messages or logs.
 */
public final class DatabaseSettings {

    /** Adapters accepted in {@code database.<key>.adapter}. */
    public static final Set<String> ADAPTERS = Set.of("mysql", "mariadb");
    /** Charsets accepted in {@code database.<key>.charset}. */
    public static final Set<String> CHARSETS = Set.of("utf8mb4", "utf8mb3", "utf8");

    static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    static final Pattern DB_NAME = Pattern.compile("[A-Za-z0-9_$-]{1,64}");
    static final Pattern HOST = Pattern.compile("[A-Za-z0-9._:\\[\\]-]{1,255}");
    static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_]{0,32}");
    static final Pattern OPTION = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");

    private final String key;
    private final String adapter;
    private final String name;
    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final String charset;
    private final String prefix;
    private final Duration connectTimeout;
    private final Duration socketTimeout;
    private final Duration idleCheck;
    private final boolean eager;
    private final Map<String, String> options;

    private DatabaseSettings(Builder b) {
        this.key = b.key;
        this.adapter = b.adapter;
        this.name = b.name;
        this.host = b.host;
        this.port = b.port;
        this.user = b.user;
        this.password = b.password;
        this.charset = b.charset;
        this.prefix = b.prefix;
        this.connectTimeout = b.connectTimeout;
        this.socketTimeout = b.socketTimeout;
        this.idleCheck = b.idleCheck;
        this.eager = b.eager;
        this.options = Collections.unmodifiableMap(new LinkedHashMap<>(b.options));
    }

    /** A builder for the settings of {@code key}, with every default filled in. */
    public static Builder builder(String key) {
        return new Builder(key);
    }

    /**
     * Parses every {@code database.<key>.<field>} entry of {@code entries} (other entries are
     * ignored) into settings per key, in the order keys first appear. {@code database.eager}
     * sets the default of {@code eager} for every key; {@code database.<key>.eager} wins.
     *
     * @param entries  flattened configuration, for example {@code database.default.host -> db1}
     * @param sourceOf describes where a full key came from (for example
     *                 {@code file /app/config/database.yml}), or returns {@code null}
     * @throws DatabaseConfigException listing every problem found, never a password value
     */
    public static Map<String, DatabaseSettings> parse(Map<String, String> entries, Function<String, String> sourceOf) {
        return new SettingsParser(entries, sourceOf).parse();
    }

    /**
     * Every problem of {@code entries} that {@link #parse} would report (a missing {@code name}, {@code host} or {@code user} only when
     * {@code requireConnection}: false when a factory fills them in, as the example's embedded
     * server does). For checks before anything is started.
     */
    public static List<String> check(Map<String, String> entries, Function<String, String> sourceOf,
                                     boolean requireConnection) {
        try {
            new SettingsParser(entries, sourceOf).requireConnection(requireConnection).parse();
            return List.of();
        } catch (DatabaseConfigException e) {
            return e.problems();
        }
    }

    public String key() {
        return key;
    }

    public String adapter() {
        return adapter;
    }

    /** The database (schema) name. */
    public String name() {
        return name;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    /** The password; never log or print it. */
    public String password() {
        return password;
    }

    public String charset() {
        return charset;
    }

    /** Prepended to every table name the {@link Database} API is given. */
    public String prefix() {
        return prefix;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration socketTimeout() {
        return socketTimeout;
    }

    /** How long a connection may stay unused before it is pinged before being handed out. */
    public Duration idleCheck() {
        return idleCheck;
    }

    /** Whether {@link DatabasePool#initPool()} opens this key's connection. */
    public boolean eager() {
        return eager;
    }

    /** Extra driver properties, unmodifiable. */
    public Map<String, String> options() {
        return options;
    }

    /** {@code host:port}, for messages. */
    public String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** The JDBC URL, without credentials. */
    public String jdbcUrl() {
        return "jdbc:mariadb://" + address() + "/" + name;
    }

    /** A builder prefilled with these settings. */
    public Builder toBuilder() {
        Builder b = new Builder(key).adapter(adapter).name(name).host(host).port(port).user(user)
                .password(password).charset(charset).prefix(prefix).connectTimeout(connectTimeout)
                .socketTimeout(socketTimeout).idleCheck(idleCheck).eager(eager);
        options.forEach(b::option);
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DatabaseSettings s && key.equals(s.key) && adapter.equals(s.adapter)
                && name.equals(s.name) && host.equals(s.host) && port == s.port && user.equals(s.user)
                && password.equals(s.password) && charset.equals(s.charset) && prefix.equals(s.prefix)
                && connectTimeout.equals(s.connectTimeout) && socketTimeout.equals(s.socketTimeout)
                && idleCheck.equals(s.idleCheck) && eager == s.eager && options.equals(s.options);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(key, name, host, port, user);
    }

    /** Everything but the password (and driver option values, which may hold secrets). */
    @Override
    public String toString() {
        return "DatabaseSettings{key=" + key + ", adapter=" + adapter + ", " + user + "@" + address() + "/" + name
                + ", password=" + (password.isEmpty() ? "<empty>" : "<hidden>") + ", charset=" + charset
                + ", prefix=" + prefix + ", connectTimeout=" + connectTimeout.toMillis() + "ms"
                + ", socketTimeout=" + socketTimeout.toMillis() + "ms, idleCheck=" + idleCheck.toMillis() + "ms"
                + ", eager=" + eager + ", options=" + options.keySet() + "}";
    }

    /**
     * Builds {@link DatabaseSettings}. Setters reject invalid values with
     * {@link IllegalArgumentException}; {@link #build()} checks the required fields.
     */
    public static final class Builder {
        private final String key;
        private String adapter = "mysql";
        private String name;
        private String host;
        private int port = 3306;
        private String user;
        private String password = "";
        private String charset = "utf8mb4";
        private String prefix = "";
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration socketTimeout = Duration.ofSeconds(30);
        private Duration idleCheck = Duration.ofSeconds(30);
        private boolean eager = true;
        private final Map<String, String> options = new LinkedHashMap<>();

        private Builder(String key) {
            requireNonNull(key, "key is null");
            if (!KEY.matcher(key).matches()) {
                throw new IllegalArgumentException("invalid database key " + Identifiers.forMessage(key)
                        + " (expected letters, digits, '_' or '-', at most 64)");
            }
            this.key = key;
        }

        public Builder adapter(String adapter) {
            requireNonNull(adapter, "adapter is null");
            check(ADAPTERS.contains(adapter), "adapter", adapter, "mysql or mariadb");
            this.adapter = adapter;
            return this;
        }

        public Builder name(String name) {
            requireNonNull(name, "name is null");
            check(DB_NAME.matcher(name).matches(), "name", name, "letters, digits, '_', '$' or '-', at most 64");
            this.name = name;
            return this;
        }

        public Builder host(String host) {
            requireNonNull(host, "host is null");
            check(HOST.matcher(host).matches(), "host", host, "a host name or IP address");
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            check(port >= 1 && port <= 65535, "port", String.valueOf(port), "1-65535");
            this.port = port;
            return this;
        }

        public Builder user(String user) {
            requireNonNull(user, "user is null");
            if (user.isEmpty()) {
                throw new IllegalArgumentException("database." + key + ".user must not be empty");
            }
            this.user = user;
            return this;
        }

        /** The password; may be empty. */
        public Builder password(String password) {
            this.password = requireNonNull(password, "password is null");
            return this;
        }

        public Builder charset(String charset) {
            requireNonNull(charset, "charset is null");
            check(CHARSETS.contains(charset), "charset", charset, "utf8mb4, utf8mb3 or utf8");
            this.charset = charset;
            return this;
        }

        public Builder prefix(String prefix) {
            requireNonNull(prefix, "prefix is null");
            check(PREFIX.matcher(prefix).matches(), "prefix", prefix, "letters, digits or '_', at most 32");
            this.prefix = prefix;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positiveMillis(timeout, "connectTimeout", false);
            return this;
        }

        /** The socket read timeout; zero means none. */
        public Builder socketTimeout(Duration timeout) {
            this.socketTimeout = positiveMillis(timeout, "socketTimeout", true);
            return this;
        }

        /** The idle window; zero means ping before every hand-out. */
        public Builder idleCheck(Duration window) {
            this.idleCheck = positiveMillis(window, "idleCheck", true);
            return this;
        }

        public Builder eager(boolean eager) {
            this.eager = eager;
            return this;
        }

        /** Adds a driver property (for example {@code sslMode=verify-full}). */
        public Builder option(String name, String value) {
            requireNonNull(name, "name is null");
            requireNonNull(value, "value is null");
            check(OPTION.matcher(name).matches(), "option", name, "a driver property name");
            options.put(name, value);
            return this;
        }

        /** @throws IllegalArgumentException if name, host or user is missing */
        public DatabaseSettings build() {
            for (var required : new String[][] {{"name", name}, {"host", host}, {"user", user}}) {
                if (required[1] == null) {
                    throw new IllegalArgumentException(
                            "database." + key + ": missing required key 'database." + key + "." + required[0] + "'");
                }
            }
            return new DatabaseSettings(this);
        }

        private Duration positiveMillis(Duration d, String what, boolean zeroAllowed) {
            requireNonNull(d, what + " is null");
            boolean ok = (zeroAllowed ? !d.isNegative() : d.toMillis() > 0) && d.toMillis() <= Integer.MAX_VALUE;
            check(ok, what, d.toString(), zeroAllowed ? "0 or more milliseconds" : "at least 1 millisecond");
            return d;
        }

        private void check(boolean ok, String what, String value, String expected) {
            if (!ok) {
                throw new IllegalArgumentException("invalid " + what + " " + Identifiers.forMessage(value)
                        + " for database key '" + key + "' (expected " + expected + ")");
            }
        }
    }
}
