package io.fastd.pool.mysql.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After {@code kill -9} of the JVM that started it, the {@code mariadbd} child keeps running; the
 * next start of the same base directory ends it (and only it) and deletes its run directory.
 */
class StaleInstanceTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @Test
    void theNextStartEndsTheServerOfAKilledJvmAndLeavesAnUnrelatedProcessAlive(@TempDir Path dir) throws Exception {
        Path base = dir.resolve("base");
        Path output = dir.resolve("child.log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), OrphanChild.class.getName(), base.toString())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        Process unrelated = new ProcessBuilder("sleep", "600").start();
        try {
            await("the child's server to start", () -> read(output).contains("STARTED ") || !child.isAlive());
            String log = read(output);
            assertThat(log).as("child output: %s", log).contains("STARTED ");
            Path oldRun = Path.of(log.substring(log.indexOf("STARTED ") + 8).lines().findFirst().orElseThrow());
            String[] instance = Files.readString(oldRun.resolve(StaleInstances.INSTANCE)).strip().split(" ");
            long pid = Long.parseLong(instance[0]);
            long startTime = Long.parseLong(instance[1]);

            child.toHandle().destroyForcibly();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(StaleInstances.isRunning(pid, startTime)).as("mariadbd outlived its killed parent").isTrue();

            Path planted = PrivateFiles.createDirectory(base.toRealPath().resolve("run-1"));
            long sleepStart = StaleInstances.ProcStat.of(unrelated.pid()).orElseThrow().startTime();
            PrivateFiles.writeSecret(planted.resolve(StaleInstances.INSTANCE), unrelated.pid() + " " + sleepStart + "\n");
            Files.createFile(planted.resolve(StaleInstances.LOCK));

            try (EmbeddedMariaDb server = EmbeddedMariaDb.start(base)) {
                assertThat(server.runDirectory()).isNotEqualTo(oldRun);
                await("the stale mariadbd to end", () -> !StaleInstances.isRunning(pid, startTime));
                assertThat(oldRun).doesNotExist();
                assertThat(planted).doesNotExist();
                assertThat(unrelated.isAlive()).as("the process a planted instance file names is left alone").isTrue();
                try (var runs = Files.list(base)) {
                    assertThat(runs.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("run-")))
                            .containsExactly(server.runDirectory().getFileName().toString());
                }
            }
        } finally {
            child.destroyForcibly();
            unrelated.destroyForcibly();
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + TIMEOUT.toSeconds() + " s waiting for " + what);
            }
            LockSupport.parkNanos(50_000_000L);
        }
    }
}
