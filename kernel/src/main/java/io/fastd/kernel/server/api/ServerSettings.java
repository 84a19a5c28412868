package io.fastd.kernel.server.api;

import static java.util.Objects.requireNonNull;

import io.fastd.kernel.config.Config;
import io.fastd.kernel.config.ConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The server's config keys, read and checked once, all problems reported together.
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><td>server.host</td><td>main listen URL</td><td>{@code http://0.0.0.0:9527}</td></tr>
 *   <tr><td>server.listeners</td><td>more listen URLs</td><td>none</td></tr>
 *   <tr><td>server.worker_num</td><td>request workers</td><td>CPU cores</td></tr>
 *   <tr><td>server.task_worker_num</td><td>task workers</td><td>0</td></tr>
 *   <tr><td>server.pid_file</td><td>PID file; the admin port goes to {@code <pid_file>.admin}</td><td>{@code $XDG_RUNTIME_DIR/<app.name>.pid}, {@code /run/<app.name>.pid} (root) or {@code run/<app.name>.pid}: see {@link DefaultPidFile}</td></tr>
 *   <tr><td>server.max_request</td><td>requests after which a worker is recycled, 0 = never</td><td>0</td></tr>
 *   <tr><td>server.max_payload</td><td>largest request body / frame / datagram in bytes</td><td>1 MiB</td></tr>
 *   <tr><td>server.read_timeout</td><td>idle time between requests after which a connection is closed (also: time a client may leave its pending answers unread)</td><td>30s</td></tr>
 *   <tr><td>server.queue_size</td><td>pending requests per worker before refusing</td><td>1024</td></tr>
 *   <tr><td>server.mode</td><td>{@link ServerMode}: {@code process} or {@code base}</td><td>process</td></tr>
 *   <tr><td>server.transport</td><td>{@link Transport}: {@code auto} (epoll where it loads, else nio), {@code nio} or {@code epoll}</td><td>auto</td></tr>
 *   <tr><td>server.dispatch_mode</td><td>{@link DispatchMode} (process mode only)</td><td>round_robin</td></tr>
 *   <tr><td>server.shutdown_timeout</td><td>time queued requests get to finish at stop/reload</td><td>10s</td></tr>
 *   <tr><td>server.start_timeout</td><td>time a worker gets to initialize its pools</td><td>60s</td></tr>
 *   <tr><td>server.restart_backoff</td><td>first delay before retrying a failed worker start</td><td>100ms</td></tr>
 *   <tr><td>server.restart_backoff_max</td><td>the delay doubles up to this</td><td>10s</td></tr>
 *   <tr><td>server.skip_startup_checks</td><td>start even if a {@link StartupCheck} fails</td><td>false</td></tr>
 *   <tr><td>server.log_file</td><td>output of a detached ({@code start -d}) server</td><td>{@code <pid_file>.log}</td></tr>
 *   <tr><td>server.max_pipelined</td><td>requests of one connection read but not yet answered; beyond it the connection is not read</td><td>16</td></tr>
 *   <tr><td>server.header_timeout</td><td>time from the first byte of an HTTP request head to its end</td><td>10s</td></tr>
 *   <tr><td>server.body_timeout</td><td>time from the end of an HTTP head (or the first byte of a TCP frame) to the end of its body</td><td>30s</td></tr>
 *   <tr><td>server.max_connections</td><td>open TCP/HTTP connections; beyond it new ones are closed at once and counted</td><td>10000</td></tr>
 * </table>
 */
public record ServerSettings(List<ListenUrl> listeners, int workerNum, int taskWorkerNum, Path pidFile,
                             int maxRequest, int maxPayload, Duration readTimeout, int queueSize,
                             ServerMode mode, Transport transport, DispatchMode dispatchMode, Duration shutdownTimeout, Duration startTimeout,
                             Duration restartBackoff, Duration restartBackoffMax, boolean skipStartupChecks,
                             Path logFile, int maxPipelined, Duration headerTimeout, Duration bodyTimeout,
                             int maxConnections) {

    public ServerSettings {
        listeners = List.copyOf(requireNonNull(listeners, "listeners is null"));
        requireNonNull(pidFile, "pidFile is null");
        requireNonNull(readTimeout, "readTimeout is null");
        requireNonNull(mode, "mode is null");
        requireNonNull(transport, "transport is null");
        requireNonNull(dispatchMode, "dispatchMode is null");
        requireNonNull(shutdownTimeout, "shutdownTimeout is null");
        requireNonNull(startTimeout, "startTimeout is null");
        requireNonNull(restartBackoff, "restartBackoff is null");
        requireNonNull(restartBackoffMax, "restartBackoffMax is null");
        requireNonNull(logFile, "logFile is null");
        requireNonNull(headerTimeout, "headerTimeout is null");
        requireNonNull(bodyTimeout, "bodyTimeout is null");
    }

    /** Default main listener when {@code server.host} is unset. */
    public static final String DEFAULT_HOST = "http://0.0.0.0:9527";

    /**
     * Reads the server keys.
     *
     * @throws ConfigException listing every bad key
     */
    public static ServerSettings from(Config config, String appName) {
        requireNonNull(config, "config is null");
        List<String> problems = new ArrayList<>();
        List<ListenUrl> listeners = new ArrayList<>();
        List<String[]> urls = new ArrayList<>();
        urls.add(new String[] {"server.host", config.getString("server.host", DEFAULT_HOST)});
        config.getList("server.listeners").forEach(url -> urls.add(new String[] {"server.listeners", url}));
        for (String[] url : urls) {
            try {
                listeners.add(ListenUrl.parse(url[1]));
            } catch (IllegalArgumentException e) {
                problems.add(url[0] + ": " + e.getMessage() + " (from " + config.source(url[0]).orElse("the default") + ")");
            }
        }
        int cores = Runtime.getRuntime().availableProcessors();
        Integer workers = read(problems, () -> config.getInt("server.worker_num", cores, 1, 1024));
        Integer tasks = read(problems, () -> config.getInt("server.task_worker_num", 0, 0, 1024));
        Integer maxRequest = read(problems, () -> config.getInt("server.max_request", 0, 0, Integer.MAX_VALUE));
        Integer maxPayload = read(problems, () -> config.getInt("server.max_payload", 1 << 20, 1, Integer.MAX_VALUE - 8));
        Integer queueSize = read(problems, () -> config.getInt("server.queue_size", 1024, 1, 1 << 20));
        Duration readTimeout = read(problems, () -> config.getDuration("server.read_timeout", Duration.ofSeconds(30)));
        Duration shutdown = read(problems, () -> config.getDuration("server.shutdown_timeout", Duration.ofSeconds(10)));
        Duration start = read(problems, () -> config.getDuration("server.start_timeout", Duration.ofSeconds(60)));
        Duration backoff = read(problems, () -> config.getDuration("server.restart_backoff", Duration.ofMillis(100)));
        Duration backoffMax = read(problems, () -> config.getDuration("server.restart_backoff_max", Duration.ofSeconds(10)));
        Integer maxPipelined = read(problems, () -> config.getInt("server.max_pipelined", 16, 1, 1024));
        Integer maxConnections = read(problems, () -> config.getInt("server.max_connections", 10_000, 1, 1 << 24));
        Duration headerTimeout = read(problems, () -> config.getDuration("server.header_timeout", Duration.ofSeconds(10)));
        Duration bodyTimeout = read(problems, () -> config.getDuration("server.body_timeout", Duration.ofSeconds(30)));
        for (String key : List.of("server.header_timeout", "server.body_timeout")) {
            Duration value = key.endsWith("header_timeout") ? headerTimeout : bodyTimeout;
            if (value != null && (value.isZero() || value.isNegative())) {
                problems.add(key + ": must be longer than 0 (from " + config.source(key).orElse("the default") + ")");
            }
        }
        Boolean skip = read(problems, () -> config.getBoolean("server.skip_startup_checks", false));
        ServerMode serverMode = ServerMode.PROCESS;
        try {
            serverMode = ServerMode.parse(config.getString("server.mode", "process"));
        } catch (IllegalArgumentException e) {
            problems.add("server.mode: " + e.getMessage());
        }
        Transport transport = Transport.NIO;
        try {
            transport = Transport.parse(config.getString("server.transport", "auto"));
        } catch (IllegalArgumentException e) {
            problems.add("server.transport: " + e.getMessage());
        }
        DispatchMode dispatch = DispatchMode.ROUND_ROBIN;
        try {
            dispatch = DispatchMode.parse(config.getString("server.dispatch_mode", "round_robin"));
        } catch (IllegalArgumentException e) {
            problems.add("server.dispatch_mode: " + e.getMessage());
        }
        if (serverMode == ServerMode.BASE && dispatch == DispatchMode.ROUND_ROBIN
                && config.source("server.dispatch_mode").isPresent()) {
            problems.add("server.dispatch_mode: round_robin cannot apply with server.mode=base, where every connection"
                    + " and UDP sender stays on the worker that reads it; remove the key or use server.mode=process (from "
                    + config.source("server.dispatch_mode").orElseThrow() + ")");
        }
        Path pidFile = config.has("server.pid_file") ? Path.of(config.getString("server.pid_file", ""))
                : DefaultPidFile.choose(appName, System.getenv(), System.getProperty("user.name"), Path.of("/run"));
        Path logFile = Path.of(config.getString("server.log_file", pidFile + ".log"));
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new ServerSettings(listeners, workers, tasks, pidFile, maxRequest, maxPayload, readTimeout, queueSize,
                serverMode, transport, dispatch, shutdown, start, backoff, backoffMax, skip, logFile, maxPipelined,
                headerTimeout, bodyTimeout, maxConnections);
    }

    /** Where the admin port and token are written: {@code <pid_file>.admin}. */
    public Path adminFile() {
        return adminFileFor(pidFile);
    }

    public static Path adminFileFor(Path pidFile) {
        return pidFile.resolveSibling(pidFile.getFileName() + ".admin");
    }

    private static <T> T read(List<String> problems, java.util.function.Supplier<T> reader) {
        try {
            return reader.get();
        } catch (ConfigException e) {
            problems.addAll(e.problems());
            return null;
        }
    }
}
