package io.fastd.pool.mysql;

import java.util.regex.Pattern;

/**
 * Validation and quoting of SQL identifiers. An identifier is 1 to 64 letters, digits or
 * underscores, optionally qualified once ({@code schema.table} or {@code table.column}). Anything
 * else is rejected before any SQL is built; accepted identifiers are backtick-quoted.
 */
final class Identifiers {

    private static final Pattern PART = Pattern.compile("[A-Za-z0-9_]{1,64}");
    private static final int MAX_MESSAGE_CHARS = 80;

    private Identifiers() {
    }

    /** Quotes a column name, for example {@code a.b -> `a`.`b`}. */
    static String column(String name) {
        return quote(name, "", "column");
    }

    /** Quotes a table name with the prefix applied to its last part: {@code s.t -> `s`.`<prefix>t`}. */
    static String table(String name, String prefix) {
        return quote(name, prefix, "table");
    }

    private static String quote(String name, String prefix, String what) {
        if (name == null) {
            throw new IllegalArgumentException(what + " name is null");
        }
        int dot = name.indexOf('.');
        String first = dot < 0 ? null : name.substring(0, dot);
        String last = dot < 0 ? name : name.substring(dot + 1);
        if ((first != null && !PART.matcher(first).matches()) || !PART.matcher(last).matches()
                || !PART.matcher(prefix + last).matches()) {
            throw new IllegalArgumentException("invalid " + what + " name " + forMessage(name)
                    + ": use 1-64 letters, digits or '_'" + (prefix.isEmpty() ? "" : " (with prefix '" + prefix + "')")
                    + ", optionally qualified once as a.b");
        }
        String quoted = "`" + prefix + last + "`";
        return first == null ? quoted : "`" + first + "`." + quoted;
    }

    /**
     * Quotes an untrusted text for an error message: single quotes, with quotes, backslashes and
     * control characters escaped, cut after 80 characters.
     */
    static String forMessage(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(text.length() + 2).append('\'');
        int n = Math.min(text.length(), MAX_MESSAGE_CHARS);
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\'' -> sb.append("\\'");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || Character.isISOControl(c)) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('\'');
        if (text.length() > MAX_MESSAGE_CHARS) {
            sb.append("... (").append(text.length()).append(" characters)");
        }
        return sb.toString();
    }
}
