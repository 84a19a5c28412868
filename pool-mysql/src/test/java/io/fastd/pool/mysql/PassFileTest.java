package io.fastd.pool.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code database.<key>.pass_file}: the password read from a file, end to end with the real database. */
class PassFileTest {

    private static final String SOURCE = "file /app/config/database.yml";

    @TempDir
    Path dir;

    private Path passwordFile(String content, String mode) throws Exception {
        Path file = dir.resolve("db-password");
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    private static Map<String, String> entries(String... more) {
        Map<String, String> entries = new LinkedHashMap<>(Map.of("database.default.host", "127.0.0.1",
                "database.default.name", "test", "database.default.user", "app"));
        for (int i = 0; i < more.length; i += 2) {
            entries.put(more[i], more[i + 1]);
        }
        return entries;
    }

    private static List<String> problems(Map<String, String> entries) {
        return catchThrowableOfType(DatabaseConfigException.class, () -> DatabaseSettings.parse(entries, key -> SOURCE))
                .problems();
    }

    @Test
    void thePasswordFromAFileConnectsToTheRealDatabase() throws Exception {
        String password = "pw-" + Long.toHexString(System.nanoTime());
        String db = TestDatabase.createDatabase("passfile");
        String user = TestDatabase.createUser(password, db);
        Path file = passwordFile(password + "\n", "r--------");

        DatabaseSettings settings = DatabaseSettings.parse(Map.of("database.default.host", TestDatabase.host(),
                "database.default.port", Integer.toString(TestDatabase.port()), "database.default.name", db,
                "database.default.user", user, "database.default.pass_file", file.toString()), key -> SOURCE).get("default");

        assertThat(settings.password()).isEqualTo(password);
        assertThat(settings.toString()).doesNotContain(password);
        DatabasePool pool = new DatabasePool(Map.of("default", settings));
        pool.initPool();
        try {
            assertThat(pool.getConnection("default").query("SELECT CURRENT_USER() AS u").get(0).get("u").toString())
                    .startsWith(user + "@");
        } finally {
            pool.closePool();
        }
    }

    @Test
    void trailingLineBreaksAreStrippedAndGroupReadableFilesAreAccepted() throws Exception {
        Path file = passwordFile("with space \r\n\n", "rw-r-----");

        assertThat(DatabaseSettings.parse(entries("database.default.pass_file", file.toString()), key -> SOURCE)
                .get("default").password()).isEqualTo("with space ");
    }

    @Test
    void aFileEveryUserCanReadIsRefusedWithoutItsContent() throws Exception {
        Path file = passwordFile("hunter2\n", "rw-r--r--");

        assertThat(problems(entries("database.default.pass_file", file.toString()))).containsExactly(
                "database.default.pass_file: " + file + " can be read or written by every user (mode rw-r--r--); chmod o-rw it"
                        + " (from " + SOURCE + ")");
    }

    @Test
    void aSymlinkOwnedBySomeoneElseIsRefused() throws Exception {
        Path file = passwordFile("hunter2\n", "rw-------");
        Path link = Files.createSymbolicLink(dir.resolve("link"), file);
        Files.getFileAttributeView(link, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setOwner(FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));

        assertThat(problems(entries("database.default.pass_file", link.toString()))).containsExactly(
                "database.default.pass_file: " + link + " is a symbolic link owned by nobody; only links owned by root or "
                        + System.getProperty("user.name") + " are followed (from " + SOURCE + ")");
    }

    @Test
    void aMissingFileADirectoryAndBothPassAndPassFileAreEachReported() throws Exception {
        Path file = passwordFile("hunter2\n", "rw-------");
        Map<String, String> entries = entries("database.default.pass", "inline", "database.default.pass_file", file.toString(),
                "database.b.host", "h", "database.b.name", "n", "database.b.user", "u",
                "database.b.pass_file", dir.resolve("missing").toString(),
                "database.c.host", "h", "database.c.name", "n", "database.c.user", "u", "database.c.pass_file", dir.toString());

        assertThat(problems(entries)).containsExactly(
                "database.default.pass_file: both 'pass' and 'pass_file' are set; keep one (from " + SOURCE + ")",
                "database.b.pass_file: " + dir.resolve("missing") + " does not exist (from " + SOURCE + ")",
                "database.c.pass_file: " + dir + " is not a regular file (from " + SOURCE + ")");
    }
}
