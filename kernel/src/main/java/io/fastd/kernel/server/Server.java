package io.fastd.kernel.server;

import static java.util.Objects.requireNonNull;

import com.google.inject.Key;
import io.fastd.kernel.Application;
import io.fastd.kernel.server.api.DispatchMode;
import io.fastd.kernel.server.api.Protocol;
import io.fastd.kernel.server.api.ServerPlan;
import io.fastd.kernel.server.api.ServerSettings;
import io.fastd.kernel.server.api.ServerStartException;
import io.fastd.kernel.server.api.StartupCheck;
import io.fastd.kernel.server.api.TaskHandler;
import io.fastd.kernel.server.internal.admin.AdminHttp;
import io.fastd.kernel.server.internal.admin.PidFile;
import io.fastd.kernel.server.internal.admin.StartLock;
import io.fastd.kernel.server.internal.manager.Dispatcher;
import io.fastd.kernel.server.internal.manager.Incidents;
import io.fastd.kernel.server.internal.manager.Manager;
import io.fastd.kernel.server.internal.manager.StartupChecks;
import io.fastd.kernel.server.internal.manager.Topology;
import io.fastd.kernel.server.internal.manager.WorkerSlot;
import io.fastd.kernel.server.internal.metrics.ListenerMetrics;
import io.fastd.kernel.server.internal.metrics.ServerMetrics;
import io.fastd.kernel.server.internal.network.BoundListener;
import io.fastd.kernel.server.internal.network.ListenerPlan;
import io.fastd.kernel.server.internal.network.Network;
import io.fastd.pool.WorkerKind;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.EventLoop;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server: a master (Netty listeners), a manager ({@link Manager}), {@code worker_num}
 * request workers and {@code task_worker_num} task workers, each worker on its own thread with
 * its own pools. FastD's Swoole server for the JVM.
 *
 * <p>{@link #start()}: checks (config, handler bindings, PID file, {@link StartupCheck}s), writes
 * the PID file, starts every worker in parallel and waits until each initialized its pools, and
 * only then binds the listeners and the admin endpoint and prints the banner. Any failure stops
 * what was started, removes the PID file and throws one {@link ServerStartException} listing
 * every cause. {@link #stop()}: stops accepting, lets queued requests finish within
 * {@code server.shutdown_timeout}, stops the workers (pools closed in reverse), closes each
 * connection once it is quiet (a request read meanwhile is answered {@code 503 server is stopping}),
 * stops the application and removes the PID file. Not restartable: build a new one.
 */
public final class Server implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Server.class);
    /**
     * At stop, how long a connection must have sent nothing (and wait for nothing) before it is
     * closed; long enough that a client between two requests sends its next one and gets its
     * refusal, short enough not to hold a stop (at most 2 s in all).
     */
    private static final Duration STOP_QUIET = Duration.ofMillis(500);

    /** Server states, as status shows them. */
    public enum State { NEW, STARTING, RUNNING, STOPPING, STOPPED, FAILED }

    private final Application app;
    private final Console console;
    private final long pid = ProcessHandle.current().pid();
    private final CountDownLatch ready = new CountDownLatch(1);
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile State state = State.NEW;
    private ServerSettings settings;
    private Map<WorkerKind, Set<Key<?>>> handlerTypes;
    private ListenerPlan listenerPlan;
    private PidFile pidFile;
    private Network network;
    private Manager supervisor;
    private Dispatcher requests;
    private Dispatcher tasks;
    private TaskDispatcher taskDispatcher;
    private ServerMetrics metrics;
    private volatile List<BoundListener> listeners = List.of();
    private volatile BoundListener admin;
    private final Incidents incidents;
    private AutoCloseable startLock;
    private final StartupChecks startupChecks = new StartupChecks();
    private PidFile.Identity identity;

    /** A server printing its banner to {@link System#out}. */
    public Server(Application app) {
        this(app, System.out);
    }

    /** A server printing its banner and worker start/stop lines to {@code out}. */
    public Server(Application app, PrintStream out) {
        this(app, out, null);
    }

    /**
     * A server that takes over {@code startLock} (taken by the command line before it built the
     * application) and releases it after its PID file is removed. Without one, {@link #start()}
     * takes the lock itself. The lock is the command line's (the kernel's start lock on
     * {@code <pid_file>.lock}); the server only closes it.
     */
    public Server(Application app, PrintStream out, AutoCloseable startLock) {
        this(app, out, startLock, new Incidents());
    }

    /** A server counting dropped and failed requests in {@code incidents} (tests: their clock and log). */
    Server(Application app, PrintStream out, AutoCloseable startLock, Incidents incidents) {
        this.app = requireNonNull(app, "app is null");
        this.console = new Console(out);
        this.startLock = startLock;
        this.incidents = requireNonNull(incidents, "incidents is null");
    }

    /**
     * Starts the server and returns once it serves.
     *
     * @throws ServerStartException listing every cause; nothing is left running
     * @throws IllegalStateException if this server was started before
     */
    public Server start() {
        synchronized (this) {
            if (state != State.NEW) {
                throw new IllegalStateException("server " + app.name() + " is " + state + "; build a new one to start again");
            }
            state = State.STARTING;
        }
        try {
            settings = ServerSettings.from(app.config(), app.name());
            pidFile = new PidFile(settings.pidFile());
            if (startLock == null) {
                startLock = StartLock.acquire(pidFile, app.name());
            }
            refuseIfRunning();
            handlerTypes = handlerTypes();
            List<String> checks = startupChecks.run(new ServerPlan(settings.workerNum(), settings.taskWorkerNum(),
                    settings, app.injector(), app.config()));
            if (!checks.isEmpty()) {
                throw new ServerStartException(app.name(), checks, List.of());
            }
            app.start();
        } catch (RuntimeException e) {
            state = State.FAILED;
            startupChecks.finish(false);
            releaseLock();
            terminated.countDown();
            throw e instanceof ServerStartException ? e : new ServerStartException(app.name(), List.of(app.config()
                    .redact(String.valueOf(e.getMessage()))), List.of(e));
        }
        identity = PidFile.Identity.ofCurrentProcess(HexFormat.of().formatHex(new SecureRandom().generateSeed(16)));
        pidFile.write(identity);
        try {
            startWorkersAndListen();
        } catch (ServerStartException e) {
            abortStart();
            throw e;
        } catch (RuntimeException | Error e) {
            abortStart();
            throw new ServerStartException(app.name(), List.of(app.config().redact(String.valueOf(e.getMessage()))), List.of(e));
        }
        startupChecks.finish(true);
        state = State.RUNNING;
        ready.countDown();
        console.banner(app, settings, pid, listeners.stream().map(BoundListener::url).toList(), admin.url(),
                supervisor.startedLines());
        app.reportUnusedConfig();
        return this;
    }

    private void refuseIfRunning() {
        var running = pidFile.livePid();
        // Under the start lock no other server of this PID file runs; a live PID is one reused
        // by an unrelated process, unless its identity matches (a server without the lock).
        if (running.isPresent() && running.getAsLong() != pid && pidFile.namesLiveServer(running.getAsLong())) {
            throw new ServerStartException(app.name(), List.of("already running as PID " + running.getAsLong()
                    + " (PID file " + pidFile + "); stop it first"), List.of());
        }
        if (pidFile.readPid().isPresent() && pidFile.readPid().getAsLong() != pid) {
            log.warn("stale PID file {} (process {} is gone or is not this server); replacing it", pidFile,
                    pidFile.readPid().isPresent() ? pidFile.readPid().getAsLong() : "?");
        }
    }

    private Map<WorkerKind, Set<Key<?>>> handlerTypes() {
        List<String> problems = new ArrayList<>();
        listenerPlan = ListenerPlan.of(app.injector(), settings.listeners(), problems);
        Set<Key<?>> request = listenerPlan.handlerKeys();
        Set<Key<?>> task = new LinkedHashSet<>();
        if (settings.taskWorkerNum() > 0) {
            if (app.injector().getExistingBinding(Key.get(TaskHandler.class)) == null) {
                problems.add("server.task_worker_num=" + settings.taskWorkerNum() + " needs a "
                        + TaskHandler.class.getName() + " bound (bind one in a service provider)");
            }
            task.add(Key.get(TaskHandler.class));
        }
        if (!problems.isEmpty()) {
            throw new ServerStartException(app.name(), problems, List.of());
        }
        Map<WorkerKind, Set<Key<?>>> types = new EnumMap<>(WorkerKind.class);
        types.put(WorkerKind.REQUEST, request);
        types.put(WorkerKind.TASK, task);
        return types;
    }

    private void startWorkersAndListen() {
        List<WorkerSlot> requestSlots = new ArrayList<>();
        List<WorkerSlot> taskSlots = new ArrayList<>();
        for (int id = 0; id < settings.workerNum(); id++) {
            requestSlots.add(new WorkerSlot(id, WorkerKind.REQUEST, settings.queueSize(), incidents));
        }
        for (int id = 0; id < settings.taskWorkerNum(); id++) {
            taskSlots.add(new WorkerSlot(id, WorkerKind.TASK, settings.queueSize(), incidents));
        }
        // The mode, decided once: in base mode request worker i lives on worker loop i, so the
        // network exists before the workers.
        Topology topology = Topology.of(settings.mode());
        network = new Network(settings.transport(), settings.reactorNum(), topology.eventLoops(settings.workerNum()));
        Map<EventLoop, WorkerSlot> loopSlots = topology.place(requestSlots, network.workerLoops());
        requests = new Dispatcher(requestSlots, settings.dispatchMode(), loopSlots, incidents);
        incidents.startFlushing();
        tasks = new Dispatcher(taskSlots, DispatchMode.ROUND_ROBIN);
        List<WorkerSlot> all = new ArrayList<>(requestSlots);
        all.addAll(taskSlots);
        supervisor = new Manager(app, settings, handlerTypes, this::announce, all, topology);
        List<Throwable> failures = supervisor.startAll();
        if (!failures.isEmpty()) {
            throw new ServerStartException(app.name(), failures.stream()
                    .map(failure -> app.config().redact(String.valueOf(failure.getMessage()))).toList(), failures);
        }
        taskDispatcher = app.injector().getInstance(TaskDispatcher.class);
        taskDispatcher.attach(tasks);
        metrics = new ServerMetrics(app.injector().getInstance(MeterRegistry.class), settings.accessLog());
        metrics.bind(all, network::refusedConnections, incidents);
        listeners = List.copyOf(listenerPlan.bind(network, requests, settings, () -> metrics.listener(settings.workerNum())));
        String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        var endpoint = AdminHttp.initializer(new ServerAdmin(this, app.injector().getInstance(PrometheusMeterRegistry.class)), token);
        admin = network.bindAdmin(settings.admin(), () -> endpoint, incidents);
        AdminHttp.warnIfNotLoopback(admin.address(), admin.url());
        pidFile.writeAdmin(new PidFile.AdminEndpoint(settings.admin().host(), admin.port(), token), identity);
    }

    private void abortStart() {
        state = State.FAILED;
        try {
            if (taskDispatcher != null) {
                taskDispatcher.detach();
            }
            if (supervisor != null) {
                supervisor.stop(Duration.ofSeconds(5), requests::close, tasks::close);
            }
            if (network != null) {
                network.shutdown(Duration.ofSeconds(5));
            }
            if (metrics != null) {
                metrics.close();
            }
            app.stop();
        } catch (RuntimeException e) {
            log.warn("while aborting the start: {}", e.getMessage(), e);
        } finally {
            listeners = List.of();
            incidents.stopFlushing();
            pidFile.delete(pid);
            startupChecks.finish(false);
            releaseLock();
            terminated.countDown();
        }
    }

    private void releaseLock() {
        if (startLock != null) {
            try {
                startLock.close();
            } catch (Exception e) {
                log.warn("{}", e.getMessage());
            }
        }
    }

    String nonce() {
        return identity.nonce();
    }

    long pid() {
        return pid;
    }

    private void announce(String line) {
        if (state == State.RUNNING || state == State.STOPPING) {
            console.line(line);
        }
    }

    /** Waits until the server serves; false on timeout or if it failed or stopped first. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS) && state == State.RUNNING;
    }

    /** Waits until {@link #stop()} finished (or the start failed); false on timeout. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return terminated.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public State state() {
        return state;
    }

    /** The settings read at start; null before. */
    public ServerSettings settings() {
        return settings;
    }

    /** The bound listeners in configured order ({@code server.host} first); empty unless running. */
    public List<Listener> listeners() {
        return listeners.stream().map(bound -> new Listener(bound.scheme(), bound.configured().host(), bound.port(),
                bound.configured().handler())).toList();
    }

    /** The bound port of the first listener of the kernel's {@code protocol}. */
    public Optional<Integer> port(Protocol protocol) {
        return port(protocol.scheme());
    }

    /** The bound port of the first listener whose scheme is {@code scheme} (any bound protocol's). */
    public Optional<Integer> port(String scheme) {
        return listeners.stream().filter(listener -> listener.scheme().equals(scheme)).map(BoundListener::port).findFirst();
    }

    /** The admin endpoint's port, or -1 if not running. */
    public int adminPort() {
        BoundListener bound = admin;
        return bound == null ? -1 : bound.port();
    }

    /** The admin endpoint's URL with its bound port ({@code http://127.0.0.1:40123}), empty unless running. */
    public Optional<String> adminUrl() {
        BoundListener bound = admin;
        return bound == null ? Optional.empty() : Optional.of(bound.url());
    }

    /** Replaces every worker slot by slot; see {@link Manager#reload()}. */
    public CompletableFuture<String> reload() {
        if (state != State.RUNNING) {
            return CompletableFuture.failedFuture(new IllegalStateException("server is " + state + "; cannot reload"));
        }
        return supervisor.reload();
    }

    /** A snapshot of every worker: state, counters, pools. */
    public ServerStatus status() {
        List<WorkerStatus> workers = new ArrayList<>();
        if (supervisor != null) {
            for (WorkerSlot slot : supervisor.slots()) {
                workers.add(WorkerStatus.of(slot));
            }
        }
        return new ServerStatus(app.name(), app.version(), pid, state.name(),
                listeners.stream().map(BoundListener::url).toList(), workers, incidents.totals());
    }

    /**
     * Stops gracefully; idempotent, callable from any thread (not from a worker's handler, which
     * would wait for itself until {@code server.shutdown_timeout}). Returns when stopped.
     */
    public void stop() {
        synchronized (this) {
            if (state != State.RUNNING) {
                if (state == State.NEW) {
                    state = State.STOPPED;
                    terminated.countDown();
                }
                return;
            }
            state = State.STOPPING;
        }
        try {
            log.info("Server {} stopping: listeners closed, draining queued requests (up to {} ms)", app.name(),
                    settings.shutdownTimeout().toMillis());
            network.closeListeners();
            supervisor.stop(settings.shutdownTimeout(), requests::close, () -> {
                taskDispatcher.detach();
                tasks.close();
            });
            network.closeWhenQuiet(STOP_QUIET, Duration.ofSeconds(2));
            network.shutdown(Duration.ofSeconds(2));
            metrics.close();
            app.stop();
        } catch (RuntimeException e) {
            log.warn("while stopping: {}", e.getMessage(), e);
        } finally {
            listeners = List.of();
            admin = null;
            incidents.stopFlushing();
            pidFile.delete(pid);
            releaseLock();
            state = State.STOPPED;
            console.line("Server Master[" + pid + "] is stopped");
            terminated.countDown();
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Requests refused so far because a worker's queue was full (tests and diagnostics). */
    long refusedRequests() {
        return supervisor == null ? 0 : supervisor.slots().stream().mapToLong(WorkerSlot::refused).sum();
    }

    /** Connections closed at once so far because {@code server.max_connections} were open. */
    long refusedConnections() {
        return network == null ? 0 : network.refusedConnections();
    }
}
