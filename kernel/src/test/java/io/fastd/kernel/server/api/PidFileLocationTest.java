package io.fastd.kernel.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fastd.kernel.server.internal.admin.OwnFiles;
import io.fastd.kernel.server.internal.admin.PidFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default PID file location and the directory rule of an explicit one. */
class PidFileLocationTest {

    private static final String USER = System.getProperty("user.name");

    @TempDir
    Path dir;

    private Path directory(String name, String mode) throws Exception {
        Path path = Files.createDirectory(dir.resolve(name));
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
        return path;
    }

    @Test
    void aPrivateXdgRuntimeDirIsTheDefault() throws Exception {
        Path runtime = directory("runtime", "rwx------");

        assertThat(DefaultPidFile.choose("app", Map.of("XDG_RUNTIME_DIR", runtime.toString()), USER, dir.resolve("none")))
                .isEqualTo(runtime.resolve("app.pid"));
    }

    @Test
    void anXdgRuntimeDirOthersCanReadIsSkipped() throws Exception {
        Path runtime = directory("runtime", "rwxr-xr-x");

        assertThat(DefaultPidFile.choose("app", Map.of("XDG_RUNTIME_DIR", runtime.toString()), "someone", dir.resolve("none")))
                .isEqualTo(Path.of("run", "app.pid"));
        assertThat(DefaultPidFile.choose("app", Map.of("XDG_RUNTIME_DIR", runtime.toString()), USER, dir.resolve("none")))
                .isEqualTo(Path.of("run", "app.pid"));
    }

    @Test
    void rootGetsRunWhenOnlyRootCanWriteIt() throws Exception {
        Path run = directory("run", "rwxr-xr-x");
        Path shared = directory("shared", "rwxrwxrwx");

        assertThat(DefaultPidFile.choose("app", Map.of(), USER, run))
                .isEqualTo(USER.equals("root") ? run.resolve("app.pid") : Path.of("run", "app.pid"));
        assertThat(DefaultPidFile.choose("app", Map.of(), "root", shared)).isEqualTo(Path.of("run", "app.pid"));
        assertThat(DefaultPidFile.choose("app", Map.of(), "not-root", run)).isEqualTo(Path.of("run", "app.pid"));
    }

    @Test
    void anExplicitPidFileInADirectoryOthersCanWriteIsRefusedUnlessSticky() throws Exception {
        Path open = directory("open", "rwxrwxrwx");
        PidFile pidFile = new PidFile(open.resolve("app.pid"));

        assertThatThrownBy(pidFile::checkTrusted).isInstanceOf(OwnFiles.UntrustedFileException.class)
                .hasMessage("refusing PID file " + open.resolve("app.pid") + ": its directory " + open + " is writable by"
                        + " other users (mode rwxrwxrwx, no sticky bit), who could replace the file; use a directory only"
                        + " you can write");

        Process chmod = new ProcessBuilder("chmod", "1777", open.toString()).start();
        assertThat(chmod.waitFor()).isZero();
        pidFile.checkTrusted();
    }

    @Test
    void aMissingDirectoryIsCreatedOwnerOnly() throws Exception {
        PidFile pidFile = new PidFile(dir.resolve("run/app.pid"));

        pidFile.checkTrusted();

        assertThat(Files.getPosixFilePermissions(dir.resolve("run"))).isEqualTo(PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void aSymlinkedPidFileIsRefused() throws Exception {
        Files.writeString(dir.resolve("elsewhere"), "1\n");
        Files.createSymbolicLink(dir.resolve("app.pid"), dir.resolve("elsewhere"));

        assertThatThrownBy(new PidFile(dir.resolve("app.pid"))::checkTrusted)
                .hasMessage("refusing PID file " + dir.resolve("app.pid") + ": it is a symbolic link (owned by " + USER
                        + "); remove it");
    }
}
