package io.fastd.bench.e2e;

import io.fastd.kernel.Application;
import io.fastd.kernel.server.Server;
import io.fastd.kernel.server.ServerStatus;
import io.fastd.kernel.server.WorkerStatus;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One boot in its own JVM: {@code BootMain W keys dbHost dbPort}. Builds the kernel app (W request
 * workers, {@code keys} database keys, each worker one connection per key), starts the server and
 * prints, the moment {@link Server#awaitReady} returns, {@code READY <epoch ms>}; then one line
 * {@code BOOT k=v ...} with the phases, the per-worker pool init times the kernel recorded, heap
 * and RSS after start; then stops.
 */
public final class BootMain {

    private BootMain() {
    }

    public static void main(String[] args) throws Exception {
        long mainEntered = System.currentTimeMillis();
        int workers = Integer.parseInt(args[0]);
        int keys = Integer.parseInt(args[1]);
        long t0 = System.nanoTime();
        Application app = Apps.kernel(workers, keys, args[2], Integer.parseInt(args[3]));
        long t1 = System.nanoTime();
        app.start(); // the walk (PoolPlan.of) and singleton pools; Server.start() finds it started
        long t2 = System.nanoTime();
        Server server = new Server(app, new PrintStream(OutputStream.nullOutputStream()));
        server.start();
        boolean ready = server.awaitReady(Duration.ofSeconds(120));
        long readyAt = System.currentTimeMillis();
        long t3 = System.nanoTime();
        System.out.println("READY " + readyAt);
        System.out.flush();
        if (!ready) {
            System.exit(2);
        }
        ServerStatus status = server.status();
        long poolInitSumNanos = 0;
        long poolInitMaxNanos = 0;
        int pools = 0;
        for (WorkerStatus worker : status.workers()) {
            long workerNanos = 0;
            for (WorkerStatus.Pool pool : worker.pools()) {
                workerNanos += pool.initTime().toNanos();
                pools++;
            }
            poolInitSumNanos += workerNanos;
            poolInitMaxNanos = Math.max(poolInitMaxNanos, workerNanos);
        }
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        long heapUsed = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long nonHeap = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage().getUsed();
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        System.out.printf("BOOT workers=%d keys=%d pools=%d jvm_start_ms=%d main_ms=%d guice_ms=%.1f walk_ms=%.1f"
                        + " server_start_ms=%.1f pool_init_sum_ms=%.1f pool_init_max_ms=%.1f heap_mb=%.1f"
                        + " nonheap_mb=%.1f rss_mb=%.1f threads=%d%n",
                workers, keys, pools, jvmStart, mainEntered, ms(t1 - t0), ms(t2 - t1), ms(t3 - t2),
                ms(poolInitSumNanos), ms(poolInitMaxNanos), mb(heapUsed), mb(nonHeap), rssKb() / 1024.0,
                ManagementFactory.getThreadMXBean().getThreadCount());
        System.out.flush();
        server.stop();
        System.exit(0);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    static long rssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (java.io.IOException e) {
            return -1;
        }
        return -1;
    }
}
