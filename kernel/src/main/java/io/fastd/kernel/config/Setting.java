package io.fastd.kernel.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One config key, declared once: its name, type, default, bounds or allowed values, whether it is
 * secret, and a one-line description. Immutable; every fluent method returns a new declaration:
 *
 * <pre>{@code
 * static final Setting<Integer> WORKERS = Setting.integer("server.worker_num").min(1).max(1024)
 *         .defaultTo(() -> Runtime.getRuntime().availableProcessors(), "CPU cores")
 *         .describe("request workers");
 * }</pre>
 *
 * <p>Settings are read in groups by {@link SettingGroup#read(Config)}, which reports every problem
 * of the group at once; each problem names the key, the value (redacted for secrets) and its
 * source. Values are written as {@link ValueSyntax} says, everywhere.
 *
 * @param <T> the type of the value
 */
public final class Setting<T> {

    private final String key;
    private final String type;
    private final Function<ConfigValue, T> parser;
    private final Function<ConfigValue, T> unbounded;
    private final Long min;
    private final Long max;
    private final boolean mapped;
    private final Supplier<T> defaultValue;
    private final boolean computedDefault;
    private final String defaultText;
    private final boolean secret;
    private final String description;

    @SuppressWarnings("checkstyle:ParameterNumber")
    private Setting(String key, String type, Function<ConfigValue, T> parser, Function<ConfigValue, T> unbounded, Long min,
                    Long max, boolean mapped, Supplier<T> defaultValue, boolean computedDefault, String defaultText,
                    boolean secret, String description) {
        this.key = requireNonNull(key, "key is null");
        this.type = type;
        this.parser = parser;
        this.unbounded = unbounded;
        this.min = min;
        this.max = max;
        this.mapped = mapped;
        this.defaultValue = defaultValue;
        this.computedDefault = computedDefault;
        this.defaultText = defaultText;
        this.secret = secret;
        this.description = description;
    }

    private static <T> Setting<T> declare(String key, String type, Function<String, T> parser) {
        return declareRaw(key, type, value -> parser.apply(value.asString()));
    }

    private static <T> Setting<T> declareRaw(String key, String type, Function<ConfigValue, T> parser) {
        requireNonNull(key, "key is null");
        if (key.isBlank() || key.startsWith(".") || key.endsWith(".")) {
            throw new IllegalArgumentException("'" + key + "' is not a config key");
        }
        return new Setting<>(key, type, parser, parser, null, null, false, null, false, null, false, "");
    }

    /** This declaration with other docs, default or secrecy. */
    private Setting<T> with(Supplier<T> newDefault, boolean computed, String newDefaultText, boolean newSecret,
                            String newDescription) {
        return new Setting<>(key, type, parser, unbounded, min, max, mapped, newDefault, computed, newDefaultText,
                newSecret, newDescription);
    }

    /** A string, trimmed; any text is valid. */
    public static Setting<String> string(String key) {
        return declare(key, "string", String::trim);
    }

    /** A string exactly as written, spaces kept (a password). */
    public static Setting<String> exactString(String key) {
        return declare(key, "string", text -> text);
    }

    /** A file system path. */
    public static Setting<Path> path(String key) {
        return declare(key, "path", text -> Path.of(text.trim()));
    }

    /** A list: a YAML list, or a comma-separated string; items trimmed, empty items dropped. */
    public static Setting<List<String>> list(String key) {
        return declareRaw(key, "list", ConfigValue::asList);
    }

    /** A 32-bit integer. */
    public static Setting<Integer> integer(String key) {
        return declare(key, "integer", text -> {
            try {
                return Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                throw new Rejected("an integer");
            }
        });
    }

    /** {@code true} or {@code false} (also {@code yes/no}, {@code on/off}, {@code 1/0}). */
    public static Setting<Boolean> bool(String key) {
        return declare(key, "boolean", text -> ValueSyntax.bool(text).orElseThrow(() -> new Rejected(ValueSyntax.BOOLEAN_EXPECTED)));
    }

    /** A duration, see {@link ValueSyntax}. */
    public static Setting<Duration> duration(String key) {
        return declare(key, "duration",
                text -> ValueSyntax.duration(text).orElseThrow(() -> new Rejected(ValueSyntax.DURATION_EXPECTED)));
    }

    /** A size in bytes, see {@link ValueSyntax}. */
    public static Setting<Long> size(String key) {
        return declare(key, "size", text -> ValueSyntax.size(text).orElseThrow(() -> new Rejected(ValueSyntax.SIZE_EXPECTED)));
    }

    /**
     * One of an enum's constants, written in lower case ({@code ROUND_ROBIN} as {@code round_robin}),
     * any case accepted. An error names the allowed values: {@code 'fork' is not a server mode;
     * use process or base}, the noun taken from the enum's name.
     */
    public static <E extends Enum<E>> Setting<E> oneOf(String key, Class<E> type) {
        Map<String, E> choices = new LinkedHashMap<>();
        for (E constant : type.getEnumConstants()) {
            choices.put(constant.name().toLowerCase(Locale.ROOT), constant);
        }
        return oneOf(key, noun(type.getSimpleName()), choices);
    }

    /**
     * One of the given words, any case accepted; an error reads {@code 'x' is not <noun>; use a, b
     * or c}.
     *
     * @param noun what a value is, with its article: "a transport"
     */
    public static <V> Setting<V> oneOf(String key, String noun, Map<String, V> choices) {
        Map<String, V> allowed = new LinkedHashMap<>(choices);
        String expected = noun + "; use " + orList(new ArrayList<>(allowed.keySet()));
        return declare(key, String.join(" | ", allowed.keySet()), text -> {
            V value = allowed.get(text.trim().toLowerCase(Locale.ROOT));
            if (value == null) {
                throw new Rejected(expected);
            }
            return value;
        });
    }

    /** The default, shown in docs as the value written the way config writes it ({@code `30s`}). */
    public Setting<T> defaultTo(T value) {
        requireNonNull(value, "value is null");
        check(value);
        return with(() -> value, false, "`" + show(value) + "`", secret, description);
    }

    /** A default computed at read time (CPU cores), shown in docs as {@code text}. */
    public Setting<T> defaultTo(Supplier<T> value, String text) {
        requireNonNull(value, "value is null");
        return with(value, true, requireNonNull(text, "text is null"), secret, description);
    }

    /**
     * The docs' text (Markdown) for the default: for one the caller computes ({@code `<pid_file>.log`})
     * or to explain it ({@code `0` (never)}). Changes no value.
     */
    public Setting<T> defaultText(String text) {
        return with(defaultValue, computedDefault, requireNonNull(text, "text is null"), secret, description);
    }

    /** The value is secret: printed as {@value Secrets#REDACTED} everywhere, errors included. */
    public Setting<T> secret() {
        return with(defaultValue, computedDefault, defaultText, true, description);
    }

    /** The one-line description docs show. */
    public Setting<T> describe(String text) {
        return with(defaultValue, computedDefault, defaultText, secret, requireNonNull(text, "text is null"));
    }

    /** Numbers (integers, sizes): at least {@code min}. */
    public Setting<T> min(long min) {
        return bounded(min, null);
    }

    /** Numbers (integers, sizes): at most {@code max}. */
    public Setting<T> max(long max) {
        return bounded(null, max);
    }

    /** Durations: longer than zero. */
    public Setting<T> positive() {
        if (!type.equals("duration")) {
            throw new IllegalStateException(key + " is a " + type + ", not a duration");
        }
        Function<ConfigValue, T> base = parser;
        Function<ConfigValue, T> checked = text -> {
            T value = base.apply(text);
            if (((Duration) value).isZero()) {
                throw new Rejected("a duration longer than 0");
            }
            return value;
        };
        return new Setting<>(key, type, checked, checked, min, max, mapped, defaultValue, computedDefault, defaultText,
                secret, description);
    }

    /** Durations: at most {@code max}. */
    public Setting<T> max(Duration max) {
        if (!type.equals("duration")) {
            throw new IllegalStateException(key + " is a " + type + ", not a duration");
        }
        Function<ConfigValue, T> base = parser;
        String expected = "a duration of at most " + ValueSyntax.format(max);
        Function<ConfigValue, T> checked = text -> {
            T value = base.apply(text);
            if (((Duration) value).compareTo(max) > 0) {
                throw new Rejected(expected);
            }
            return value;
        };
        return new Setting<>(key, type, checked, checked, min, this.max, mapped, defaultValue,
                computedDefault, defaultText, secret, description);
    }

    /** The same declaration under {@code prefix}: {@code host} under {@code database.default} is {@code database.default.host}. */
    public Setting<T> under(String prefix) {
        return new Setting<>(prefix + "." + key, type, parser, unbounded, min, max, mapped, defaultValue, computedDefault,
                defaultText, secret, description);
    }

    /**
     * A setting whose value is {@code converter} applied to this one's. The converter may throw an
     * {@link IllegalArgumentException}: its message becomes the problem, followed by the source.
     */
    public <U> Setting<U> map(Function<? super T, ? extends U> converter) {
        requireNonNull(converter, "converter is null");
        Supplier<U> mappedDefault = defaultValue == null ? null : () -> converter.apply(defaultValue.get());
        Function<ConfigValue, U> converted = text -> converter.apply(parser.apply(text));
        return new Setting<>(key, type, converted, converted, null, null, true, mappedDefault, computedDefault,
                defaultText, secret, description);
    }

    public String key() {
        return key;
    }

    /** What the value is, for docs: {@code integer}, {@code duration}, {@code process | base}. */
    public String type() {
        return type;
    }

    /** How docs show the default, Markdown: {@code `30s`}, {@code CPU cores}, {@code none}. */
    public String defaultText() {
        return defaultText != null ? defaultText : "none";
    }

    public boolean isSecret() {
        return secret;
    }

    public String description() {
        return description;
    }

    /** {@code raw} parsed and checked; throws {@link Rejected} or {@link IllegalArgumentException}. */
    T parse(ConfigValue raw) {
        return parser.apply(raw);
    }

    /** The default value, or {@code null} if this setting has none. */
    T defaultValue() {
        return defaultValue == null ? null : defaultValue.get();
    }

    @Override
    public String toString() {
        return "Setting[" + key + "]";
    }

    private Setting<T> bounded(Long newMin, Long newMax) {
        if (!type.equals("integer") && !type.equals("size") || mapped) {
            throw new IllegalStateException(key + " is a " + type + ", not a number");
        }
        Long low = newMin != null ? newMin : min;
        Long high = newMax != null ? newMax : max;
        String noun = type.equals("size") ? "a size" : "an integer";
        String unit = type.equals("size") ? " bytes" : "";
        String expected = low != null && high != null ? noun + " from " + low + " to " + high + unit
                : low != null ? noun + " of at least " + low + unit : noun + " of at most " + high + unit;
        Function<ConfigValue, T> base = unbounded;
        Function<ConfigValue, T> checked = text -> {
            T value = base.apply(text);
            long number = ((Number) value).longValue();
            if ((low != null && number < low) || (high != null && number > high)) {
                throw new Rejected(expected);
            }
            return value;
        };
        Setting<T> result = new Setting<>(key, type, checked, base, low, high, false, defaultValue, computedDefault,
                defaultText, secret, description);
        if (defaultValue != null && !computedDefault) {
            result.check(defaultValue.get());
        }
        return result;
    }

    /** A default that breaks the declaration's own bounds is a programming error, reported at declaration. */
    private void check(T value) {
        try {
            parser.apply(new ConfigValue(show(value), "the default"));
        } catch (Rejected e) {
            throw new IllegalArgumentException("default " + show(value) + " of " + key + " is not " + e.expected());
        }
    }

    private String show(T value) {
        if (value instanceof Duration duration) {
            return ValueSyntax.format(duration);
        }
        if (value instanceof Enum<?> constant) {
            return constant.name().toLowerCase(Locale.ROOT);
        }
        if (value instanceof List<?> list) {
            return String.join(", ", list.stream().map(String::valueOf).toList());
        }
        return String.valueOf(value);
    }

    /** "ServerMode" becomes "a server mode", "Transport" "a transport". */
    static String noun(String className) {
        String words = String.join(" ", Arrays.stream(className.split("(?=[A-Z])")).map(w -> w.toLowerCase(Locale.ROOT)).toList());
        return ("aeiou".indexOf(words.charAt(0)) >= 0 ? "an " : "a ") + words;
    }

    /** "a, b or c". */
    static String orList(List<String> words) {
        if (words.size() == 1) {
            return words.get(0);
        }
        return String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.get(words.size() - 1);
    }

    /** A value that is not of the expected form; the binder writes "'value' is not {@link #expected()}". */
    static final class Rejected extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        Rejected(String expected) {
            super(expected);
        }

        String expected() {
            return getMessage();
        }
    }
}
