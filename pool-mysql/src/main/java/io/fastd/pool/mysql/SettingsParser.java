package io.fastd.pool.mysql;

import static java.util.Objects.requireNonNull;

import io.fastd.kernel.config.Binding;
import io.fastd.kernel.config.Config;
import io.fastd.kernel.config.Setting;
import io.fastd.kernel.config.SettingGroup;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * Turns flattened {@code database.*} entries into {@link DatabaseSettings}: each key's fields are
 * read by the kernel's binder from their declarations ({@link DatabaseKeys}); what the
 * declarations cannot say (unknown fields, driver options, {@code pass} beside {@code password},
 * required fields) is checked here. Every problem is collected, in the order of the entries.
 * Values of {@code pass}/{@code password} are never echoed, nor the content of {@code pass_file}
 * ({@link PasswordFile}), nor driver option values.
 */
final class SettingsParser {

    private static final String ROOT = "database.";
    private static final List<String> REQUIRED = List.of("name", "host", "user");

    private final Map<String, String> entries;
    private final Function<String, String> sourceOf;
    private final Config config;
    private final List<String[]> problems = new ArrayList<>();
    private boolean requireConnection = true;

    SettingsParser(Map<String, String> entries, Function<String, String> sourceOf) {
        this.entries = requireNonNull(entries, "entries is null");
        this.sourceOf = requireNonNull(sourceOf, "sourceOf is null");
        this.config = Config.of(entries, sourceOf);
    }

    /** Whether a missing name, host or user is a problem; default true. */
    SettingsParser requireConnection(boolean required) {
        this.requireConnection = required;
        return this;
    }

    Map<String, DatabaseSettings> parse() {
        boolean globalEager = true;
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
                    Binding eager = SettingGroup.of("database", DatabaseKeys.GLOBAL_EAGER).read(config);
                    eager.problems().forEach(p -> problems.add(new String[] {full, p}));
                    globalEager = eager.find(DatabaseKeys.GLOBAL_EAGER).orElse(true);
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
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> group : groups.entrySet()) {
            DatabaseSettings s = parseKey(group.getKey(), group.getValue(), globalEager, missing);
            if (s != null) {
                result.put(group.getKey(), s);
            }
        }
        if (!problems.isEmpty() || !missing.isEmpty()) {
            throw new DatabaseConfigException(ordered(missing));
        }
        return result;
    }

    /** The problems in the order of their entries, each key's missing fields after its other problems. */
    private List<String> ordered(List<String> missing) {
        List<String> keys = new ArrayList<>(entries.keySet());
        List<String[]> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparingInt(p -> keys.indexOf(p[0])));
        List<String> texts = new ArrayList<>();
        List<String> pendingMissing = new ArrayList<>(missing);
        String currentKey = null;
        for (String[] p : sorted) {
            String key = databaseKeyOf(p[0]);
            if (currentKey != null && !currentKey.equals(key)) {
                flushMissing(currentKey, pendingMissing, texts);
            }
            currentKey = key;
            texts.add(p[1]);
        }
        pendingMissing.forEach(texts::add);
        return texts;
    }

    private static void flushMissing(String key, List<String> pending, List<String> texts) {
        for (var it = pending.iterator(); it.hasNext(); ) {
            String m = it.next();
            if (m.startsWith(ROOT + key + ": ")) {
                texts.add(m);
                it.remove();
            }
        }
    }

    private static String databaseKeyOf(String full) {
        String rest = full.substring(ROOT.length());
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    private DatabaseSettings parseKey(String key, Map<String, String> fields, boolean globalEager, List<String> missing) {
        int before = problems.size();
        int missingBefore = missing.size();
        SettingGroup declared = DatabaseKeys.forKey(key, globalEager);
        Binding binding = declared.read(config);
        binding.problems().forEach(p -> problems.add(new String[] {p.substring(0, p.indexOf(": ")), p}));
        if (fields.containsKey("pass") && fields.containsKey("password")) {
            problem(fields.get("password"), "both 'pass' and 'password' are set; keep one");
        }
        for (String inline : List.of("pass", "password")) {
            if (fields.containsKey(inline) && fields.containsKey("pass_file")) {
                problem(fields.get("pass_file"), "both '" + inline + "' and 'pass_file' are set; keep one");
            }
        }
        DatabaseSettings.Builder b = DatabaseSettings.builder(key);
        for (Map.Entry<String, String> f : fields.entrySet()) {
            String full = f.getValue();
            String field = f.getKey();
            if (field.startsWith("options.")) {
                String raw = entries.get(full);
                option(b, key, full, field.substring("options.".length()), raw == null ? "" : raw);
            } else if (!declared.declares(full)) {
                problem(full, unknownField(field));
            }
        }
        boolean complete = true;
        for (String required : REQUIRED) {
            if (!fields.containsKey(required)) {
                complete = false;
                if (requireConnection) {
                    missing.add("database." + key + ": missing required key 'database." + key + "." + required + "'");
                }
            }
        }
        if (problems.size() != before || missing.size() != missingBefore || !complete) {
            return null;
        }
        b.adapter(binding.get(DatabaseKeys.ADAPTER)).name(binding.get(DatabaseKeys.NAME))
                .host(binding.get(DatabaseKeys.HOST)).port(binding.get(DatabaseKeys.PORT)).user(binding.get(DatabaseKeys.USER))
                .charset(binding.get(DatabaseKeys.CHARSET)).connectTimeout(binding.get(DatabaseKeys.CONNECT_TIMEOUT))
                .socketTimeout(binding.get(DatabaseKeys.SOCKET_TIMEOUT)).idleCheck(binding.get(DatabaseKeys.IDLE_CHECK))
                .eager(binding.get(DatabaseKeys.EAGER));
        binding.find(DatabaseKeys.PREFIX).ifPresent(b::prefix);
        for (Setting<String> password : List.of(DatabaseKeys.PASS, DatabaseKeys.PASSWORD, DatabaseKeys.PASS_FILE)) {
            binding.find(password).ifPresent(b::password);
        }
        return b.build();
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

    private static String unknownField(String field) {
        List<String> known = DatabaseKeys.declarations().settings().stream().map(Setting::key).toList();
        String lower = field.toLowerCase(Locale.ROOT);
        String quoted = Identifiers.forMessage(field);
        if (lower.equals("options") || lower.startsWith("option.")) {
            return "unknown setting " + quoted + " (did you mean 'options.<name>'?)";
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String longestPrefix = null;
        for (String candidate : known) {
            int d = LevenshteinDistance.getDefaultInstance().apply(lower, candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
            // hostname, username: a known field with something added
            if (lower.startsWith(candidate) && (longestPrefix == null || candidate.length() > longestPrefix.length())) {
                longestPrefix = candidate;
            }
        }
        if (bestDistance <= Math.min(3, Math.max(1, field.length() / 2))) {
            return "unknown setting " + quoted + " (did you mean '" + best + "'?)";
        }
        if (longestPrefix != null) {
            return "unknown setting " + quoted + " (did you mean '" + longestPrefix + "'?)";
        }
        return "unknown setting " + quoted + " (known: " + String.join(", ", known) + ", options.<name>)";
    }

    private void problem(String fullKey, String text) {
        String source = sourceOf.apply(fullKey);
        problems.add(new String[] {fullKey,
            fullKey + ": " + text + (source == null || source.isBlank() ? "" : " (from " + source + ")")});
    }

}
