package io.fastd.kernel.config;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One raw config value and where it came from (package-private: its record toString shows the raw
 * value, secrets included; {@link Config} is the redacting view). A value is a string or, when a YAML file gave a
 * list, a list of strings.
 *
 * @param raw a {@code String} or an unmodifiable {@code List<String>}
 * @param source where the value was set, e.g. {@code file /app/config/server.yml} or
 *     {@code system property -Dserver.worker_num}
 */
record ConfigValue(Object raw, String source) {

    public ConfigValue {
        requireNonNull(raw, "raw is null");
        requireNonNull(source, "source is null");
        if (raw instanceof List<?> list) {
            raw = list.stream().map(String::valueOf).toList();
        } else if (!(raw instanceof String)) {
            raw = String.valueOf(raw);
        }
    }

    /** The value as one string; a list is joined with {@code ", "}. */
    public String asString() {
        return raw instanceof List<?> list ? String.join(", ", asList()) : (String) raw;
    }

    /** The value as a list; a string is split on commas and trimmed, empty items dropped. */
    public List<String> asList() {
        if (raw instanceof List<?> list) {
            return list.stream().map(String::valueOf).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
        return List.of(((String) raw).split(",")).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
