package io.fastd.kernel.cli;

import static io.fastd.kernel.cli.Spawner.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code health} and {@code status --json} through {@link Cli} against a server in a second JVM. */
@Timeout(120)
class CliHealthTest {

    private static final String NL = System.lineSeparator();

    @TempDir
    Path dir;

    /** Ends the processes a test spawned (JUnit closes it after each test). */
    @AutoClose
    private Spawner spawner;


    @Test
    void healthIsExitZeroWhenReadyAndOneWithTheReasonsWhenAPoolIsDown() throws Exception {
        spawner = new Spawner(dir);
        Path down = dir.resolve("pool.down");
        Process server = spawner.spawn("server.out", List.of("-D" + TestServerMain.DOWN_MARKER + "=" + down), "start");
        await("the server to serve", () -> spawner.serving() && spawner.readPid() == server.pid());

        assertThat(spawner.cli().run("health")).as(spawner.err()).isEqualTo(Cli.OK);
        assertThat(spawner.out()).isEqualTo("{\"status\":\"UP\"}" + NL);

        Files.writeString(down, "down");
        Cli cli = spawner.cli();
        assertThat(cli.run("health")).as(spawner.err()).isEqualTo(Cli.NOT_RUNNING);
        JsonNode body = new ObjectMapper().readTree(spawner.out());
        assertThat(body.get("status").asText()).isEqualTo("DOWN");
        assertThat(spawner.out()).contains("\"pool\":\"memory default=test\"", "\"reason\":\"marker file present\"");
        assertThat(spawner.err()).isEmpty();

        Files.delete(down);
        assertThat(spawner.cli().run("health")).as(spawner.err()).isEqualTo(Cli.OK);

        assertThat(spawner.cli().run("stop")).as(spawner.err()).isEqualTo(Cli.OK);
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(spawner.cli().run("health")).isEqualTo(Cli.NOT_RUNNING);
        assertThat(spawner.err()).contains("is not running (no PID file at " + spawner.pidFile() + ")");
        assertThat(spawner.out()).isEmpty();
    }

    @Test
    void statusJsonPrintsTheAdminEndpointsStatus() throws Exception {
        spawner = new Spawner(dir);
        Process server = spawner.spawn("server.out", List.of(), "start");
        await("the server to serve", () -> spawner.serving() && spawner.readPid() == server.pid());

        assertThat(spawner.cli().run("status", "--json")).as(spawner.err()).isEqualTo(Cli.OK);

        JsonNode status = new ObjectMapper().readTree(spawner.out());
        assertThat(status.get("state").asText()).isEqualTo("RUNNING");
        assertThat(status.get("pid").asLong()).isEqualTo(server.pid());
        assertThat(status.get("workers")).hasSize(2);
        assertThat(spawner.out()).endsWith("}" + NL).doesNotContain("token");

        assertThat(spawner.cli().run("stop")).as(spawner.err()).isEqualTo(Cli.OK);
        assertThat(spawner.cli().run("status", "--json")).isEqualTo(Cli.NOT_RUNNING);
        assertThat(spawner.out()).isEmpty();
    }
}
