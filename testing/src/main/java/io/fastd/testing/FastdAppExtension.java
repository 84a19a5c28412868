package io.fastd.testing;

import static java.util.Objects.requireNonNull;

import com.google.inject.Injector;
import com.google.inject.Module;
import io.fastd.kernel.Application;
import io.fastd.kernel.server.Server;
import io.fastd.kernel.server.api.Protocol;
import io.fastd.kernel.worker.Worker;
import io.fastd.pool.WorkerKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A host application under test, in the spirit of Dropwizard's {@code DropwizardAppExtension}.
 * Register it with {@code @RegisterExtension}; before each test it builds and starts the
 * application, after each test it stops everything it started (workers, server, singleton pools),
 * even when the test failed.
 *
 * <p>Isolated by default: no environment variables, no JVM system properties, no providers from
 * {@link java.util.ServiceLoader}; config is given inline ({@link Builder#config}). Two modes:
 * <ul>
 *   <li>workers (default): {@link Builder#requestWorkers} request and {@link Builder#taskWorkers}
 *       task workers are started without a network, on the test's thread; run code inside one
 *       with {@link #inWorker} or {@link #worker};</li>
 *   <li>{@link Builder#server()}: the full server with real listeners; configure them on port 0
 *       ({@code server.host: udp://127.0.0.1:0}) and read the ports back with {@link #port}; the
 *       admin endpoint's default, {@code server.admin: http://127.0.0.1:0}, is on port 0 already
 *       (set it back to that if the app's bundled config names a fixed port).</li>
 * </ul>
 * {@link Builder#perWorker} replaces a binding by one instance per worker (a Mockito mock with
 * {@link Builder#mockPerWorker}); {@link #perWorker(Class)} lists them in creation order.
 */
public final class FastdAppExtension implements BeforeEachCallback, AfterEachCallback {

    private final Settings settings;
    private Application app;
    private Server server;
    private Path directory;
    private final List<Worker> requestWorkers = new ArrayList<>();
    private final List<Worker> taskWorkers = new ArrayList<>();
    private final ByteArrayOutputStream banner = new ByteArrayOutputStream();

    FastdAppExtension(Settings settings) {
        this.settings = settings;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        start();
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        stop();
    }

    /** Builds and starts the application (and the server or the workers); called before each test. */
    public void start() throws IOException {
        if (app != null) {
            throw new IllegalStateException("already started; stop() first");
        }
        settings.instances.values().forEach(List::clear);
        directory = Files.createTempDirectory("fastd-test-");
        app = settings.newBuilder(directory).build();
        if (settings.server) {
            server = new Server(app, new PrintStream(banner, true, StandardCharsets.UTF_8)).start();
            return;
        }
        app.start();
        for (int id = 0; id < settings.requestWorkers; id++) {
            requestWorkers.add(app.startWorker(id, WorkerKind.REQUEST));
        }
        for (int id = 0; id < settings.taskWorkers; id++) {
            taskWorkers.add(app.startWorker(id, WorkerKind.TASK));
        }
    }

    /** Stops every worker, the server and the application, and deletes the temp directory; idempotent. */
    public void stop() throws IOException {
        try {
            Stream.concat(taskWorkers.stream(), requestWorkers.stream()).forEach(Worker::stop);
            if (server != null) {
                server.stop();
            }
            if (app != null) {
                app.stop();
            }
        } finally {
            requestWorkers.clear();
            taskWorkers.clear();
            server = null;
            app = null;
            deleteDirectory();
        }
    }

    public Application app() {
        return checkStarted(app);
    }

    public Injector injector() {
        return app().injector();
    }

    /** Request worker {@code id} (workers mode). */
    public Worker worker(int id) {
        return requestWorkers.get(id);
    }

    /** Task worker {@code id} (workers mode). */
    public Worker taskWorker(int id) {
        return taskWorkers.get(id);
    }

    /** The started workers of a kind, by id (workers mode). */
    public List<Worker> workers(WorkerKind kind) {
        return List.copyOf(kind == WorkerKind.TASK ? taskWorkers : requestWorkers);
    }

    /** An instance of {@code type} as request worker {@code id} resolves it (its own pools). */
    public <T> T inWorker(int id, Class<T> type) throws Exception {
        return worker(id).call(() -> injector().getInstance(type));
    }

    /** Runs {@code work} inside request worker {@code id}. */
    public <T> T inWorker(int id, Callable<T> work) throws Exception {
        return worker(id).call(work);
    }

    /** The running server ({@link Builder#server()} mode). */
    public Server server() {
        return checkStarted(server);
    }

    /** The port the server's listener of {@code protocol} bound (port 0 in config picks a free one). */
    public int port(Protocol protocol) {
        return server().port(protocol).orElseThrow(() -> new IllegalStateException("no " + protocol + " listener"));
    }

    /** What the server printed (its banner). */
    public String banner() {
        return banner.toString(StandardCharsets.UTF_8);
    }

    /** The instances {@link Builder#perWorker} created for {@code type}, in creation order (one per worker). */
    public <T> List<T> perWorker(Class<T> type) {
        List<Object> created = settings.instances.get(type);
        if (created == null) {
            throw new IllegalArgumentException(type.getName() + " is not replaced per worker; use Builder.perWorker");
        }
        synchronized (created) {
            return created.stream().map(type::cast).toList();
        }
    }

    /** Waits until {@code condition} holds, polling, at most {@link Builder#awaitAtMost} (default 20 s). */
    public void await(String what, BooleanSupplier condition) {
        Awaitility.await(what).atMost(settings.awaitAtMost).until(condition::getAsBoolean);
    }

    /** Where the application's files go (PID file); deleted after each test. */
    public Path directory() {
        return checkStarted(directory);
    }

    private <T> T checkStarted(T part) {
        if (part == null) {
            throw new IllegalStateException("not started (outside a test, or not in this mode)");
        }
        return part;
    }

    private void deleteDirectory() throws IOException {
        if (directory == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        } finally {
            directory = null;
        }
    }

    /** Builds a {@link FastdAppExtension}. */
    public static final class Builder {
        private final Settings settings = new Settings();

        private Builder() {
        }

        /** Service providers (any Guice module), as given to {@code Application.builder().provider}. */
        public Builder provider(Module... providers) {
            settings.providers.addAll(List.of(providers));
            return this;
        }

        /** Replacement bindings ({@code Modules.override}). */
        public Builder override(Module... replacements) {
            settings.overrides.addAll(List.of(replacements));
            return this;
        }

        /** One config value with its full key; source {@code inline}. */
        public Builder config(String key, String value) {
            settings.config.put(requireNonNull(key, "key is null"), requireNonNull(value, "value is null"));
            return this;
        }

        /** The host app's bundled defaults resource, as in production. */
        public Builder defaultsResource(String resource) {
            settings.defaultsResource = requireNonNull(resource, "resource is null");
            return this;
        }

        /** How many request workers to start (default 1); in server mode, {@code server.worker_num}. */
        public Builder requestWorkers(int count) {
            settings.requestWorkers = count;
            return this;
        }

        /** How many task workers to start (default 0); in server mode, {@code server.task_worker_num}. */
        public Builder taskWorkers(int count) {
            settings.taskWorkers = count;
            return this;
        }

        /** Starts the full server with its listeners instead of bare workers. */
        public Builder server() {
            settings.server = true;
            return this;
        }

        /** Reads the real {@code FASTD_*} environment and JVM system properties too. */
        public Builder realEnvironment() {
            settings.realEnvironment = true;
            return this;
        }

        /** Adds the providers registered for {@link java.util.ServiceLoader}. */
        public Builder discoverProviders() {
            settings.discoverProviders = true;
            return this;
        }

        /** Replaces {@code type}'s binding by one instance per worker from {@code factory}. */
        public <T> Builder perWorker(Class<T> type, java.util.function.Supplier<? extends T> factory) {
            settings.perWorker(type, factory);
            return this;
        }

        /** Replaces {@code type}'s binding by one Mockito mock per worker. */
        public <T> Builder mockPerWorker(Class<T> type) {
            return perWorker(type, () -> org.mockito.Mockito.mock(type));
        }

        /** The bound of {@link FastdAppExtension#await}; default 20 s. */
        public Builder awaitAtMost(Duration timeout) {
            settings.awaitAtMost = requireNonNull(timeout, "timeout is null");
            return this;
        }

        public FastdAppExtension build() {
            if (settings.requestWorkers < 0 || settings.taskWorkers < 0) {
                throw new IllegalArgumentException("worker counts must not be negative: requestWorkers="
                        + settings.requestWorkers + ", taskWorkers=" + settings.taskWorkers);
            }
            return new FastdAppExtension(settings);
        }
    }
}
