package io.fastd.kernel.cli;

import io.fastd.kernel.config.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code config} command's table: every key that has a value, sorted, with the value as it
 * may be shown ({@link Config#display}: secrets {@code [REDACTED]}, a secret's value pasted into
 * another key too) and the layer it came from ({@link Config#source}). A key no layer sets takes
 * its default, which the README's tables give; it is not listed.
 */
final class ConfigTable {

    private static final int MAX_VALUE_WIDTH = 40;

    private ConfigTable() {
    }

    static String render(Config config) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"KEY", "VALUE", "SOURCE"});
        config.keys().stream().sorted().forEach(key -> rows.add(new String[] {key, oneLine(config.display(key)),
                config.source(key).filter(source -> !source.isBlank()).orElse("-")}));
        int keyWidth = rows.stream().mapToInt(row -> row[0].length()).max().orElse(0);
        // A long value (a list of services) does not widen every row: it pushes its own source right.
        int valueWidth = Math.min(MAX_VALUE_WIDTH, rows.stream().mapToInt(row -> row[1].length()).max().orElse(0));
        StringBuilder text = new StringBuilder();
        for (String[] row : rows) {
            text.append(String.format(Locale.ROOT, "%-" + keyWidth + "s  %-" + valueWidth + "s  %s", row[0], row[1], row[2])
                    .stripTrailing()).append(System.lineSeparator());
        }
        return text.toString();
    }

    private static String oneLine(String value) {
        return value.replace("\r", "\\r").replace("\n", "\\n");
    }
}
