package io.fastd.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.fastd.kernel.AppSettings;
import io.fastd.kernel.config.SettingGroup;
import io.fastd.kernel.server.api.ServerSettings;
import io.fastd.pool.mysql.DatabaseKeys;
import io.fastd.providers.DatabaseProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's settings tables are the declarations: every declared setting has exactly its
 * rendered row, and no row names a key that is not declared.
 */
class SettingsTableTest {

    private static final Path ROOT = Path.of("..");

    private static List<String> rows(Path readme, String keyPrefix) throws IOException {
        return Files.readAllLines(readme).stream().filter(line -> line.startsWith("| `" + keyPrefix)).toList();
    }

    private static List<String> rendered(SettingGroup... groups) {
        List<String> rows = new ArrayList<>();
        for (SettingGroup group : groups) {
            rows.addAll(group.markdownRows());
        }
        return rows;
    }

    @Test
    void theMainReadmeRowsOfAppServerAndDatabaseKeysAreRenderedFromTheDeclarations() throws IOException {
        Path readme = ROOT.resolve("README.md");
        assertThat(rows(readme, "app.")).containsExactlyElementsOf(rendered(AppSettings.SETTINGS));
        assertThat(rows(readme, "server.")).containsExactlyElementsOf(rendered(ServerSettings.SETTINGS));
        List<String> database = new ArrayList<>(rendered(DatabaseKeys.declarations().under("database.<key>"),
                DatabaseKeys.global()));
        database.addAll(rendered(DatabaseProvider.settings()));
        assertThat(rows(readme, "database.").stream()
                .filter(row -> !row.startsWith("| `database.<key>.options.")).toList())
                .containsExactlyElementsOf(database);
    }

    @Test
    void thePoolReadmeRowsAreRenderedFromTheDeclarations() throws IOException {
        assertThat(rows(ROOT.resolve("pool-mysql/README.md"), "").stream()
                .filter(row -> !row.startsWith("| `options."))
                .filter(row -> DatabaseKeys.declarations().settings().stream()
                        .anyMatch(setting -> row.startsWith("| `" + setting.key() + "` |")))
                .toList())
                .containsExactlyElementsOf(rendered(DatabaseKeys.declarations()));
    }
}
