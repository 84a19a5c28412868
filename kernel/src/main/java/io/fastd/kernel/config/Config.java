package io.fastd.kernel.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The application's configuration: flat dotted keys ({@code server.worker_num}), each with the
 * value of the highest layer that set it and the source of that value. Built by
 * {@link ConfigLoader}; immutable afterwards.
 *
 * <p>Typed getters throw {@link ConfigException} naming key, value and source when a value has
 * the wrong type; secret values are shown as {@value Secrets#REDACTED} in every message and in
 * {@link #toString()}. Every key a component asks for is remembered, present or not, so that
 * {@link #unusedKeys()} can report keys that nothing reads, with a "did you mean" hint.
 *
 * <p>System properties outside the config's namespaces (see {@link ConfigLoader}) are held apart:
 * they answer reads of their key like any value of the highest layer, but are listed by
 * {@link #keys()} and {@link #toString()} only once a component read them, and reported as unused
 * only when a component read some other key of their namespace.
 *
 * <p>Thread-safe.
 */
public final class Config {

    private final Map<String, ConfigValue> values;
    private final Map<String, ConfigValue> foreign;
    private final Set<String> secretKeys;
    private final Set<String> requested = ConcurrentHashMap.newKeySet();
    private final Set<String> requestedPrefixes = ConcurrentHashMap.newKeySet();

    Config(Map<String, ConfigValue> values) {
        this(values, Map.of());
    }

    /**
     * @param values the keys of the config's namespaces, in load order
     * @param foreign system properties of other namespaces, consulted on read (never both in
     *     {@code values} and here)
     */
    Config(Map<String, ConfigValue> values, Map<String, ConfigValue> foreign) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(values, "values is null")));
        this.foreign = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(foreign, "foreign is null")));
        Set<String> secrets = new TreeSet<>();
        values.keySet().stream().filter(Secrets::looksSecret).forEach(secrets::add);
        foreign.keySet().stream().filter(Secrets::looksSecret).forEach(secrets::add);
        ConfigValue declared = values.get("app.secret_keys");
        if (declared != null) {
            secrets.addAll(declared.asList());
        }
        this.secretKeys = Collections.unmodifiableSet(secrets);
    }

    /** A config holding exactly {@code values}, each with source {@code source}; handy in tests. */
    public static Config of(Map<String, String> values, String source) {
        Map<String, ConfigValue> map = new LinkedHashMap<>();
        values.forEach((key, value) -> map.put(key, new ConfigValue(value, source)));
        return new Config(map);
    }

    /**
     * A config holding exactly {@code values}, each with the source {@code sourceOf} gives for its
     * key (a {@code null} or blank source is named nowhere): for a component handed flat entries.
     */
    public static Config of(Map<String, String> values, java.util.function.Function<String, String> sourceOf) {
        requireNonNull(sourceOf, "sourceOf is null");
        Map<String, ConfigValue> map = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            String source = sourceOf.apply(key);
            map.put(key, new ConfigValue(value, source == null ? "" : source));
        });
        return new Config(map);
    }

    /**
     * This config with {@code values} on top of every layer, each with source {@code source}: for
     * values a host app learns after loading its config once (the address and account of a
     * database it started itself). The keys read so far are not carried over.
     */
    public Config with(Map<String, String> values, String source) {
        requireNonNull(values, "values is null");
        requireNonNull(source, "source is null");
        Map<String, ConfigValue> merged = new LinkedHashMap<>(this.values);
        Map<String, ConfigValue> others = new LinkedHashMap<>(foreign);
        values.forEach((key, value) -> {
            others.remove(key);
            merged.remove(key);
            merged.put(key, new ConfigValue(requireNonNull(value, "value of " + key + " is null"), source));
        });
        return new Config(merged, others);
    }

    /**
     * Every key that has a value, in load order, followed by the system properties of other
     * namespaces that a component has read.
     */
    public Set<String> keys() {
        Set<String> keys = new java.util.LinkedHashSet<>(values.keySet());
        foreign.keySet().stream().filter(requested::contains).forEach(keys::add);
        return Collections.unmodifiableSet(keys);
    }

    public boolean has(String key) {
        requested.add(requireNonNull(key, "key is null"));
        return lookup(key) != null;
    }

    /** Where {@code key}'s value came from, or empty if it has none. */
    public Optional<String> source(String key) {
        ConfigValue value = lookup(key);
        return value == null ? Optional.empty() : Optional.of(value.source());
    }

    public Optional<String> getString(String key) {
        return raw(key).map(ConfigValue::asString);
    }

    public String getString(String key, String defaultValue) {
        return getString(key).orElse(defaultValue);
    }

    /** The value of a key that must be set, or a {@link ConfigException} naming it. */
    public String require(String key) {
        return getString(key).orElseThrow(() -> new ConfigException(key + ": required but not set"));
    }

    /** A list value: a YAML list, or a comma-separated string. Empty if unset. */
    public List<String> getList(String key) {
        return raw(key).map(ConfigValue::asList).orElse(List.of());
    }

    public Optional<Integer> getInt(String key) {
        return raw(key).map(value -> {
            try {
                return Integer.parseInt(value.asString().trim());
            } catch (NumberFormatException e) {
                throw typeError(key, value, "an integer");
            }
        });
    }

    public int getInt(String key, int defaultValue) {
        return getInt(key).orElse(defaultValue);
    }

    /** An integer that must lie in {@code [min, max]}, or a {@link ConfigException}. */
    public int getInt(String key, int defaultValue, int min, int max) {
        int value = getInt(key, defaultValue);
        if (value < min || value > max) {
            ConfigValue set = lookup(key);
            if (set == null) {
                throw new IllegalArgumentException("default " + value + " of " + key + " lies outside [" + min + ", " + max + "]");
            }
            throw typeError(key, set, "an integer from " + min + " to " + max);
        }
        return value;
    }

    public Optional<Long> getLong(String key) {
        return raw(key).map(value -> {
            try {
                return Long.parseLong(value.asString().trim());
            } catch (NumberFormatException e) {
                throw typeError(key, value, "an integer");
            }
        });
    }

    public Optional<Boolean> getBoolean(String key) {
        return raw(key).map(value -> ValueSyntax.bool(value.asString())
                .orElseThrow(() -> typeError(key, value, ValueSyntax.BOOLEAN_EXPECTED)));
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        return getBoolean(key).orElse(defaultValue);
    }

    /** A duration as {@link ValueSyntax} writes it: {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}, or plain milliseconds. */
    public Optional<Duration> getDuration(String key) {
        return raw(key).map(value -> ValueSyntax.duration(value.asString())
                .orElseThrow(() -> typeError(key, value, ValueSyntax.DURATION_EXPECTED)));
    }

    public Duration getDuration(String key, Duration defaultValue) {
        return getDuration(key).orElse(defaultValue);
    }

    /**
     * Every key under {@code prefix + "."} with its raw string value, in load order. All of them
     * count as read: the caller takes responsibility for reporting keys it does not understand.
     */
    public Map<String, String> subset(String prefix) {
        requireNonNull(prefix, "prefix is null");
        requestedPrefixes.add(prefix + ".");
        Map<String, String> subset = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            if (key.startsWith(prefix + ".")) {
                subset.put(key, value.asString());
            }
        });
        foreign.forEach((key, value) -> {
            if (key.startsWith(prefix + ".")) {
                subset.put(key, value.asString());
            }
        });
        return subset;
    }

    /** Whether {@code key} holds a secret. */
    public boolean isSecret(String key) {
        return secretKeys.contains(key) || Secrets.looksSecret(key);
    }

    /** The value as it may be shown to people: {@value Secrets#REDACTED} for secrets. */
    public String display(String key) {
        if (isSecret(key)) {
            return Secrets.REDACTED;
        }
        ConfigValue value = lookup(key);
        // A secret pasted into the wrong key is still a secret.
        return value == null ? "<unset>" : redact(value.asString());
    }

    /**
     * {@code text} with every secret value of this config replaced by {@value Secrets#REDACTED}:
     * a last line of defence for messages that quote a driver or a server.
     */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String result = text;
        for (String key : secretKeys) {
            ConfigValue value = lookup(key);
            if (value != null && value.asString().length() >= 3) {
                result = result.replace(value.asString(), Secrets.REDACTED);
            }
        }
        return result;
    }

    /**
     * The keys that have a value but that no component asked for, each with a "did you mean"
     * hint when a requested key is close. Meaningful once every component has read its config.
     * A system property of another namespace counts only when a component read some key of its
     * namespace ({@code -Dcache.capacty=7} beside a read of {@code cache.capacity}); the JVM's and
     * libraries' own properties ({@code java.home}) never do.
     */
    public List<UnusedKey> unusedKeys() {
        Set<String> readNamespaces = new java.util.HashSet<>();
        requested.forEach(key -> readNamespaces.add(ConfigLoader.firstSegment(key)));
        requestedPrefixes.forEach(prefix -> readNamespaces.add(ConfigLoader.firstSegment(prefix)));
        List<UnusedKey> unused = new ArrayList<>();
        for (Map.Entry<String, ConfigValue> entry : values.entrySet()) {
            if (!isRead(entry.getKey()) && !entry.getKey().equals("app.secret_keys")) {
                unused.add(unusedKey(entry));
            }
        }
        for (Map.Entry<String, ConfigValue> entry : foreign.entrySet()) {
            if (!isRead(entry.getKey()) && readNamespaces.contains(ConfigLoader.firstSegment(entry.getKey()))) {
                unused.add(unusedKey(entry));
            }
        }
        return unused;
    }

    private boolean isRead(String key) {
        return requested.contains(key) || requestedPrefixes.stream().anyMatch(key::startsWith);
    }

    private UnusedKey unusedKey(Map.Entry<String, ConfigValue> entry) {
        return new UnusedKey(entry.getKey(), entry.getValue().source(), Suggestions.closest(entry.getKey(), requested));
    }

    /** A key nobody read, where it was set, and the nearest key a component did ask for. */
    public record UnusedKey(String key, String source, Optional<String> suggestion) {
        @Override
        public String toString() {
            return "config key '" + key + "' (" + source + ") is not used by any component"
                    + suggestion.map(s -> "; did you mean '" + s + "'?").orElse("");
        }
    }

    /** The raw value of {@code key}, counted as read; for the binder. */
    Optional<ConfigValue> raw(String key) {
        requested.add(requireNonNull(key, "key is null"));
        return Optional.ofNullable(lookup(key));
    }

    private ConfigValue lookup(String key) {
        ConfigValue value = values.get(key);
        return value != null ? value : foreign.get(key);
    }

    private ConfigException typeError(String key, ConfigValue value, String expected) {
        String shown = isSecret(key) ? Secrets.REDACTED : "'" + redact(value.asString()) + "'";
        return new ConfigException(key + ": " + shown + " is not " + expected + " (from " + value.source() + ")");
    }

    /** Every key with its displayable value and source, secrets redacted. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("Config{");
        String separator = "";
        for (String key : keys()) {
            text.append(separator).append(key).append('=').append(display(key));
            separator = ", ";
        }
        return text.append('}').toString();
    }
}
