package io.fastd.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.fastd.kernel.cli.Cli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -Dfastd.embedded.dir} goes through the same private-directory checks as the default. */
class EmbeddedDirectoryTest {

    @Test
    void startRefusesAnEmbeddedDirectoryOthersCanWriteAndNamesIt(@TempDir Path dir) throws Exception {
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        Properties properties = new Properties();
        properties.setProperty("server.host", "udp://127.0.0.1:0");
        properties.setProperty("server.listeners", "http://127.0.0.1:0");
        properties.setProperty("server.admin", "http://127.0.0.1:0");
        properties.setProperty("server.pid_file", dir.resolve("fast-d.pid").toString());
        properties.setProperty("fastd.embedded.dir", shared.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = ExampleMain.run(new String[] {"start"}, Map.of(), properties,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        String user = System.getProperty("user.name");
        assertThat(exit).isEqualTo(Cli.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("refusing embedded MariaDB directory " + shared + ": "
                + shared + " is owned by " + user + " with mode rwxrwxrwx (it must be owned by " + user
                + " and not writable by group or others)");
        try (var entries = Files.list(shared)) {
            assertThat(entries).as("nothing unpacked or started in it").isEmpty();
        }
        assertThat(dir.resolve("fast-d.pid")).doesNotExist();
    }

    @Test
    void aMistypedDatabaseKeyAndABadServerModeFailTogetherBeforeTheEmbeddedServerStarts(@TempDir Path dir) {
        Path embedded = dir.resolve("embedded");
        Properties properties = new Properties();
        properties.setProperty("server.pid_file", dir.resolve("fast-d.pid").toString());
        properties.setProperty("server.mode", "bsae");
        properties.setProperty("database.default.hostname", "db.example");
        properties.setProperty("fastd.embedded.dir", embedded.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = ExampleMain.run(new String[] {"start"}, Map.of(), properties,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(Cli.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("Invalid configuration (2 problems):"
                + "\n  - server.mode: 'bsae' is not a server mode; use process or base (from system property -Dserver.mode)"
                + "\n  - database.default.hostname: unknown setting 'hostname' (did you mean 'host'?)"
                + " (from system property -Ddatabase.default.hostname)" + System.lineSeparator());
        assertThat(embedded).as("no embedded server unpacked or started").doesNotExist();
        assertThat(dir.resolve("fast-d.pid")).doesNotExist();
    }
}
