package io.fastd.kernel.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetachedLogTest {

    @TempDir
    Path dir;

    @Test
    void theLogIsCreatedOwnerOnlyAndRotatedAtItsCapSoAtMostTwoCapsStay() throws Exception {
        Path log = dir.resolve("server.log");
        try (PrintStream out = new PrintStream(DetachedLog.open(log, 1000), true, StandardCharsets.UTF_8)) {
            for (int i = 0; i < 100; i++) {
                out.println("line " + i + " " + "x".repeat(90));
            }
        }
        assertThat(Files.size(log)).isLessThanOrEqualTo(1000);
        assertThat(Files.size(dir.resolve("server.log.1"))).isBetween(900L, 1000L);
        assertThat(Files.readString(log)).contains("line 99 ");
        assertThat(Files.getPosixFilePermissions(log)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(dir.resolve("server.log.1"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        try (var files = Files.list(dir)) {
            assertThat(files).hasSize(2);
        }
    }

    @Test
    void anExistingLogIsMadeOwnerOnly() throws Exception {
        Path log = dir.resolve("server.log");
        Files.writeString(log, "old\n");
        Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-r--r--"));

        DetachedLog.prepare(log);

        assertThat(Files.getPosixFilePermissions(log)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(log)).isEqualTo("old\n");
    }
}
