package io.fastd.kernel.server.internal.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.google.inject.AbstractModule;
import io.fastd.kernel.Application;
import io.fastd.kernel.server.api.ServerMode;
import io.fastd.kernel.server.api.ServerSettings;
import io.fastd.kernel.worker.WorkerContext;
import io.fastd.kernel.worker.WorkerScoped;
import io.fastd.pool.PoolHealth;
import io.fastd.pool.PoolInterface;
import io.fastd.pool.WorkerKind;
import com.google.inject.Inject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manager alone, without a network or sockets: workers on their own threads, a fixed clock
 * and the manager's executor given from outside.
 */
class ManagerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    /** Pools fail to initialize while this is set. */
    static final AtomicBoolean AWAY = new AtomicBoolean();

    @TempDir
    Path dir;

    private final List<String> announced = new CopyOnWriteArrayList<>();
    private final ManualRetries executor = new ManualRetries();
    private Application app;
    private Manager manager;
    private List<WorkerSlot> slots;

    @AfterEach
    void stop() {
        AWAY.set(false);
        if (manager != null) {
            manager.stop(Duration.ofSeconds(5), () -> { }, () -> { });
        }
        if (app != null) {
            app.stop();
        }
        executor.shutdownNow();
    }

    private void start(int workers) {
        Properties config = new Properties();
        config.put("app.version", "1.0.0");
        config.put("server.worker_num", Integer.toString(workers));
        config.put("server.pid_file", dir.resolve("m.pid").toString());
        config.put("server.restart_backoff", "50ms");
        app = Application.builder().environment(Map.of()).systemProperties(config).discoverProviders(false)
                .provider(new AbstractModule() {
                    @Override
                    protected void configure() {
                        bind(FlakyPool.class).in(WorkerScoped.class);
                    }
                }).build().start();
        ServerSettings settings = ServerSettings.from(app.config(), app.name());
        slots = new ArrayList<>();
        for (int id = 0; id < workers; id++) {
            slots.add(new WorkerSlot(id, WorkerKind.REQUEST, 4));
        }
        manager = new Manager(app, settings, Map.of(WorkerKind.REQUEST, Set.of()), announced::add, slots,
                Topology.of(ServerMode.PROCESS), Clock.fixed(NOW, ZoneOffset.UTC), executor);
        assertThat(manager.startAll()).isEmpty();
    }

    @Test
    void startAllRunsEveryWorkerOnItsOwnThreadInGenerationOne() {
        start(2);

        assertThat(slots).extracting(WorkerSlot::state).containsOnly(WorkerSlot.State.RUNNING);
        assertThat(slots).extracting(WorkerSlot::generations).containsOnly(1L);
        assertThat(manager.startedLines()).containsExactly(
                "Server Worker[" + ProcessHandle.current().pid() + "] is started [0]",
                "Server Worker[" + ProcessHandle.current().pid() + "] is started [1]");
    }

    @Test
    void aFailedStartBacksOffUntilTheClocksRetryTimeThenTheManagersExecutorRetriesIt() throws Exception {
        start(1);
        WorkerSlot slot = slots.get(0);
        AWAY.set(true);

        assertThat(manager.reload()).failsWithin(TIMEOUT).withThrowableThat()
                .withMessageContaining("reload stopped at fastd-worker-0 after 0 of 1 workers: ")
                .withMessageContaining("database away").withMessageEndingWith(" (retrying with backoff)");
        assertThat(slot.state()).isEqualTo(WorkerSlot.State.BACKOFF);
        assertThat(slot.nextRetryAt()).isEqualTo(NOW.plusMillis(50));
        assertThat(slot.failedStarts()).isEqualTo(1);
        assertThat(slot.lastError()).contains("database away");

        assertThat(executor.delaysMillis).containsExactly(50L);

        AWAY.set(false);
        executor.runRetry();
        await("the retry on the manager's executor", () -> slot.state() == WorkerSlot.State.RUNNING);
        assertThat(slot.failedStarts()).isZero();
        assertThat(slot.nextRetryAt()).isNull();
        assertThat(slot.generations()).as("start, failed reload, retry").isEqualTo(3);
        assertThat(announced).contains("Server Worker[" + ProcessHandle.current().pid() + "] is started [0]");
    }

    @Test
    void stopRejectsWhatIsStillQueuedAndLeavesEverySlotStopped() {
        start(1);
        RejectionRecorder rejected = new RejectionRecorder();
        manager.stop(Duration.ofSeconds(5), () -> slots.get(0).offer(rejected.job()), () -> { });

        assertThat(slots.get(0).state()).isEqualTo(WorkerSlot.State.STOPPED);
        assertThat(slots.get(0).queue()).isEmpty();
        assertThat(slots.get(0).served() + rejected.reasons().size()).isEqualTo(1);
        assertThat(executor.isShutdown()).isTrue();
        manager = null;
    }

    /**
     * The manager's executor, with its retries held: {@link #runRetry()} runs the next one now, as
     * if its delay had passed. Everything else runs as usual on its one thread.
     */
    private static final class ManualRetries extends ScheduledThreadPoolExecutor {
        final List<Long> delaysMillis = new CopyOnWriteArrayList<>();
        private final List<Runnable> retries = new CopyOnWriteArrayList<>();

        ManualRetries() {
            super(1);
            setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
            if (delay <= 0) {
                return super.schedule(task, delay, unit); // execute() comes here too
            }
            retries.add(task);
            delaysMillis.add(unit.toMillis(delay));
            return super.schedule(() -> { }, 1, TimeUnit.DAYS); // what the manager cancels, if it does
        }

        @Override
        public <V> ScheduledFuture<V> schedule(Callable<V> task, long delay, TimeUnit unit) {
            if (delay <= 0) {
                return super.schedule(task, delay, unit);
            }
            retries.add(() -> {
                try {
                    task.call();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            delaysMillis.add(unit.toMillis(delay));
            return super.schedule(() -> null, 1, TimeUnit.DAYS);
        }

        void runRetry() {
            super.schedule(retries.remove(0), 0, TimeUnit.NANOSECONDS);
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + TIMEOUT.toSeconds() + " s waiting for: " + what);
            }
            LockSupport.parkNanos(5_000_000);
        }
    }

    /** A worker pool that fails to initialize while {@link #AWAY} is set. */
    static final class FlakyPool implements PoolInterface {
        private final WorkerContext worker;

        @Inject
        FlakyPool(WorkerContext worker) {
            this.worker = worker;
        }

        @Override
        public void initPool() {
            if (AWAY.get()) {
                throw new IllegalStateException("database away");
            }
        }

        @Override
        public void closePool() {
        }

        @Override
        public PoolHealth health() {
            return PoolHealth.up("ok", Map.of());
        }

        @Override
        public String describe() {
            return "flaky for worker " + worker.id();
        }
    }
}
