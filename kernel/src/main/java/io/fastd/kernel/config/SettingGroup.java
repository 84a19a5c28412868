package io.fastd.kernel.config;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A settings type's declarations, read together: {@link #read(Config)} parses and checks every
 * setting of the group and collects every problem (never only the first), each naming key, value
 * (redacted for secrets) and source, e.g. {@code server.worker_num: 'twenty' is not an integer
 * (from file /app/config/server.yml)}.
 *
 * <p>Immutable and thread-safe.
 */
public final class SettingGroup {

    private static final int MAX_QUOTED = 80;

    private final String name;
    private final String prefix;
    private final List<Setting<?>> settings;

    private SettingGroup(String name, String prefix, List<Setting<?>> settings) {
        this.name = requireNonNull(name, "name is null");
        this.prefix = prefix;
        this.settings = List.copyOf(settings);
        Map<String, Setting<?>> byKey = new LinkedHashMap<>();
        for (Setting<?> setting : this.settings) {
            if (byKey.put(setting.key(), setting) != null) {
                throw new IllegalArgumentException(setting.key() + " is declared twice in " + name);
            }
        }
    }

    /** A group called {@code name} (for messages and docs) holding {@code settings} in docs order. */
    public static SettingGroup of(String name, Setting<?>... settings) {
        return new SettingGroup(name, null, List.of(settings));
    }

    /**
     * This group's settings under {@code prefix}, as a group called {@code prefix}; its
     * {@link Binding} answers for the declarations without prefix too.
     */
    public SettingGroup under(String prefix) {
        requireNonNull(prefix, "prefix is null");
        return new SettingGroup(prefix, prefix, settings.stream().<Setting<?>>map(setting -> setting.under(prefix)).toList());
    }

    /** Whether {@code key} is declared in this group. */
    public boolean declares(String key) {
        return settings.stream().anyMatch(setting -> setting.key().equals(key));
    }

    public String name() {
        return name;
    }

    public List<Setting<?>> settings() {
        return settings;
    }

    /** Reads every setting; problems are collected in the result, never thrown. */
    public Binding read(Config config) {
        requireNonNull(config, "config is null");
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (Setting<?> setting : settings) {
            Optional<ConfigValue> raw = config.raw(setting.key());
            try {
                Object value = raw.isPresent() ? setting.parse(raw.get()) : setting.defaultValue();
                if (value != null) {
                    values.put(setting.key(), value);
                }
                raw.ifPresent(set -> sources.put(setting.key(), set.source()));
            } catch (IllegalArgumentException e) {
                problems.add(problem(config, setting, raw.orElse(null), e));
            }
        }
        return new Binding(name, prefix, values, sources, problems);
    }

    /** Every problem of this group in {@code config}: a {@link ConfigCheck}. */
    public List<String> problems(Config config) {
        return read(config).problems();
    }

    /**
     * Reads every setting.
     *
     * @throws ConfigException listing every problem of the group
     */
    public Binding bind(Config config) {
        Binding binding = read(config);
        if (!binding.problems().isEmpty()) {
            throw new ConfigException(binding.problems());
        }
        return binding;
    }

    /**
     * The group as rows of the README's settings table, {@code | key | default | meaning |}, in
     * declaration order; secret settings say so.
     */
    public List<String> markdownRows() {
        List<String> rows = new ArrayList<>();
        for (Setting<?> setting : settings) {
            rows.add("| `" + setting.key() + "` | " + setting.defaultText() + " | " + setting.description()
                    + (setting.isSecret() ? " (secret)" : "") + " |");
        }
        return rows;
    }

    static String problem(Config config, Setting<?> setting, ConfigValue raw, IllegalArgumentException e) {
        String source = raw == null ? "the default" : raw.source();
        String from = source.isBlank() ? "" : " (from " + source + ")";
        String key = setting.key();
        if (e instanceof Setting.Rejected rejected) {
            String shown = setting.isSecret() || config.isSecret(key) ? Secrets.REDACTED
                    : quote(config.redact(raw == null ? "" : raw.asString()));
            return key + ": " + shown + " is not " + rejected.expected() + from;
        }
        return key + ": " + config.redact(e.getMessage()) + from;
    }

    /**
     * An untrusted value for a message: in single quotes, quotes, backslashes and control
     * characters escaped (a value cannot forge a log line), cut after 80 characters.
     */
    public static String quote(String text) {
        StringBuilder quoted = new StringBuilder(text.length() + 2).append('\'');
        int end = Math.min(text.length(), MAX_QUOTED);
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\'' -> quoted.append("\\'");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (Character.isISOControl(c)) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        quoted.append('\'');
        return text.length() > MAX_QUOTED ? quoted + "..." : quoted.toString();
    }

    @Override
    public String toString() {
        return "SettingGroup[" + name + ", " + settings.size() + " settings]";
    }
}
