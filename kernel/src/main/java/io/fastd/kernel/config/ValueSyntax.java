package io.fastd.kernel.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one syntax of durations, sizes and booleans in every config key.
 *
 * <ul>
 *   <li>Duration: a whole number and an optional unit, {@code ms}, {@code s}, {@code m} or
 *       {@code h}, optionally separated by spaces: {@code 500ms}, {@code 30s}, {@code 5 m},
 *       {@code 1h}; a bare number is milliseconds. At most 12 digits.</li>
 *   <li>Size: a whole number of bytes and an optional binary unit, {@code B}, {@code KiB},
 *       {@code MiB} or {@code GiB} (powers of 1024), optionally separated by spaces:
 *       {@code 1048576}, {@code 64KiB}, {@code 1 MiB}. Decimal units ({@code KB}, {@code MB}) are
 *       refused: whether they mean 1000 or 1024 is not clear.</li>
 *   <li>Boolean: {@code true}, {@code yes}, {@code on}, {@code 1} or {@code false}, {@code no},
 *       {@code off}, {@code 0}, any case.</li>
 * </ul>
 */
public final class ValueSyntax {

    /** The phrase errors use: "'soon' is not {@value}". */
    public static final String DURATION_EXPECTED = "a duration such as 500ms, 5s, 2m or 1h";
    /** The phrase errors use: "'big' is not {@value}". */
    public static final String SIZE_EXPECTED = "a size such as 65536, 64KiB or 1MiB";
    /** The phrase errors use: "'maybe' is not {@value}". */
    public static final String BOOLEAN_EXPECTED = "a boolean (true/false)";

    private static final Pattern DURATION = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h)?");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,18})\\s*(B|KiB|MiB|GiB)?");

    private ValueSyntax() {
    }

    /** {@code text} as a duration, or empty if it is not one. */
    public static Optional<Duration> duration(String text) {
        Matcher matcher = DURATION.matcher(text.trim());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "ms" : matcher.group(2);
        return Optional.of(switch (unit) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofMillis(amount);
        });
    }

    /** {@code text} as a number of bytes, or empty if it is not a size (or overflows a long). */
    public static Optional<Long> size(String text) {
        Matcher matcher = SIZE.matcher(text.trim());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        long amount = Long.parseLong(matcher.group(1));
        int shift = matcher.group(2) == null ? 0 : switch (matcher.group(2)) {
            case "KiB" -> 10;
            case "MiB" -> 20;
            case "GiB" -> 30;
            default -> 0;
        };
        if (amount > (Long.MAX_VALUE >> shift)) {
            return Optional.empty();
        }
        return Optional.of(amount << shift);
    }

    /** {@code text} as a boolean, or empty if it is not one. */
    public static Optional<Boolean> bool(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> Optional.of(Boolean.TRUE);
            case "false", "no", "off", "0" -> Optional.of(Boolean.FALSE);
            default -> Optional.empty();
        };
    }

    /** How a duration is written back: the largest unit that divides it, {@code 30s}, {@code 100ms}. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis != 0 && millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis != 0 && millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }
}
