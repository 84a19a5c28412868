package io.fastd.kernel.server.internal.manager;

import static java.util.Objects.requireNonNull;

import com.google.inject.Key;
import io.fastd.kernel.Application;
import io.fastd.kernel.server.api.ServerSettings;
import io.fastd.kernel.worker.Worker;
import io.fastd.pool.WorkerKind;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The manager: starts the workers, replaces the ones that die or reach {@code max_request}
 * (closing the old worker's pools on the manager thread {@code fastd-manager}), retries failed
 * starts with exponential backoff, reloads slot by slot and drains everything at stop. Every
 * change of a slot's worker happens on the manager thread, except the initial start and the
 * final stop, which run while the manager has nothing else to do.
 */
public final class Manager {

    private static final Logger log = LoggerFactory.getLogger(Manager.class);

    private final Application app;
    private final ServerSettings settings;
    private final Map<WorkerKind, Set<Key<?>>> handlerTypes;
    private final Consumer<String> announce;
    private final long pid;
    private final List<WorkerSlot> slots;
    private final Topology topology;
    private final ScheduledExecutorService manager;
    private final Clock clock;
    private volatile boolean stopping;

    public Manager(Application app, ServerSettings settings, Map<WorkerKind, Set<Key<?>>> handlerTypes,
               Consumer<String> announce, List<WorkerSlot> slots, Topology topology) {
        this(app, settings, handlerTypes, announce, slots, topology, Clock.systemUTC(), ownExecutor());
    }

    /**
     * A manager that reads retry times from {@code clock} and does its work (replacing workers,
     * backoff retries, reloads) on {@code executor}, which it shuts down at {@link #stop}.
     */
    Manager(Application app, ServerSettings settings, Map<WorkerKind, Set<Key<?>>> handlerTypes,
            Consumer<String> announce, List<WorkerSlot> slots, Topology topology, Clock clock,
            ScheduledExecutorService executor) {
        this.app = requireNonNull(app, "app is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.handlerTypes = Map.copyOf(requireNonNull(handlerTypes, "handlerTypes is null"));
        this.announce = requireNonNull(announce, "announce is null");
        this.slots = List.copyOf(requireNonNull(slots, "slots is null"));
        this.topology = requireNonNull(topology, "topology is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.manager = requireNonNull(executor, "executor is null");
        this.pid = ProcessHandle.current().pid();
    }

    /** The manager's own thread, {@code fastd-manager}; cancelled retries are dropped, none run after shutdown. */
    private static ScheduledExecutorService ownExecutor() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "fastd-manager");
            thread.setDaemon(true);
            return thread;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    public List<WorkerSlot> slots() {
        return slots;
    }

    /**
     * Starts every slot's worker, each on its own thread, in parallel, and waits for all.
     *
     * @return an empty list, or one line per failed worker; then every started worker was
     *     stopped again and its pools closed
     */
    public List<Throwable> startAll() {
        List<SlotRunner> runners = new ArrayList<>();
        slots.forEach(slot -> runners.add(launch(slot)));
        long deadline = System.nanoTime() + settings.startTimeout().toNanos();
        List<Throwable> failures = new ArrayList<>();
        for (SlotRunner runner : runners) {
            Throwable failure = awaitReady(runner, deadline);
            if (failure != null) {
                failures.add(failure);
            }
        }
        if (!failures.isEmpty()) {
            stopping = true;
            manager.shutdown();
            for (SlotRunner runner : runners) {
                runner.retire();
                runner.ready().thenAccept(worker -> runner.exited().whenComplete((exit, e) -> WorkerRunner.closeQuietly(worker)));
            }
            runners.stream().filter(runner -> runner.ready().isDone() && !runner.ready().isCompletedExceptionally())
                    .forEach(runner -> awaitQuietly(runner.exited(), Duration.ofSeconds(5)));
            slots.forEach(slot -> slot.moveTo(WorkerSlot.State.STOPPED));
            return failures;
        }
        slots.forEach(WorkerSlot::started);
        return List.of();
    }

    /** Lines "Server Worker[pid] is started [id]" for the banner, in slot order. */
    public List<String> startedLines() {
        return slots.stream().map(slot -> started(slot)).toList();
    }

    private String started(WorkerSlot slot) {
        return "Server " + slot.bannerName() + "[" + pid + "] is started [" + slot.id() + "]";
    }

    private String stopped(WorkerSlot slot) {
        return "Server " + slot.bannerName() + "[" + pid + "] is stopped [" + slot.id() + "]";
    }

    private SlotRunner launch(WorkerSlot slot) {
        Set<Key<?>> types = handlerTypes.getOrDefault(slot.kind(), Set.of());
        int maxRequest = slot.kind() == WorkerKind.REQUEST ? settings.maxRequest() : 0;
        SlotRunner runner = topology.runner(slot, app, types, maxRequest);
        slot.launched(runner);
        runner.exited().thenAccept(exit -> onExit(runner, exit));
        return runner.start();
    }

    /** Null if ready by the deadline, else what went wrong (pools closed or closing). */
    private Throwable awaitReady(SlotRunner runner, long deadline) {
        try {
            runner.ready().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            runner.ready().thenAccept(worker -> {
                runner.retire();
                runner.exited().whenComplete((exit, error) -> WorkerRunner.closeQuietly(worker));
            });
            return new TimeoutException(runner.slot().threadName() + " did not initialize its pools within "
                    + settings.startTimeout().toMillis() + " ms (server.start_timeout)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        }
    }

    private void onExit(SlotRunner runner, SlotRunner.Exit exit) {
        if (exit != SlotRunner.Exit.DIED && exit != SlotRunner.Exit.RECYCLED) {
            return;
        }
        runner.slot().exited(exit);
        try {
            manager.execute(() -> replace(runner, exit));
        } catch (RejectedExecutionException e) {
            log.debug("{} exited ({}) while stopping; closing its pools here", runner.slot().threadName(), exit);
            WorkerRunner.closeQuietly(runner.worker());
        }
    }

    private void replace(SlotRunner runner, SlotRunner.Exit exit) {
        WorkerSlot slot = runner.slot();
        boolean current = slot.current() == runner;
        if (current) {
            // Status must not show a dead or recycled worker as RUNNING while its pools close.
            slot.moveTo(WorkerSlot.State.STOPPING);
        }
        WorkerRunner.closeQuietly(runner.worker());
        if (!current) {
            return;
        }
        announce.accept(stopped(slot));
        if (exit == SlotRunner.Exit.DIED) {
            Throwable cause = runner.deathCause();
            slot.died("died: " + (cause == null ? "thread ended" : cause));
        }
        if (!stopping) {
            startOrBackoff(slot, settings.restartBackoff());
        }
    }

    /** On the manager thread: starts a fresh worker in the slot, or schedules a retry. True if started. */
    private boolean startOrBackoff(WorkerSlot slot, Duration delay) {
        slot.retryWith(null);
        if (stopping) {
            return false;
        }
        SlotRunner runner = launch(slot);
        Throwable failure = awaitReady(runner, System.nanoTime() + settings.startTimeout().toNanos());
        if (failure == null) {
            slot.started();
            announce.accept(started(slot));
            return true;
        }
        slot.failedToStart(app.config().redact(String.valueOf(failure.getMessage())), clock.instant().plus(delay));
        Duration next = delay.multipliedBy(2).compareTo(settings.restartBackoffMax()) > 0
                ? settings.restartBackoffMax() : delay.multipliedBy(2);
        log.warn("{} failed to start (attempt {}), retrying in {} ms: {}", slot.threadName(), slot.failedStarts(),
                delay.toMillis(), slot.lastError());
        try {
            slot.retryWith(manager.schedule(() -> startOrBackoff(slot, next), delay.toMillis(), TimeUnit.MILLISECONDS));
        } catch (RejectedExecutionException e) {
            log.debug("not retrying {}: stopping", slot.threadName());
        }
        return false;
    }

    /**
     * Replaces the workers one slot at a time (request slots, then task slots): the old worker
     * finishes its current request, its pools close, a new one starts and re-runs the walk; the
     * slot's queue keeps the requests that arrive meanwhile and the other slots keep serving.
     * Stops at the first slot whose new worker fails (that slot retries with backoff).
     */
    public CompletableFuture<String> reload() {
        CompletableFuture<String> result = new CompletableFuture<>();
        try {
            manager.execute(() -> {
                try {
                    result.complete(reloadNow());
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new IllegalStateException("server is stopping; not reloading"));
        }
        return result;
    }

    private String reloadNow() {
        int reloaded = 0;
        for (WorkerSlot slot : slots) {
            if (stopping) {
                throw new IllegalStateException("server is stopping; reloaded " + reloaded + " of " + slots.size() + " workers");
            }
            slot.cancelRetry();
            SlotRunner old = slot.current();
            if (old != null) {
                slot.moveTo(WorkerSlot.State.STOPPING);
                old.retire();
                finish(old, settings.shutdownTimeout());
                announce.accept(stopped(slot));
            }
            if (!startOrBackoff(slot, settings.restartBackoff())) {
                throw new IllegalStateException("reload stopped at " + slot.threadName() + " after " + reloaded
                        + " of " + slots.size() + " workers: " + slot.lastError() + " (retrying with backoff)");
            }
            reloaded++;
        }
        return "reloaded " + reloaded + " workers";
    }

    /** Waits for a told-to-leave runner, then closes its pools (later, on its thread, if it is stuck). */
    private void finish(SlotRunner runner, Duration timeout) {
        if (!awaitQuietly(runner.exited(), timeout)) {
            log.warn("{} still busy after {} ms; interrupting it", runner.slot().threadName(), timeout.toMillis());
            runner.interrupt();
            if (!awaitQuietly(runner.exited(), Duration.ofSeconds(1))) {
                runner.exited().whenComplete((exit, e) -> WorkerRunner.closeQuietly(runner.worker()));
                return;
            }
        }
        WorkerRunner.closeQuietly(runner.worker());
    }

    /**
     * Stops everything: no more replacements, then the request workers drain their queues, then
     * the task workers (request handlers may still submit tasks while draining). Jobs still queued
     * at the deadline are rejected through {@code rejectLeft}.
     */
    public void stop(Duration timeout, Runnable closeRequests, Runnable closeTasks) {
        stopping = true;
        manager.shutdown();
        awaitTermination(timeout);
        slots.forEach(WorkerSlot::cancelRetry);
        closeRequests.run();
        drain(WorkerKind.REQUEST, timeout);
        closeTasks.run();
        drain(WorkerKind.TASK, timeout);
    }

    private void awaitTermination(Duration timeout) {
        try {
            if (!manager.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("manager still busy after {} ms; stopping anyway", timeout.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void drain(WorkerKind kind, Duration timeout) {
        List<WorkerSlot> ofKind = slots.stream().filter(slot -> slot.kind() == kind).toList();
        ofKind.forEach(slot -> {
            slot.moveTo(WorkerSlot.State.STOPPING);
            SlotRunner runner = slot.current();
            if (runner != null) {
                runner.drain();
            }
        });
        long deadline = System.nanoTime() + timeout.toNanos();
        for (WorkerSlot slot : ofKind) {
            SlotRunner runner = slot.current();
            if (runner != null) {
                awaitQuietly(runner.exited(), Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                runner.retire();
                finish(runner, Duration.ZERO);
                announce.accept(stopped(slot));
            }
            Job left;
            while ((left = slot.queue().poll()) != null) {
                left.reject(Dispatcher.STOPPING);
            }
            slot.moveTo(WorkerSlot.State.STOPPED);
        }
    }

    private static boolean awaitQuietly(CompletableFuture<?> future, Duration timeout) {
        try {
            future.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
