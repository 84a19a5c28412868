package io.fastd.kernel.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The values a {@link SettingGroup} read from a {@link Config}, and every problem it found. A
 * setting with a problem, or unset and without default, has no value.
 */
public final class Binding {

    private final String group;
    private final String prefix;
    private final Map<String, Object> values;
    private final Map<String, String> sources;
    private final List<String> problems;

    Binding(String group, String prefix, Map<String, Object> values, Map<String, String> sources, List<String> problems) {
        this.group = group;
        this.prefix = prefix;
        this.values = Map.copyOf(values);
        this.sources = Map.copyOf(sources);
        this.problems = List.copyOf(problems);
    }

    /**
     * The value of {@code setting} (set or default).
     *
     * @throws IllegalStateException if it has none: it was bad (see {@link #problems()}), or unset
     *     without default, or not of this group
     */
    public <T> T get(Setting<T> setting) {
        return find(setting).orElseThrow(() -> new IllegalStateException(setting.key() + " has no value in " + group));
    }

    /** The value of {@code setting} (set or default), or empty. */
    @SuppressWarnings("unchecked")
    public <T> Optional<T> find(Setting<T> setting) {
        return Optional.ofNullable((T) values.get(keyOf(setting)));
    }

    /** Where {@code setting}'s value was set; empty when it holds its default. */
    public Optional<String> source(Setting<?> setting) {
        return Optional.ofNullable(sources.get(keyOf(setting)));
    }

    private String keyOf(Setting<?> setting) {
        String key = requireNonNull(setting, "setting is null").key();
        return prefix == null || values.containsKey(key) || sources.containsKey(key) || key.startsWith(prefix + ".")
                ? key : prefix + "." + key;
    }

    /** Every problem found, in declaration order; empty when all is well. */
    public List<String> problems() {
        return problems;
    }
}
