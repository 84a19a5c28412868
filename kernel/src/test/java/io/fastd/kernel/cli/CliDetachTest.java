package io.fastd.kernel.cli;

import static io.fastd.kernel.cli.Spawner.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code start -d}: its log file and the relaunched command line. */
@Timeout(120)
class CliDetachTest {

    private static final String SECRET = "s3cr3t-seen-by-ps";

    @TempDir
    Path dir;

    /** Ends the processes a test spawned (JUnit closes it after each test). */
    @AutoClose
    private Spawner spawner;

    private Spawner spawner() {
        if (spawner == null) {
            spawner = new Spawner(dir);
        }
        return spawner;
    }


    @Test
    void aSecretSystemPropertyLeavesTheRelaunchedCommandLineAndStillArrives() throws Exception {
        Process launcher = spawner().spawn("launcher.out", List.of("-Ddatabase.default.pass=" + SECRET), "start", "-d");
        assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(launcher.exitValue()).as(spawner().output("launcher.out")).isZero();
        long pid = spawner().readPid();
        spawner().endAtClose(pid);

        String cmdline = Files.readString(Path.of("/proc/" + pid + "/cmdline"), StandardCharsets.UTF_8);
        assertThat(cmdline).contains(TestServerMain.class.getName()).contains("-Dserver.pid_file=")
                .doesNotContain(SECRET).doesNotContain("database.default.pass");
        assertThat(Files.readString(Path.of("/proc/" + pid + "/environ"), StandardCharsets.UTF_8))
                .contains("FASTD_DATABASE__DEFAULT__PASS=" + SECRET);

        Spawner.await("the banner in the log", () -> log().contains("Server: fast-d"));
        Matcher url = Pattern.compile("Server (http://127\\.0\\.0\\.1:\\d+)").matcher(log());
        assertThat(url.find()).as(log()).isTrue();
        HttpResponse<String> length = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(url.group(1) + "/secret-length")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(length.body()).isEqualTo(Integer.toString(SECRET.length()));
        assertThat(log()).doesNotContain(SECRET);

        assertThat(Files.getPosixFilePermissions(spawner().log())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(spawner().cli().run("stop")).as(spawner().err()).isEqualTo(Cli.OK);
    }

    @Test
    void aSymlinkAtTheLogPathIsRefusedAndItsTargetUnchanged() throws Exception {
        Path target = dir.resolve("root-only.conf");
        Files.writeString(target, "precious\n");
        Files.createSymbolicLink(spawner().log(), target);

        Process launcher = spawner().spawn("launcher.out", List.of(), "start", "-d");
        assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(launcher.exitValue()).isEqualTo(Cli.FAILED);
        assertThat(spawner().output("launcher.out")).isEqualTo("cannot detach: refusing log file " + spawner().log()
                + ": it is a symbolic link (owned by " + System.getProperty("user.name") + "); remove it" + System.lineSeparator());
        assertThat(Files.readString(target)).isEqualTo("precious\n");
        assertThat(Files.exists(spawner().pidFile())).as("no server started").isFalse();
    }

    private String log() {
        try {
            return Files.readString(spawner().log());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
