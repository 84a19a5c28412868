package io.fastd.examples.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.fastd.kernel.cli.Cli;
import io.fastd.kernel.server.internal.admin.PidFile;
import io.fastd.kernel.server.internal.admin.StartLock;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example's start checks the start lock before its application supplier starts an embedded MariaDB. */
class SecondStartTest {

    @TempDir
    Path dir;

    @Test
    void aStartWhileAnotherHoldsTheLockStartsNoEmbeddedDatabase() {
        Path pidFile = dir.resolve("fast-d.pid");
        Properties properties = new Properties();
        properties.setProperty("server.pid_file", pidFile.toString());
        properties.setProperty("fastd.embedded.dir", dir.resolve("mariadb").toString());

        try (StartLock held = StartLock.acquire(new PidFile(pidFile), "fast-d")) {
            Captured second = Captured.run(null, properties, "start");

            assertThat(second.exit()).isEqualTo(Cli.FAILED);
            assertThat(second.err()).isEqualTo("Server fast-d failed to start: already starting or running as another"
                    + " process (lock " + dir.resolve("fast-d.pid.lock") + " is held)" + System.lineSeparator());
            assertThat(second.all()).doesNotContain("embedded MariaDB");
            assertThat(dir.resolve("mariadb")).doesNotExist();
            assertThat(held).isNotNull();
        }
    }
}
