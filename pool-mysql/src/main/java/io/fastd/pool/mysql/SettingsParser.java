package io.fastd.pool.mysql;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns flattened {@code database.*} entries into {@link DatabaseSettings}, collecting every
 * problem. Values of {@code pass}/{@code password} are never echoed, nor the content of
 * {@code pass_file} ({@link PasswordFile}); no other value is secret,
 * but driver option values are not echoed either.
 */
final class SettingsParser {

    private static final String ROOT = "database.";
    private static final List<String> FIELDS = List.of("adapter", "name", "host", "port", "user", "pass", "password",
            "pass_file", "charset", "prefix", "connect_timeout", "socket_timeout", "idle_check", "eager");
    private static final List<String> REQUIRED = List.of("name", "host", "user");

    private final Map<String, String> entries;
    private final Function<String, String> sourceOf;
    private final List<String> problems = new ArrayList<>();

    SettingsParser(Map<String, String> entries, Function<String, String> sourceOf) {
        this.entries = requireNonNull(entries, "entries is null");
        this.sourceOf = requireNonNull(sourceOf, "sourceOf is null");
    }

    Map<String, DatabaseSettings> parse() {
        Boolean globalEager = null;
        Map<String, Map<String, String>> groups = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : entries.entrySet()) {
            String full = requireNonNull(e.getKey(), "entry key is null");
            if (!full.startsWith(ROOT)) {
                continue;
            }
            String rest = full.substring(ROOT.length());
            int dot = rest.indexOf('.');
            if (dot < 0) {
                if (rest.equals("eager")) {
                    globalEager = bool(full, e.getValue());
                } else {
                    problem(full, "expected settings under '" + full + ".*' (for example " + full + ".host)");
                }
                continue;
            }
            String key = rest.substring(0, dot);
            if (!DatabaseSettings.KEY.matcher(key).matches()) {
                problem(full, Identifiers.forMessage(key) + " is not a valid database key (letters, digits, '_' or '-')");
                continue;
            }
            groups.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(rest.substring(dot + 1), full);
        }
        Map<String, DatabaseSettings> result = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, String>> group : groups.entrySet()) {
            DatabaseSettings s = parseKey(group.getKey(), group.getValue(), globalEager);
            if (s != null) {
                result.put(group.getKey(), s);
            }
        }
        if (!problems.isEmpty()) {
            throw new DatabaseConfigException(problems);
        }
        return result;
    }

    private DatabaseSettings parseKey(String key, Map<String, String> fields, Boolean globalEager) {
        int before = problems.size();
        DatabaseSettings.Builder b = DatabaseSettings.builder(key);
        if (globalEager != null) {
            b.eager(globalEager);
        }
        if (fields.containsKey("pass") && fields.containsKey("password")) {
            problem(fields.get("password"), "both 'pass' and 'password' are set; keep one");
        }
        for (String inline : List.of("pass", "password")) {
            if (fields.containsKey(inline) && fields.containsKey("pass_file")) {
                problem(fields.get("pass_file"), "both '" + inline + "' and 'pass_file' are set; keep one");
            }
        }
        for (Map.Entry<String, String> f : fields.entrySet()) {
            String full = f.getValue();
            String raw = entries.get(full);
            String value = raw == null ? "" : raw.trim();
            String field = f.getKey();
            if (field.startsWith("options.")) {
                option(b, key, full, field.substring("options.".length()), raw == null ? "" : raw);
                continue;
            }
            switch (field) {
                case "adapter" -> oneOf(full, value, DatabaseSettings.ADAPTERS, "adapter", "mysql, mariadb", b::adapter);
                case "name" -> matching(full, value, DatabaseSettings.DB_NAME.matcher(value).matches(),
                        "a valid database name (letters, digits, '_', '$' or '-', at most 64 characters)", b::name);
                case "host" -> matching(full, value, DatabaseSettings.HOST.matcher(value).matches(),
                        "a valid host name or IP address", b::host);
                case "user" -> {
                    if (value.isEmpty()) {
                        problem(full, "must not be empty");
                    } else {
                        b.user(value);
                    }
                }
                case "pass", "password" -> b.password(raw == null ? "" : raw);
                case "pass_file" -> {
                    if (value.isEmpty()) {
                        problem(full, "must not be empty (a path to a file holding the password)");
                    } else {
                        try {
                            b.password(PasswordFile.read(java.nio.file.Path.of(value)));
                        } catch (IllegalArgumentException e) {
                            problem(full, e.getMessage());
                        }
                    }
                }
                case "port" -> port(b, full, value);
                case "charset" -> oneOf(full, value, DatabaseSettings.CHARSETS, "charset",
                        "utf8mb4, utf8mb3, utf8; the driver exchanges text as UTF-8", b::charset);
                case "prefix" -> matching(full, value, DatabaseSettings.PREFIX.matcher(value).matches(),
                        "a valid table prefix (letters, digits or '_', at most 32 characters)", b::prefix);
                case "connect_timeout" -> duration(full, value, false, b::connectTimeout);
                case "socket_timeout" -> duration(full, value, true, b::socketTimeout);
                case "idle_check" -> duration(full, value, true, b::idleCheck);
                case "eager" -> {
                    Boolean eager = bool(full, raw);
                    if (eager != null) {
                        b.eager(eager);
                    }
                }
                default -> problem(full, unknownField(field));
            }
        }
        for (String required : REQUIRED) {
            if (!fields.containsKey(required)) {
                problems.add("database." + key + ": missing required key 'database." + key + "." + required + "'");
            }
        }
        return problems.size() == before ? b.build() : null;
    }

    private void option(DatabaseSettings.Builder b, String key, String full, String name, String value) {
        if (!DatabaseSettings.OPTION.matcher(name).matches()) {
            problem(full, Identifiers.forMessage(name) + " is not a valid driver option name");
        } else if (name.equalsIgnoreCase("user") || name.equalsIgnoreCase("password")) {
            problem(full, "set credentials with 'database." + key + ".user' and 'database." + key
                    + ".pass', not as driver options");
        } else {
            b.option(name, value);
        }
    }

    private void matching(String full, String value, boolean ok, String expected, Function<String, ?> setter) {
        if (value.isEmpty()) {
            problem(full, "must not be empty");
        } else if (!ok) {
            problem(full, Identifiers.forMessage(value) + " is not " + expected);
        } else {
            setter.apply(value);
        }
    }

    /** Takes {@code value} lower-cased if it is one of {@code allowed}, else reports "unsupported <what>". */
    private void oneOf(String full, String value, java.util.Set<String> allowed, String what, String supported,
                       Function<String, ?> setter) {
        String lower = value.toLowerCase(java.util.Locale.ROOT);
        if (allowed.contains(lower)) {
            setter.apply(lower);
        } else {
            problem(full, "unsupported " + what + " " + Identifiers.forMessage(value) + " (supported: " + supported + ")");
        }
    }

    private void port(DatabaseSettings.Builder b, String full, String value) {
        int port = -1;
        if (value.matches("[0-9]{1,5}")) {
            port = Integer.parseInt(value);
        }
        if (port < 1 || port > 65535) {
            problem(full, Identifiers.forMessage(value) + " is not a port number (1-65535)");
        } else {
            b.port(port);
        }
    }

    private void duration(String full, String value, boolean zeroAllowed, Function<Duration, ?> setter) {
        Duration d = Durations.parse(value);
        if (d == null) {
            problem(full, Identifiers.forMessage(value)
                    + " is not a duration (use e.g. 500ms, 5s, 2m or a number of milliseconds)");
        } else if (d.toMillis() > Integer.MAX_VALUE) {
            problem(full, Identifiers.forMessage(value) + " is too long (at most 24 days)");
        } else if (!zeroAllowed && d.isZero()) {
            problem(full, "must be greater than zero");
        } else {
            setter.apply(d);
        }
    }

    private Boolean bool(String full, String raw) {
        String value = raw == null ? "" : raw.trim();
        if (value.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        }
        if (value.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
        }
        problem(full, Identifiers.forMessage(value) + " is not a boolean (true or false)");
        return null;
    }

    private static String unknownField(String field) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String known : FIELDS) {
            int d = Durations.editDistance(field.toLowerCase(java.util.Locale.ROOT), known);
            if (d < bestDistance) {
                best = known;
                bestDistance = d;
            }
        }
        if (field.equalsIgnoreCase("options") || field.startsWith("option.")) {
            best = "options.<name>";
            bestDistance = 0;
        }
        String quoted = Identifiers.forMessage(field);
        if (best != null && bestDistance <= Math.min(3, Math.max(1, field.length() / 2))) {
            return "unknown setting " + quoted + " (did you mean '" + best + "'?)";
        }
        return "unknown setting " + quoted + " (known: " + String.join(", ", FIELDS) + ", options.<name>)";
    }

    private void problem(String fullKey, String text) {
        String source = sourceOf.apply(fullKey);
        problems.add(fullKey + ": " + text + (source == null || source.isBlank() ? "" : " (from " + source + ")"));
    }
}
