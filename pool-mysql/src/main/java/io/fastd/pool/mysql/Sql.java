package io.fastd.pool.mysql;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * One SQL text with its bound values, built from validated, backtick-quoted identifiers. Values
 * never become SQL text.
 *
 * <p>Where-maps: each entry is ANDed; a {@code null} value gives {@code col IS NULL}, a
 * {@link Collection} gives {@code col IN (?, ...)} (an empty collection matches nothing), any
 * other value gives {@code col = ?}. An empty map means no condition.
 */
record Sql(String text, List<Object> params) {

    private static final java.util.Set<String> READ_KEYWORDS = java.util.Set.of("SELECT", "SHOW", "DESCRIBE", "DESC", "EXPLAIN");

    /**
     * Whether raw SQL is safe to replay after a connection loss: its first keyword (after white
     * space, comments and opening parentheses) is SELECT, SHOW, DESCRIBE, DESC or EXPLAIN.
     * Anything else ({@code WITH ... DELETE}, {@code CALL}, {@code UPDATE ... RETURNING}) may write.
     */
    static boolean isReadOnly(String sql) {
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c) || c == '(') {
                i++;
            } else if (sql.startsWith("/*", i)) {
                int end = sql.indexOf("*/", i + 2);
                if (end < 0) {
                    return false;
                }
                i = end + 2;
            } else if (sql.startsWith("--", i) || c == '#') {
                int end = sql.indexOf('\n', i);
                if (end < 0) {
                    return false;
                }
                i = end + 1;
            } else {
                break;
            }
        }
        int start = i;
        while (i < n && Character.isLetter(sql.charAt(i))) {
            i++;
        }
        return READ_KEYWORDS.contains(sql.substring(start, i).toUpperCase(java.util.Locale.ROOT));
    }

    static Sql select(String table, String prefix, List<String> columns, Map<String, ?> where, int limit) {
        StringBuilder sb = new StringBuilder("SELECT ");
        if (columns.isEmpty()) {
            sb.append('*');
        } else {
            for (int i = 0; i < columns.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(Identifiers.column(columns.get(i)));
            }
        }
        sb.append(" FROM ").append(Identifiers.table(table, prefix));
        List<Object> params = new ArrayList<>();
        where(sb, params, where);
        if (limit > 0) {
            sb.append(" LIMIT ").append(limit);
        }
        return new Sql(sb.toString(), params);
    }

    static Sql count(String table, String prefix, Map<String, ?> where) {
        StringBuilder sb = new StringBuilder("SELECT COUNT(*) FROM ").append(Identifiers.table(table, prefix));
        List<Object> params = new ArrayList<>();
        where(sb, params, where);
        return new Sql(sb.toString(), params);
    }

    static Sql has(String table, String prefix, Map<String, ?> where) {
        StringBuilder sb = new StringBuilder("SELECT 1 FROM ").append(Identifiers.table(table, prefix));
        List<Object> params = new ArrayList<>();
        where(sb, params, where);
        return new Sql(sb.append(" LIMIT 1").toString(), params);
    }

    static Sql insert(String table, String prefix, Map<String, ?> row) {
        requireNonNull(row, "row is null");
        if (row.isEmpty()) {
            throw new IllegalArgumentException("cannot insert an empty row into " + Identifiers.forMessage(table));
        }
        StringBuilder sb = new StringBuilder("INSERT INTO ").append(Identifiers.table(table, prefix)).append(" (");
        StringBuilder marks = new StringBuilder();
        List<Object> params = new ArrayList<>(row.size());
        for (Map.Entry<String, ?> e : row.entrySet()) {
            boolean first = params.isEmpty();
            sb.append(first ? "" : ", ").append(Identifiers.column(e.getKey()));
            marks.append(first ? "?" : ", ?");
            params.add(e.getValue());
        }
        return new Sql(sb.append(") VALUES (").append(marks).append(')').toString(), params);
    }

    static Sql update(String table, String prefix, Map<String, ?> set, Map<String, ?> where) {
        requireNonNull(set, "set is null");
        if (set.isEmpty()) {
            throw new IllegalArgumentException("nothing to update in " + Identifiers.forMessage(table));
        }
        requireWhere(where, "update", table);
        StringBuilder sb = new StringBuilder("UPDATE ").append(Identifiers.table(table, prefix)).append(" SET ");
        List<Object> params = new ArrayList<>();
        for (Map.Entry<String, ?> e : set.entrySet()) {
            sb.append(params.isEmpty() ? "" : ", ").append(Identifiers.column(e.getKey())).append(" = ?");
            params.add(e.getValue());
        }
        where(sb, params, where);
        return new Sql(sb.toString(), params);
    }

    static Sql delete(String table, String prefix, Map<String, ?> where) {
        requireWhere(where, "delete from", table);
        StringBuilder sb = new StringBuilder("DELETE FROM ").append(Identifiers.table(table, prefix));
        List<Object> params = new ArrayList<>();
        where(sb, params, where);
        return new Sql(sb.toString(), params);
    }

    private static void requireWhere(Map<String, ?> where, String verb, String table) {
        requireNonNull(where, "where is null");
        if (where.isEmpty()) {
            throw new IllegalArgumentException("refusing to " + verb + " every row of " + Identifiers.forMessage(table)
                    + " with an empty where; use exec(...) for that");
        }
    }

    private static void where(StringBuilder sb, List<Object> params, Map<String, ?> where) {
        requireNonNull(where, "where is null");
        boolean first = true;
        for (Map.Entry<String, ?> e : where.entrySet()) {
            sb.append(first ? " WHERE " : " AND ").append(Identifiers.column(e.getKey()));
            first = false;
            Object value = e.getValue();
            if (value == null) {
                sb.append(" IS NULL");
            } else if (value instanceof Collection<?> values) {
                if (values.isEmpty()) {
                    sb.append(" IN (NULL)");
                } else {
                    sb.append(" IN (");
                    int i = 0;
                    for (Object v : values) {
                        sb.append(i++ == 0 ? "?" : ", ?");
                        params.add(v);
                    }
                    sb.append(')');
                }
            } else {
                sb.append(" = ?");
                params.add(value);
            }
        }
    }
}
