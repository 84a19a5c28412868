package io.fastd.kernel.cli;

import static io.fastd.kernel.cli.Spawner.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fastd.kernel.config.Config;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Start lock and identity checks of the CLI, against servers and other processes in their own JVMs. */
@Timeout(120)
class CliIdentityTest {

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


    private Process serving() throws IOException {
        Process server = spawner().spawn("server.out", List.of(), "start");
        await("the server to serve", () -> spawner().serving() && spawner().readPid() == server.pid());
        return server;
    }

    @Test
    void aSecondStartWhileAServerRunsSaysAlreadyRunningWithoutBuildingTheApplication() throws Exception {
        Process server = serving();
        AtomicInteger built = new AtomicInteger();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        Cli second = new Cli(Config.of(Map.of("server.pid_file", spawner().pidFile().toString()), "test"), () -> {
            built.incrementAndGet();
            throw new AssertionError("the application must not be built");
        }, new PrintStream(new java.io.ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(second.run("start")).isEqualTo(Cli.FAILED);
        assertThat(built).hasValue(0);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("Server fast-d failed to start: already running as PID "
                + server.pid() + " (PID file " + spawner().pidFile() + "); stop it first (lock " + dir.resolve("fast-d.pid.lock")
                + " is held)" + System.lineSeparator());
        assertThat(spawner().readPid()).isEqualTo(server.pid());
        assertThat(server.isAlive()).isTrue();
    }

    @Test
    void twoConcurrentStartsLeaveExactlyOneServerWhosePidFileNamesIt() throws Exception {
        Process first = spawner().spawn("first.out", List.of(), "start");
        Process second = spawner().spawn("second.out", List.of(), "start");
        await("one of the two to give up", () -> !first.isAlive() || !second.isAlive());
        Process loser = first.isAlive() ? second : first;
        Process winner = loser == first ? second : first;
        assertThat(loser.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(loser.exitValue()).isEqualTo(Cli.FAILED);
        assertThat(spawner().output(loser == first ? "first.out" : "second.out"))
                .containsPattern("already (starting or )?running as (PID " + winner.pid() + "|another process)");
        await("the winner to serve", () -> spawner().serving());
        assertThat(spawner().readPid()).isEqualTo(winner.pid());
        assertThat(winner.isAlive()).isTrue();

        Cli cli = spawner().cli();
        assertThat(cli.run("stop")).as(spawner().err()).isEqualTo(Cli.OK);
        assertThat(winner.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.exists(spawner().pidFile())).isFalse();
    }

    @Test
    void aPidFileNamingAnUnrelatedProcessLeavesItAlive() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "1000").start();
        spawner().endAtClose(sleep.pid());
        Files.writeString(spawner().pidFile(), sleep.pid() + "\n");

        for (String verb : List.of("stop", "status", "reload")) {
            Cli cli = spawner().cli();
            assertThat(cli.run(verb)).as(verb).isEqualTo(Cli.NOT_RUNNING);
            assertThat(spawner().err()).isEqualTo("PID " + sleep.pid() + " (from " + spawner().pidFile() + ") is not fast-d: no"
                    + " server identity recorded in " + spawner().adminFile() + "; leaving that process alone" + System.lineSeparator());
            assertThat(sleep.isAlive()).as("after " + verb).isTrue();
        }
        assertThat(spawner().readPid()).as("the PID file is left for its owner to look at").isEqualTo(sleep.pid());
    }

    @Test
    void aPidFileOwnedByAnotherUserIsRefused() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "1000").start();
        spawner().endAtClose(sleep.pid());
        Files.writeString(spawner().pidFile(), sleep.pid() + "\n");
        Files.setOwner(spawner().pidFile(), FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));

        Cli cli = spawner().cli();
        assertThat(cli.run("stop")).isEqualTo(Cli.FAILED);
        assertThat(spawner().err()).isEqualTo("refusing PID file " + spawner().pidFile() + ": owned by nobody, not by "
                + System.getProperty("user.name") + " (the user running this command)" + System.lineSeparator());
        assertThat(sleep.isAlive()).isTrue();
        assertThat(Files.exists(spawner().pidFile())).isTrue();
    }

    @Test
    void theRealServersPidWithAnotherStartTimeIsRefusedAndNotSignalled() throws Exception {
        Process server = serving();
        String admin = Files.readString(spawner().adminFile());
        String started = admin.lines().filter(line -> line.startsWith("started=")).findFirst().orElseThrow().substring(8);
        String earlier = java.time.Instant.parse(started).minusSeconds(3600).toString();
        Files.writeString(spawner().adminFile(), admin.replace("started=" + started, "started=" + earlier));

        Cli cli = spawner().cli();
        assertThat(cli.run("stop")).isEqualTo(Cli.NOT_RUNNING);
        assertThat(spawner().err()).isEqualTo("PID " + server.pid() + " (from " + spawner().pidFile() + ") is not fast-d: that"
                + " process started at " + started + ", fast-d with that PID at " + earlier + " (the PID was reused); leaving"
                + " that process alone" + System.lineSeparator());
        assertThat(server.isAlive()).isTrue();

        Files.writeString(spawner().adminFile(), admin);
        assertThat(spawner().cli().run("stop")).as(spawner().err()).isEqualTo(Cli.OK);
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void anAdminChannelThatDoesNotConfirmTheNonceIsNotThisServer() throws Exception {
        Process server = serving();
        String admin = Files.readString(spawner().adminFile());
        Files.writeString(spawner().adminFile(), admin.replaceAll("nonce=[0-9a-f]+", "nonce=0123"));

        Cli cli = spawner().cli();
        assertThat(cli.run("status")).isEqualTo(Cli.NOT_RUNNING);
        assertThat(spawner().err()).contains("PID " + server.pid() + " (from " + spawner().pidFile() + ") is not fast-d: the"
                + " admin channel 127.0.0.1:").contains("did not confirm its identity (another PID or nonce)");
        assertThat(spawner().cli().run("stop")).isEqualTo(Cli.NOT_RUNNING);
        assertThat(server.isAlive()).isTrue();

        Files.writeString(spawner().adminFile(), admin);
        assertThat(spawner().cli().run("stop")).as(spawner().err()).isEqualTo(Cli.OK);
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
}
