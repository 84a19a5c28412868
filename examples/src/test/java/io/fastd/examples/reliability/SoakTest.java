package io.fastd.examples.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak ({@code -Psoak}, {@code -Dsoak.minutes=N}, default 3): steady HTTP + UDP traffic
 * through the example on loopback, a KILL of every worker connection every 20 s, one rolling
 * reload half-way; heap and connection count sampled every 2 s into
 * {@code target/soak/soak.csv}, summarized in {@code target/soak/summary.txt}.
 */
@Tag("soak")
class SoakTest {

    static final int WORKERS = 4;

    @Test
    void steadyTrafficWithKillsAndAReload(@TempDir Path dir) throws Exception {
        Duration length = Duration.ofMinutes(Long.getLong("soak.minutes", 3));
        Path out = Files.createDirectories(Path.of(System.getProperty("basedir", "."), "target", "soak"));
        StringBuilder csv = new StringBuilder("seconds,heap_used_mb,heap_committed_mb,connections,ok,failed,no_answer\n");
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (Rig rig = Rig.start(dir, "soak", WORKERS);
             Sampler sampler = Sampler.start(rig::connections, 50)) {
            Load load = Load.start("soak", 4, 10_000_000L, length.plusSeconds(30), n -> switch (n % 4) {
                case 0, 1 -> rig.ping("soak-" + n);
                case 2 -> Load.Outcome.of(rig.get("/items"));
                default -> Load.Outcome.of(rig.post("/items", "{\"name\":\"s-" + n + "\"}"));
            });
            long start = System.nanoTime();
            long end = start + length.toNanos();
            long nextKill = start + TimeUnit.SECONDS.toNanos(20);
            boolean reloaded = false;
            int kills = 0;
            double firstHeap = -1;
            while (System.nanoTime() < end) {
                Rig.quiet(Duration.ofSeconds(2));
                long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
                double used = memory.getHeapMemoryUsage().getUsed() / 1048576.0;
                if (firstHeap < 0 && seconds >= 10) {
                    firstHeap = used;
                }
                csv.append(String.format(Locale.ROOT, "%d,%.1f,%.1f,%d,%d,%d,%d%n", seconds, used,
                        memory.getHeapMemoryUsage().getCommitted() / 1048576.0, rig.connections(),
                        load.count(Load.Kind.OK), load.count(Load.Kind.FAILED), load.count(Load.Kind.NO_ANSWER)));
                if (System.nanoTime() > nextKill) {
                    kills += rig.killAll();
                    nextKill += TimeUnit.SECONDS.toNanos(20);
                }
                if (!reloaded && System.nanoTime() > start + length.toNanos() / 2) {
                    assertThat(rig.server.reload().get(60, TimeUnit.SECONDS)).isEqualTo("reloaded " + WORKERS + " workers");
                    reloaded = true;
                }
            }
            load.stop();
            Files.writeString(out.resolve("soak.csv"), csv, StandardCharsets.UTF_8);
            System.gc();
            double lastHeap = memory.getHeapMemoryUsage().getUsed() / 1048576.0;
            String summary = String.format(Locale.ROOT, "soak %d min, %d workers: %d requests (%d ok, %d failed with an error"
                            + " answer, %d unanswered), %d connections killed, 1 reload, max connections %d of %d,"
                            + " heap used %.0f MB after 10 s, %.0f MB at the end after GC%n",
                    length.toMinutes(), WORKERS, load.total(), load.count(Load.Kind.OK), load.count(Load.Kind.FAILED),
                    load.count(Load.Kind.NO_ANSWER), kills, sampler.max(), WORKERS, firstHeap, lastHeap);
            Files.writeString(out.resolve("summary.txt"), summary, StandardCharsets.UTF_8);
            Report.add("soak", load.total(), load.count(Load.Kind.FAILED), load.count(Load.Kind.NO_ANSWER), summary.strip());

            assertThat(load.count(Load.Kind.NO_ANSWER)).as("unanswered: %s", load.details()).isZero();
            assertThat(sampler.max()).isLessThanOrEqualTo(WORKERS);
            assertThat(reloaded).isTrue();
            // A kill may have been the last event: the next requests reconnect every worker.
            assertThat(IdleDeathTest.traffic(rig, "soak-end-", 4 * WORKERS)).isEmpty();
            Rig.await("W connections at the end", () -> rig.connections() == WORKERS);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the soak report", e);
        }
    }
}
