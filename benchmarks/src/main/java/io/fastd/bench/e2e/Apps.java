package io.fastd.bench.e2e;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.fastd.kernel.Application;
import io.fastd.kernel.server.api.DatagramHandler;
import io.fastd.kernel.server.api.HttpHandler;
import io.fastd.kernel.worker.WorkerScoped;
import io.fastd.providers.DatabaseProvider;
import java.util.Map;
import java.util.Properties;

/** The kernel applications the harnesses start: every one listens on loopback only. */
final class Apps {

    /** Extra database keys beyond {@code default} (boot measurement with 4 keys). */
    static final String[] KEYS = {"default", "k1", "k2", "k3"};

    private Apps() {
    }

    static Properties serverProperties(String name, int workers) {
        Properties p = new Properties();
        long pid = ProcessHandle.current().pid();
        p.setProperty("app.name", name);
        p.setProperty("server.host", "http://127.0.0.1:0");
        p.setProperty("server.listeners", "udp://127.0.0.1:0");
        p.setProperty("server.worker_num", Integer.toString(workers));
        p.setProperty("server.pid_file", System.getProperty("java.io.tmpdir") + "/fastd-bench-" + pid + ".pid");
        p.setProperty("server.queue_size", "4096");
        // The contestants keep their names: `kernel`, `hikari` and `kernelraw` are process mode, as
        // they always were, although the server's default is base mode now.
        p.setProperty("server.mode", "process");
        return p;
    }

    static void database(Properties p, int keys, String host, int port) {
        for (int i = 0; i < keys; i++) {
            String prefix = "database." + KEYS[i] + ".";
            p.setProperty(prefix + "host", host);
            p.setProperty(prefix + "port", Integer.toString(port));
            p.setProperty(prefix + "user", World.user());
            p.setProperty(prefix + "pass", World.password());
            p.setProperty(prefix + "name", World.DATABASE);
            if (World.SERVER_PREPARED) {
                p.setProperty(prefix + "options.useServerPrepStmts", "true");
            }
        }
    }

    /** (d) the kernel: per-worker {@code DatabasePool} through {@link DatabaseProvider}. */
    static Application kernel(int workers, int keys, String host, int port) {
        return kernel(workers, keys, host, port, KernelWorldHandler.class);
    }

    /** (d) with another handler, e.g. {@link KernelRawWorldHandler}. */
    static Application kernel(int workers, int keys, String host, int port, Class<? extends HttpHandler> handler) {
        return kernel(workers, keys, host, port, handler, null);
    }

    /**
     * (d) with {@code server.mode} set to {@code mode} ({@code null}: process mode), e.g.
     * {@code "base"} for the contestant {@code kernelbase}.
     */
    static Application kernel(int workers, int keys, String host, int port, Class<? extends HttpHandler> handler,
                              String mode) {
        return kernel(workers, keys, host, port, handler, mode, null);
    }

    /**
     * (d) with {@code server.mode} and {@code server.transport} set ({@code null}: process mode and the server's
     * default), e.g. {@code "base", "nio"} for the contestant {@code kernelbasenio}.
     */
    static Application kernel(int workers, int keys, String host, int port, Class<? extends HttpHandler> handler,
                              String mode, String transport) {
        Properties p = serverProperties("bench-kernel", workers);
        database(p, keys, host, port);
        if (mode != null) {
            p.setProperty("server.mode", mode);
        }
        if (transport != null) {
            p.setProperty("server.transport", transport);
        }
        return Application.builder().discoverProviders(false).environment(Map.of()).systemProperties(p)
                .provider(new DatabaseProvider(), handlers(handler)).build();
    }

    /** (d) in process mode with {@code server.reactor_num} I/O threads: the contestant {@code kernelr<reactors>}. */
    static Application kernelWithReactors(int workers, String host, int port, int reactors) {
        Properties p = serverProperties("bench-kernel", workers);
        database(p, 1, host, port);
        p.setProperty("server.reactor_num", Integer.toString(reactors));
        return Application.builder().discoverProviders(false).environment(Map.of()).systemProperties(p)
                .provider(new DatabaseProvider(), handlers(KernelWorldHandler.class)).build();
    }

    /** (b') the kernel's own server, but one HikariCP pool of {@code workers} connections. */
    static Application hikari(int workers, String host, int port) {
        Properties p = serverProperties("bench-hikari", workers);
        return Application.builder().discoverProviders(false).environment(Map.of()).systemProperties(p)
                .provider(handlers(HikariWorldHandler.class), new AbstractModule() {
                    @Provides
                    @Singleton
                    HikariDataSource dataSource() {
                        return hikariDataSource(workers, host, port);
                    }
                }).build();
    }

    /** One HikariCP pool of exactly {@code workers} connections: the same for (b) {@link NettyHikariWorld} and (b'). */
    static HikariDataSource hikariDataSource(int workers, String host, int port) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(World.jdbcUrl(host, port));
        config.setUsername(World.user());
        config.setPassword(World.password());
        config.setMaximumPoolSize(workers);
        config.setMinimumIdle(workers);
        config.setPoolName("bench");
        return new HikariDataSource(config);
    }

    /** The dispatch-only app: a constant handler, no pools. */
    static Application constant(int workers) {
        return constant(workers, "process");
    }

    /** The dispatch-only app in {@code server.mode} {@code mode}. */
    static Application constant(int workers, String mode) {
        Properties p = serverProperties("bench-constant", workers);
        p.setProperty("server.mode", mode);
        return Application.builder().discoverProviders(false).environment(Map.of()).systemProperties(p)
                .provider(handlers(ConstantHandler.class)).build();
    }

    private static AbstractModule handlers(Class<? extends HttpHandler> type) {
        return new AbstractModule() {
            @Override
            protected void configure() {
                bind(type).in(WorkerScoped.class);
                bind(HttpHandler.class).to(type);
                bind(DatagramHandler.class).to(type.asSubclass(DatagramHandler.class));
            }
        };
    }
}
