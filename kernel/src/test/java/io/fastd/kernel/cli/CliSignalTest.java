package io.fastd.kernel.cli;

import static io.fastd.kernel.cli.Spawner.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** SIGUSR1 reloads a foreground server's workers (Swoole's convention), as {@code reload} does. */
@Timeout(120)
class CliSignalTest {

    /** A request worker's line of the status table: id, kind, state, served, total, generation. */
    private static final Pattern WORKER = Pattern.compile("(?m)^\\d+\\s+request\\s+(\\S+)\\s+\\d+\\s+\\d+\\s+(\\d+)\\s");

    @TempDir
    Path dir;

    /** Ends the processes a test spawned (JUnit closes it after each test). */
    @AutoClose
    private Spawner spawner;


    @Test
    void sigusr1ReplacesEveryWorkerAndTheServerKeepsRunning() throws Exception {
        spawner = new Spawner(dir);
        Process server = spawner.spawn("server.out", List.of(), "start");
        await("the server to serve", () -> spawner.serving() && spawner.readPid() == server.pid());
        assertThat(generations()).containsExactly("RUNNING 1", "RUNNING 1");

        Process kill = new ProcessBuilder("kill", "-USR1", Long.toString(server.pid())).inheritIO().start();
        assertThat(kill.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();

        await("both workers replaced", () -> generations().equals(List.of("RUNNING 2", "RUNNING 2")));
        await("the reload's outcome in the server's output", () -> output().contains("SIGUSR1 reload done: reloaded 2 workers"));
        assertThat(output()).contains("SIGUSR1 received: reloading the workers one at a time");
        assertThat(server.isAlive()).isTrue();

        assertThat(spawner.cli().run("stop")).as(spawner.err()).isEqualTo(Cli.OK);
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(server.exitValue()).isZero();
    }

    /** Each request worker's state and generation, from {@code status} through the CLI. */
    private List<String> generations() {
        Cli cli = spawner.cli();
        assertThat(cli.run("status")).as(spawner.err()).isEqualTo(Cli.OK);
        Matcher worker = WORKER.matcher(spawner.out());
        List<String> found = new java.util.ArrayList<>();
        while (worker.find()) {
            found.add(worker.group(1) + " " + worker.group(2));
        }
        return found;
    }

    private String output() {
        try {
            return spawner.output("server.out");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
