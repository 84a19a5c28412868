package io.fastd.pool.mysql.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fastd.pool.mysql.DatabaseSettings;
import io.fastd.pool.mysql.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The accounts and file access of the embedded server the test JVM runs ({@link TestDatabase}). */
class EmbeddedMariaDbAccountsTest {

    private static EmbeddedMariaDb server;
    private static DatabaseSettings app;

    @BeforeAll
    static void server() {
        assumeTrue(TestDatabase.embedded().isPresent(), "tests run against an external server");
        server = TestDatabase.embedded().orElseThrow();
        server.createDatabase("fastd_accounts_own");
        server.createDatabase("fastd_accounts_other");
        server.execute("CREATE TABLE IF NOT EXISTS fastd_accounts_other.secret (v VARCHAR(10))");
        app = server.applicationSettings("default", "fastd_accounts_own");
    }

    @Test
    void rootWithAnEmptyPasswordIsRefusedOverTcp() {
        assertThatThrownBy(() -> connect("root", "", false).close()).isInstanceOf(SQLException.class)
                .hasMessageContaining("Access denied for user 'root'@'127.0.0.1'");
    }

    @Test
    void anonymousAccountsAreGoneAndRootIsLocalOnly() throws SQLException {
        try (Connection c = server.adminConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT user, host, JSON_VALUE(priv, '$.plugin') FROM mysql.global_priv"
                     + " WHERE user IN ('', 'root') ORDER BY host")) {
            StringBuilder accounts = new StringBuilder();
            while (rs.next()) {
                accounts.append(rs.getString(1)).append('@').append(rs.getString(2)).append(' ').append(rs.getString(3)).append('\n');
            }
            assertThat(accounts.toString()).isEqualTo("root@127.0.0.1 mysql_native_password\nroot@::1 mysql_native_password\n"
                    + "root@localhost mysql_native_password\n");
        }
    }

    @Test
    void theApplicationAccountCannotExportAFile() throws SQLException {
        Path target = server.runDirectory().resolve(RunDirectory.FILES).resolve("app-export.txt");
        try (Connection c = connect(app.user(), app.password(), false); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.execute("SELECT 'x' INTO OUTFILE '" + target + "'")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("Access denied for user 'fastd_accounts_own_app'@'127.0.0.1' (using password: YES)");
        }
        assertThat(target).doesNotExist();
    }

    @Test
    void theApplicationAccountCannotLoadALocalFile(@TempDir Path dir) throws Exception {
        Path local = Files.writeString(dir.resolve("rows.csv"), "planted\n", StandardCharsets.UTF_8);
        try (Connection c = connect(app.user(), app.password(), true); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS fastd_accounts_own.loaded (v VARCHAR(10))");
            assertThatThrownBy(() -> st.execute("LOAD DATA LOCAL INFILE '" + local + "' INTO TABLE fastd_accounts_own.loaded"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("The used command is not allowed because the MariaDB server or client has disabled the local"
                            + " infile capability");
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM fastd_accounts_own.loaded")) {
                rs.next();
                assertThat(rs.getLong(1)).isZero();
            }
        }
    }

    @Test
    void theApplicationAccountReachesItsOwnSchemaOnly() throws SQLException {
        try (Connection c = connect(app.user(), app.password(), false); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS fastd_accounts_own.mine (v INT)");
            assertThatThrownBy(() -> st.executeQuery("SELECT * FROM fastd_accounts_other.secret")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("SELECT command denied to user 'fastd_accounts_own_app'@'127.0.0.1' for table");
            assertThatThrownBy(() -> st.execute("CREATE DATABASE fastd_accounts_new")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("Access denied for user 'fastd_accounts_own_app'@'127.0.0.1' to database 'fastd_accounts_new'");
            assertThatThrownBy(() -> st.executeQuery("SELECT * FROM mysql.global_priv")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("SELECT command denied");
        }
    }

    @Test
    void rootCannotWriteAFileOutsideTheSecureFilePrivDirectory(@TempDir Path dir) throws SQLException {
        Path outside = dir.resolve("root-export.txt");
        try (Connection c = server.adminConnection(); Statement st = c.createStatement()) {
            assertThatThrownBy(() -> st.execute("SELECT 'x' INTO OUTFILE '" + outside + "'")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("--secure-file-priv option so it cannot execute this statement");
            try (ResultSet rs = st.executeQuery("SELECT @@secure_file_priv, @@local_infile, @@bind_address, @@socket")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo(server.runDirectory().resolve(RunDirectory.FILES) + "/");
                assertThat(rs.getBoolean(2)).isFalse();
                assertThat(rs.getString(3)).isEqualTo("127.0.0.1");
                assertThat(rs.getString(4)).isEqualTo(server.runDirectory().resolve(RunDirectory.SOCKET).toString())
                        .doesNotStartWith("/tmp/");
            }
        }
        assertThat(outside).doesNotExist();
    }

    @Test
    void thePasswordFilesAreOwnerOnlyAndThePasswordsAppearNowhereElse() throws Exception {
        Path root = server.runDirectory().resolve(RunDirectory.ROOT_PASSWORD);
        Path appFile = server.runDirectory().resolve("fastd_accounts_own_app.pass");
        for (Path file : new Path[] {root, appFile}) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS)))
                    .as("%s", file).isEqualTo("rw-------");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(server.runDirectory())))
                .isEqualTo("rwx------");
        String rootPassword = Files.readString(root);
        assertThat(rootPassword).hasSize(32);
        assertThat(Files.readString(appFile)).isEqualTo(app.password()).isNotEqualTo(rootPassword);
        assertThat(server.toString()).doesNotContain(rootPassword).doesNotContain(app.password());
        assertThat(app.toString()).doesNotContain(app.password());
        try (var files = Files.list(server.runDirectory())) {
            assertThat(files.map(p -> p.getFileName().toString())).as("the init file is gone once the server runs")
                    .doesNotContain("init.sql");
        }
        assertThat(Files.readString(Path.of("/proc", Long.toString(mariadbdPid()), "cmdline")))
                .doesNotContain(rootPassword).doesNotContain(app.password());
    }

    private static long mariadbdPid() throws Exception {
        return Long.parseLong(Files.readString(server.runDirectory().resolve(StaleInstances.INSTANCE)).split(" ")[0]);
    }

    private static Connection connect(String user, String password, boolean localInfile) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        p.setProperty("connectTimeout", "5000");
        if (localInfile) {
            p.setProperty("allowLocalInfile", "true");
        }
        return new org.mariadb.jdbc.Driver().connect("jdbc:mariadb://127.0.0.1:" + server.port() + "/", p);
    }
}
