package io.fastd.pool.mysql;

/**
 * Validation and quoting of SQL identifiers. An identifier is 1 to 64 letters, digits or
 * underscores, optionally qualified once ({@code schema.table} or {@code table.column}). Anything
 * else is rejected before any SQL is built; accepted identifiers are backtick-quoted.
 */
final class Identifiers {

    private static final int MAX_PART = 64;
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
        int lastStart = dot + 1;
        // Checked in place, without a regex or substrings: this runs for every identifier of every statement.
        boolean valid = (dot < 0 || isPart(name, 0, dot)) && isPart(name, lastStart, name.length())
                && (prefix.isEmpty() || isPart(prefix, 0, prefix.length()))
                && prefix.length() + name.length() - lastStart <= MAX_PART;
        if (!valid) {
            throw new IllegalArgumentException("invalid " + what + " name " + forMessage(name)
                    + ": use 1-64 letters, digits or '_'" + (prefix.isEmpty() ? "" : " (with prefix '" + prefix + "')")
                    + ", optionally qualified once as a.b");
        }
        StringBuilder quoted = new StringBuilder(name.length() + prefix.length() + 4);
        if (dot >= 0) {
            quoted.append('`').append(name, 0, dot).append("`.");
        }
        return quoted.append('`').append(prefix).append(name, lastStart, name.length()).append('`').toString();
    }

    /** True if {@code text[from, to)} is 1 to 64 ASCII letters, digits or underscores. */
    private static boolean isPart(String text, int from, int to) {
        if (to <= from || to - from > MAX_PART) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_')) {
                return false;
            }
        }
        return true;
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
