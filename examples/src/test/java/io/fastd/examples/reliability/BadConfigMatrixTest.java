package io.fastd.examples.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.fastd.kernel.cli.Cli;
import io.fastd.pool.mysql.TestDatabase;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scenario 8: bad config through {@code ExampleMain.run(...)}, one mistake at a time in an
 * otherwise good config directory: each gives one clear message naming the file and the key, a
 * non-zero exit and no stack trace. The database user's password is the canary of scenario 10:
 * it appears in no output of any case.
 */
class BadConfigMatrixTest {

    static final String CANARY = "Sekr3t-Canary-9x!";
    private static final String DATABASE = TestDatabase.createDatabase("badcfg");
    private static final String USER = TestDatabase.createUser(CANARY, DATABASE);

    /** A good config directory: a start with it would serve. */
    static Path goodConfig(Path dir) throws IOException {
        Path config = Files.createDirectories(dir.resolve("config"));
        Files.writeString(config.resolve("server.yml"), """
                host: udp://127.0.0.1:0
                listeners:
                  - http://127.0.0.1:0
                admin: http://127.0.0.1:0
                worker_num: 2
                pid_file: %s
                """.formatted(dir.resolve("server.pid")));
        Files.writeString(config.resolve("database.yml"), database(TestDatabase.port(), CANARY));
        return config;
    }

    static String database(int port, String password) {
        return """
                default:
                  host: 127.0.0.1
                  port: %d
                  user: %s
                  pass: "%s"
                  name: %s
                  prefix: demo_
                  connect_timeout: 2s
                """.formatted(port, USER, password, DATABASE);
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                // A missing key has no source of its own: the message names the key and its section.
                Arguments.of("missing key", "database.yml", "name: " + DATABASE, "", "missing required key 'database.default.name'"),
                Arguments.of("wrong type (database)", "database.yml", "connect_timeout: 2s", "connect_timeout: soon",
                        "database.default.connect_timeout"),
                Arguments.of("wrong type (server)", "server.yml", "worker_num: 2", "worker_num: many", "server.worker_num"),
                Arguments.of("unknown adapter", "database.yml", "prefix: demo_", "prefix: demo_\n  adapter: oracle",
                        "database.default.adapter"),
                Arguments.of("database port out of range", "database.yml", "port: " + TestDatabase.port(), "port: 70000",
                        "database.default.port"),
                Arguments.of("server port out of range", "server.yml", "udp://127.0.0.1:0", "udp://127.0.0.1:70000",
                        "server.host"),
                Arguments.of("unknown provider class", "app.yml", null, """
                        services:
                          - io.fastd.providers.ConfigProvider
                          - io.fastd.providers.DatabaseProvider
                          - io.fastd.examples.NoSuchProvider
                        """, "io.fastd.examples.NoSuchProvider"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void eachMistakeGivesOneClearMessage(String name, String file, String find, String replace, String key,
                                         @TempDir Path dir) throws IOException {
        Path config = goodConfig(dir);
        Path target = config.resolve(file);
        if (find == null) {
            Files.writeString(target, replace);
        } else {
            String text = Files.readString(target);
            assertThat(text).contains(find);
            Files.writeString(target, text.replace(find, replace));
        }

        Captured run = Captured.run(config, new Properties(), "start");

        assertClearFailure(run, key, name.equals("missing key") ? "database.default:" : target.toString());
    }

    @Test
    void unreachableHostNamesTheKeyAndAddress(@TempDir Path dir) throws IOException {
        Path config = goodConfig(dir);
        int closed = closedPort();
        Files.writeString(config.resolve("database.yml"), database(closed, CANARY));

        Captured run = Captured.run(config, new Properties(), "start");

        assertClearFailure(run, "'default'", "127.0.0.1:" + closed);
    }

    @Test
    void wrongPasswordNamesTheKeyAndUserButNotThePassword(@TempDir Path dir) throws IOException {
        Path config = goodConfig(dir);
        // The canary is now the configured (wrong) password; the user's real one differs.
        String user = TestDatabase.createUser("Another-Pass-3", DATABASE);
        Files.writeString(config.resolve("database.yml"), database(TestDatabase.port(), CANARY).replace(USER, user));

        Captured run = Captured.run(config, new Properties(), "start");

        assertClearFailure(run, "'default'", user);
        assertThat(run.err()).contains("Access denied");
    }

    @Test
    void anUnreadableConfigFileIsNamed(@TempDir Path dir) throws IOException {
        Path config = goodConfig(dir);
        // Tests may run as root, where permissions do not stop reads: a directory where a file should be.
        Files.delete(config.resolve("database.yml"));
        Files.createDirectory(config.resolve("database.yml"));

        Captured run = Captured.run(config, new Properties(), "start");

        assertClearFailure(run, "database.yml", config.resolve("database.yml").toString());
        assertThat(run.all()).doesNotContain("embedded MariaDB");
    }

    @Test
    void aConfigDirectoryThatIsAFileIsNamed(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");

        Captured run = Captured.run(file, new Properties(), "start");

        assertClearFailure(run, "config directory", file.toString());
    }

    @Test
    void theStackTraceComesOnlyWithFastdDebug(@TempDir Path dir) throws IOException {
        // A failure of the application's build (config errors are all found before it, with no trace).
        Path config = goodConfig(dir);
        Properties properties = new Properties();
        properties.setProperty("app.services", "io.fastd.examples.NoSuchProvider");
        String previous = System.getProperty("fastd.debug");
        System.setProperty("fastd.debug", "true");
        Captured run;
        try {
            run = Captured.run(config, properties, "start");
        } finally {
            if (previous == null) {
                System.clearProperty("fastd.debug");
            } else {
                System.setProperty("fastd.debug", previous);
            }
        }
        assertThat(run.exit()).isEqualTo(Cli.FAILED);
        assertThat(run.all()).contains("\tat io.fastd.");
        assertThat(run.all()).doesNotContain(CANARY);
    }

    static void assertClearFailure(Captured run, String key, String source) {
        assertThat(run.exit()).as("%s", run).isNotZero();
        assertThat(run.err()).as("%s", run).contains(key).contains(source);
        assertThat(run.err().strip().lines().filter(line -> !line.startsWith("  ")).count())
                .as("one message (problem lines indented under it): %s", run).isEqualTo(1);
        assertThat(run.all()).as("no stack trace: %s", run).doesNotContain("\tat ", "Exception in thread");
        assertThat(run.all()).as("the password is never printed: %s", run).doesNotContain(CANARY);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
