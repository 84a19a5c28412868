package io.fastd.kernel;

import static java.util.Objects.requireNonNull;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.Stage;
import com.google.inject.util.Modules;
import io.fastd.kernel.config.Config;
import io.fastd.kernel.config.ConfigException;
import io.fastd.kernel.config.ConfigLoader;
import io.fastd.kernel.provider.ProviderResolver;
import io.fastd.kernel.worker.PoolStatus;
import io.fastd.kernel.worker.Worker;
import io.fastd.kernel.worker.WorkerContext;
import io.fastd.kernel.worker.WorkerScope;
import io.fastd.kernel.worker.internal.PoolGroup;
import io.fastd.kernel.worker.internal.PoolPlan;
import io.fastd.kernel.worker.internal.WorkerFactory;
import io.fastd.pool.WorkerKind;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A host application: its config plus its service providers, wired by Guice. The Java face of
 * FastD's {@code app()}.
 *
 * <p>Lifecycle:
 * <ol>
 *   <li>{@link Builder#build()} loads the config, resolves the providers and creates the injector
 *       in {@link Stage#PRODUCTION}. Modules only declare bindings, so nothing connects yet.
 *       Config and provider problems surface here, each kind reported together.</li>
 *   <li>{@link #start()} walks the injector for pools ({@link PoolPlan}); a pool bound without a
 *       scope fails the start. It then initializes the process-wide (singleton) pools once.</li>
 *   <li>{@link #startWorker} starts one worker on the calling thread: its own instances of every
 *       {@code @WorkerScoped} binding and its pools initialized. The server calls it once per
 *       worker thread; tests call it directly to run N workers without a network.</li>
 *   <li>{@link #stop()} closes the singleton pools in reverse order. Workers are stopped by
 *       whoever started them ({@link Worker#stop()}).</li>
 * </ol>
 *
 * <p>Explicit bindings are not required ({@code requireExplicitBindings} is off), so handlers
 * and other classes can be injected just in time; pools, however, must be bound explicitly
 * (or added to the {@code Set<PoolInterface>} multibinder), because the walk only sees what is
 * bound before the first worker starts.
 */
public final class Application implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Application.class);

    /**
     * Guice logs every exception a provider throws, stack trace included, at INFO on
     * java.util.logging (the console by default) before it reports it; the kernel reports that
     * exception itself with a clear message ({@link Builder#build()}), so Guice's copy is raised to
     * WARNING unless a level was configured. Held here because java.util.logging keeps loggers weakly.
     */
    private static final java.util.logging.Logger GUICE_LOG = quietGuice();

    private static java.util.logging.Logger quietGuice() {
        java.util.logging.Logger guice = java.util.logging.Logger.getLogger(Guice.class.getName());
        if (guice.getLevel() == null) {
            guice.setLevel(java.util.logging.Level.WARNING);
        }
        return guice;
    }

    private final Config config;
    private final Injector injector;
    private final WorkerScope workerScope;
    private final Clock clock;
    private final AtomicBoolean unusedReported = new AtomicBoolean();
    private WorkerFactory workers;
    private PoolGroup singletons;
    private State state = State.NEW;

    private enum State { NEW, STARTED, STOPPED }

    private Application(Config config, Injector injector, WorkerScope workerScope, Clock clock) {
        this.config = config;
        this.injector = injector;
        this.workerScope = workerScope;
        this.clock = clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Config config() {
        return config;
    }

    public Injector injector() {
        return injector;
    }

    /** {@code app.name}, default {@code fast-d}. */
    public String name() {
        return AppSettings.name(config);
    }

    /** {@code app.version}, default {@code 0.0.0}. */
    public String version() {
        return AppSettings.version(config);
    }

    /**
     * Walks the injector for pools and initializes the singleton pools. Idempotent. With
     * {@code app.strict_config: true}, a config key that no component has read fails the start
     * first, every such key listed with its "did you mean" hint.
     *
     * @throws ConfigException under {@code app.strict_config}, listing every unused key
     * @throws io.fastd.kernel.worker.PoolBindingException if a pool has no usable scope
     * @throws io.fastd.kernel.worker.PoolInitializationException if a singleton pool failed; the
     *     others were closed and the application stays unstarted
     */
    public synchronized Application start() {
        if (state == State.STARTED) {
            return this;
        }
        if (state == State.STOPPED) {
            throw new IllegalStateException("application " + name() + " was stopped; build a new one");
        }
        if (AppSettings.strict(config) && !config.unusedKeys().isEmpty()) {
            throw new ConfigException(config.unusedKeys().stream()
                    .map(unused -> unused + " (app.strict_config is true)").toList());
        }
        PoolPlan plan = PoolPlan.of(injector, workerScope);
        WorkerFactory factory = new WorkerFactory(injector, workerScope, plan, clock, config::redact);
        singletons = factory.startSingletons();
        workers = factory;
        state = State.STARTED;
        log.debug("Application {} started: {} pool bindings among {} bindings", name(), plan.bindings().size(),
                plan.bindingsVisited());
        return this;
    }

    /**
     * Starts a worker on the calling thread; see {@link WorkerFactory#start}.
     *
     * @throws IllegalStateException if the application is not started
     * @throws io.fastd.kernel.worker.PoolInitializationException if the worker's pools failed
     */
    public Worker startWorker(int id, WorkerKind kind) {
        WorkerFactory factory;
        synchronized (this) {
            if (state != State.STARTED) {
                throw new IllegalStateException("application " + name() + " is " + state.name().toLowerCase()
                        + "; call start() before starting workers");
            }
            factory = workers;
        }
        return factory.start(new WorkerContext(id, kind));
    }

    /**
     * Logs, once, a warning for every config key that no component read, with a "did you mean"
     * hint. Call it when everything has read its config: the server does after its banner.
     */
    public void reportUnusedConfig() {
        if (unusedReported.compareAndSet(false, true)) {
            config.unusedKeys().forEach(unused -> log.warn("{}", unused));
        }
    }

    /** The process-wide pools, initialized once by {@link #start()}. */
    public synchronized List<PoolStatus> singletonPools() {
        return singletons == null ? List.of() : singletons.pools();
    }

    /**
     * Closes the singleton pools in reverse order. Idempotent.
     *
     * @throws io.fastd.kernel.worker.PoolCloseException if some failed to close (the rest were closed)
     */
    public synchronized void stop() {
        if (state == State.STOPPED) {
            return;
        }
        state = State.STOPPED;
        if (singletons != null) {
            singletons.close();
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Builds an {@link Application}. */
    public static final class Builder {
        private final ConfigLoader loader = new ConfigLoader();
        private final List<String> layers = new ArrayList<>();
        private Config loaded;
        private final List<Module> modules = new ArrayList<>();
        private final List<Module> overrides = new ArrayList<>();
        private boolean discover = true;
        private Injector parent;
        private Clock clock = Clock.systemUTC();
        private ClassLoader classLoader = Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : Application.class.getClassLoader();

        private Builder() {
        }

        /** The config directory holding {@code app}, {@code database}, {@code server} files. */
        public Builder configDirectory(Path directory) {
            layers.add("configDirectory");
            loader.directory(directory);
            return this;
        }

        /** Bundled defaults: a class path resource with full keys, below every other layer. */
        public Builder defaultsResource(String resource) {
            layers.add("defaultsResource");
            loader.defaultsResource(resource, classLoader);
            return this;
        }

        /** The overlay file (FastD's {@code .env.yml}); default {@code <config dir>/.env.yml} if present. */
        public Builder overlayFile(Path file) {
            layers.add("overlayFile");
            loader.overlay(file);
            return this;
        }

        /** Config values with full keys, source {@code inline}: above the overlay, below environment and {@code -D}. */
        public Builder config(Map<String, String> values) {
            layers.add("config");
            loader.inline(values);
            return this;
        }

        /** The environment to read {@code FASTD_*} variables from (tests); default the process's. */
        public Builder environment(Map<String, String> environment) {
            layers.add("environment");
            loader.environment(environment);
            return this;
        }

        /** The system properties to read (tests); default the JVM's. */
        public Builder systemProperties(Properties properties) {
            layers.add("systemProperties");
            loader.systemProperties(properties);
            return this;
        }

        /**
         * Uses {@code config}, loaded once by the host app's {@code main} (which read its command
         * line's {@code --config DIR} and checked it), instead of loading the layers again; the
         * layer methods ({@link #configDirectory}, {@link #defaultsResource}, ...) are then an
         * error, since they could not apply.
         */
        public Builder loadedConfig(Config config) {
            this.loaded = requireNonNull(config, "config is null");
            return this;
        }

        /** Adds service providers (any Guice module), installed after those of {@code app.services}. */
        public Builder provider(Module... providers) {
            for (Module provider : providers) {
                modules.add(requireNonNull(provider, "provider is null"));
            }
            return this;
        }

        /**
         * Replaces bindings of the providers with those of {@code replacements}
         * ({@link Modules#override}): how tests swap a pool for a Mockito mock.
         */
        public Builder override(Module... replacements) {
            for (Module replacement : replacements) {
                overrides.add(requireNonNull(replacement, "replacement is null"));
            }
            return this;
        }

        /**
         * Builds the application's injector as a child of {@code parent} (a host's own injector)
         * instead of a new root: the application's bindings may inject the parent's, and the walk
         * takes the parent's pools too, parents first. The child inherits the parent's stage. The
         * parent must not bind {@link io.fastd.kernel.config.Config} or the {@code WorkerScoped}
         * scope (the application does), so a pool the parent binds can only be one per process: it
         * is initialized by {@link Application#start()} and closed by {@link Application#stop()}
         * like the application's own singletons.
         */
        public Builder parent(Injector parent) {
            this.parent = requireNonNull(parent, "parent is null");
            return this;
        }

        /** Whether to add the providers found by {@link java.util.ServiceLoader}; default true. */
        public Builder discoverProviders(boolean discover) {
            this.discover = discover;
            return this;
        }

        /** The class loader for {@code app.services} and ServiceLoader; default the context loader. */
        public Builder classLoader(ClassLoader classLoader) {
            this.classLoader = requireNonNull(classLoader, "classLoader is null");
            return this;
        }

        /** The wall clock used for pool init timestamps (tests). */
        public Builder clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock is null");
            return this;
        }

        /**
         * Loads the config, resolves providers and creates the injector.
         *
         * @throws io.fastd.kernel.config.ConfigException for bad config files
         * @throws io.fastd.kernel.provider.ProviderException for bad entries of {@code app.services}
         * @throws CreationException for Guice binding errors (all of them, as Guice reports them);
         *     when a provider threw exactly one exception, that exception itself
         */
        public Application build() {
            if (loaded != null && !layers.isEmpty()) {
                throw new IllegalStateException("a loaded config is given, so " + layers + " cannot apply");
            }
            Config config = loaded != null ? loaded : loader.load();
            AppSettings.SETTINGS.bind(config);
            List<Module> providers = new ProviderResolver(config, classLoader).resolve(modules, discover);
            WorkerScope workerScope = new WorkerScope();
            Module application = Modules.combine(providers);
            if (!overrides.isEmpty()) {
                application = Modules.override(application).with(overrides);
            }
            Injector injector;
            try {
                Module kernel = new KernelModule(config, workerScope);
                injector = parent == null ? Guice.createInjector(Stage.PRODUCTION, kernel, application)
                        : parent.createChildInjector(kernel, application);
            } catch (CreationException e) {
                throw unwrap(e);
            }
            return new Application(config, injector, workerScope, clock);
        }

        /**
         * A provider that threw one exception while configuring (typically a config error that
         * names key, value and source) is reported as that exception, not Guice's wrapper with
         * its follow-on errors; the wrapper stays attached as suppressed.
         */
        private static RuntimeException unwrap(CreationException e) {
            // Guice goes on after a configure() failure and adds follow-on errors (bindings the
            // failed provider never made); the one thrown exception is the cause worth showing.
            List<Throwable> thrown = e.getErrorMessages().stream().map(com.google.inject.spi.Message::getCause)
                    .filter(java.util.Objects::nonNull).toList();
            if (thrown.size() == 1 && thrown.get(0) instanceof RuntimeException runtime) {
                runtime.addSuppressed(e);
                return runtime;
            }
            return e;
        }
    }
}
