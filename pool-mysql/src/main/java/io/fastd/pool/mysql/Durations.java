package io.fastd.pool.mysql;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Small parsing helpers for the settings parser. */
final class Durations {

    private static final Pattern DURATION = Pattern.compile("([0-9]{1,12})(ms|s|m)?");

    private Durations() {
    }

    /** Parses {@code 500ms}, {@code 5s}, {@code 2m} or a plain number of milliseconds; {@code null} if malformed. */
    static Duration parse(String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2);
        if (unit == null || unit.equals("ms")) {
            return Duration.ofMillis(n);
        }
        return unit.equals("s") ? Duration.ofSeconds(n) : Duration.ofMinutes(n);
    }

    /** Levenshtein distance, for did-you-mean hints. */
    static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
