package io.fastd.kernel.server.api;

import static java.util.Objects.requireNonNull;

import io.fastd.kernel.config.Binding;
import io.fastd.kernel.config.Config;
import io.fastd.kernel.config.ConfigException;
import io.fastd.kernel.config.Setting;
import io.fastd.kernel.config.SettingGroup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The server's config keys, read and checked once, all problems reported together.
 *
 * <p>Every key is declared once below (type, default, bounds or allowed values, description) and
 * read by the kernel's binder; {@link #SETTINGS} lists them in the README's order, and the README's
 * table is rendered from it. {@code server.pid_file}'s default is {@link DefaultPidFile}'s choice;
 * {@code server.log_file}'s is {@code <pid_file>.log}.
 */
public record ServerSettings(List<ListenUrl> listeners, int workerNum, int taskWorkerNum, Path pidFile,
                             int maxRequest, int maxPayload, Duration readTimeout, int queueSize,
                             ServerMode mode, Transport transport, DispatchMode dispatchMode, Duration shutdownTimeout, Duration startTimeout,
                             Duration restartBackoff, Duration restartBackoffMax, boolean skipStartupChecks,
                             Path logFile, int maxPipelined, Duration headerTimeout, Duration bodyTimeout,
                             int maxConnections, ListenUrl admin, boolean accessLog, int reactorNum) {

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
        requireNonNull(admin, "admin is null");
    }

    /** Default main listener when {@code server.host} is unset. */
    public static final String DEFAULT_HOST = "http://0.0.0.0:9527";

    static final Setting<ListenUrl> HOST = Setting.string("server.host").map(ListenUrl::parse)
            .defaultTo(() -> ListenUrl.parse(DEFAULT_HOST), "`" + DEFAULT_HOST + "`")
            .describe("first listener: `udp://`, `tcp://`, `http://` (or a provider's scheme) host:port, optionally `?handler=NAME`");
    static final Setting<List<ListenUrl>> LISTENERS = Setting.list("server.listeners").map(ServerSettings::listenUrls)
            .defaultTo(() -> List.of(), "none").describe("more listener URLs, each optionally `?handler=NAME`");
    /** Default admin endpoint: loopback, a free port. */
    public static final String DEFAULT_ADMIN = "http://127.0.0.1:0";

    static final Setting<ListenUrl> ADMIN = Setting.string("server.admin").map(ServerSettings::adminUrl)
            .defaultTo(() -> ListenUrl.parse(DEFAULT_ADMIN), "`" + DEFAULT_ADMIN + "`")
            .describe("admin endpoint, `http://` host:port: health, status, metrics; reload and stop need the token"
                    + " from `<pid_file>.admin`. A host other than loopback is allowed (containers) and logged as a warning");
    static final Setting<Integer> WORKER_NUM = Setting.integer("server.worker_num").min(1).max(1024)
            .defaultTo(() -> Runtime.getRuntime().availableProcessors(), "CPU cores").describe("request workers");
    static final Setting<Integer> REACTOR_NUM = Setting.integer("server.reactor_num").min(1).max(1024)
            .defaultTo(() -> reactorsFor(Runtime.getRuntime().availableProcessors()), "a quarter of the CPU cores, at least 1")
            .describe("process mode only: I/O threads (Swoole's `reactor_num`) that read requests and write the answers"
                    + " workers hand back; few keep each one busy, so answers rarely have to wake it (see `docs/BENCHMARKS.md`)."
                    + " Refused in base mode, where each worker reads its own connections");
    static final Setting<Integer> TASK_WORKER_NUM = Setting.integer("server.task_worker_num").min(0).max(1024).defaultTo(0)
            .describe("task workers (`TaskDispatcher.task(payload)` runs `TaskHandler.onTask`)");
    static final Setting<Path> PID_FILE = Setting.path("server.pid_file")
            .defaultText("`$XDG_RUNTIME_DIR/<app.name>.pid` if that directory is the user's own (0700), else"
                    + " `/run/<app.name>.pid` for root (if only root can write `/run`), else `run/<app.name>.pid` in the"
                    + " working directory (created 0700)")
            .describe("PID file; `<pid_file>.admin` (0600) holds the server's identity, admin URL and token;"
                    + " `<pid_file>.lock` is the start lock. Refused when it, or its directory, is not the user's own"
                    + " (see `docs/SECURITY.md`)");
    static final Setting<Integer> MAX_REQUEST = Setting.integer("server.max_request").min(0).max(Integer.MAX_VALUE)
            .defaultTo(0).defaultText("`0` (never)").describe("recycle a worker after this many requests");
    static final Setting<Long> MAX_PAYLOAD = Setting.size("server.max_payload").min(1).max(Integer.MAX_VALUE - 8)
            .defaultTo(1L << 20).describe("largest datagram, TCP frame payload (the 4-byte length prefix not counted)"
                    + " or HTTP body in bytes (413 / error / dropped)");
    static final Setting<Duration> READ_TIMEOUT = Setting.duration("server.read_timeout")
            .defaultTo(Duration.ofSeconds(30))
            .describe("a connection idle this long between requests is closed, and so is one whose client has not read"
                    + " its pending answers for this long (time a request spends on a worker does not count)");
    static final Setting<Duration> HEADER_TIMEOUT = Setting.duration("server.header_timeout").positive()
            .defaultTo(Duration.ofSeconds(10)).describe("an HTTP request head (request line + headers) must be complete"
                    + " this long after its first byte: else `408` and close");
    static final Setting<Duration> BODY_TIMEOUT = Setting.duration("server.body_timeout").positive()
            .defaultTo(Duration.ofSeconds(30)).describe("an HTTP body must be complete this long after its head, a TCP"
                    + " frame this long after its first byte: else `408` / `ERROR frame not complete in time` and close");
    static final Setting<Integer> MAX_PIPELINED = Setting.integer("server.max_pipelined").min(1).max(1024).defaultTo(16)
            .describe("requests of one TCP/HTTP connection read but not yet answered; at this many (or while the client"
                    + " does not read its answers) the connection is not read until answers drain");
    static final Setting<Integer> MAX_CONNECTIONS = Setting.integer("server.max_connections").min(1).max(1 << 24)
            .defaultTo(10_000).describe("open TCP/HTTP connections over all listeners; beyond it a new connection is"
                    + " closed at once (reset) and counted (`connection refused` in the incident summaries and `status`"
                    + " totals)");
    static final Setting<Integer> QUEUE_SIZE = Setting.integer("server.queue_size").min(1).max(1 << 20).defaultTo(1024)
            .describe("requests queued per worker; beyond it 503 / error / dropped (a refused request never runs; its"
                    + " answer takes its place in the connection's order)");
    static final Setting<ServerMode> MODE = Setting.oneOf("server.mode", ServerMode.class).defaultTo(ServerMode.BASE)
            .describe("`base` (Swoole's `SWOOLE_BASE`) or `process` (`SWOOLE_PROCESS`); see \"Server modes\" below");
    static final Setting<Transport> TRANSPORT = Setting.oneOf("server.transport", "a transport", Transport.CHOICES)
            .defaultTo("auto").map(Transport::choose)
            .describe("Netty transport: `auto` (native epoll where it loads: Linux x86_64/aarch64, else NIO), `nio` or"
                    + " `epoll` (refused where it does not load)");
    static final Setting<DispatchMode> DISPATCH_MODE = Setting.oneOf("server.dispatch_mode", DispatchMode.class)
            .defaultTo(DispatchMode.ROUND_ROBIN)
            .describe("process mode: or `connection`: a connection (or UDP sender) sticks to one worker; TCP always does");
    static final Setting<Duration> SHUTDOWN_TIMEOUT = Setting.duration("server.shutdown_timeout")
            .defaultTo(Duration.ofSeconds(10)).describe("graceful stop: how long in-flight requests may finish");
    static final Setting<Duration> START_TIMEOUT = Setting.duration("server.start_timeout")
            .defaultTo(Duration.ofSeconds(60)).describe("how long worker start (pool init) may take");
    static final Setting<Duration> RESTART_BACKOFF = Setting.duration("server.restart_backoff")
            .defaultTo(Duration.ofMillis(100))
            .describe("manager's first delay before retrying a replacement worker whose pools fail; it doubles up to"
                    + " `server.restart_backoff_max`");
    static final Setting<Duration> RESTART_BACKOFF_MAX = Setting.duration("server.restart_backoff_max")
            .defaultTo(Duration.ofSeconds(10)).describe("the longest of those delays");
    static final Setting<Boolean> SKIP_STARTUP_CHECKS = Setting.bool("server.skip_startup_checks").defaultTo(false)
            .describe("start even when a startup check (e.g. the connection budget) refuses");
    static final Setting<Path> LOG_FILE = Setting.path("server.log_file").defaultText("`<pid_file>.log`")
            .describe("output of `start -d`: created 0600, never through a link; rotated to `<log_file>.1` at 10 MiB");
    static final Setting<Boolean> ACCESS_LOG = Setting.bool("server.access_log").defaultTo(false)
            .describe("one INFO line per request through the SLF4J logger `fastd.access`: listener, worker, method and"
                    + " path (no query string) or frame/datagram size, status (HTTP), bytes out, microseconds");

    /** Every server key, declared once, in the README's order. */
    public static final SettingGroup SETTINGS = SettingGroup.of("server", HOST, LISTENERS, ADMIN, WORKER_NUM, REACTOR_NUM, TASK_WORKER_NUM,
            PID_FILE, MAX_REQUEST, MAX_PAYLOAD, READ_TIMEOUT, HEADER_TIMEOUT, BODY_TIMEOUT, MAX_PIPELINED, MAX_CONNECTIONS,
            QUEUE_SIZE, MODE, TRANSPORT, DISPATCH_MODE, SHUTDOWN_TIMEOUT, START_TIMEOUT, RESTART_BACKOFF,
            RESTART_BACKOFF_MAX, SKIP_STARTUP_CHECKS, LOG_FILE, ACCESS_LOG);

    /**
     * Reads the server keys.
     *
     * @throws ConfigException listing every bad key
     */
    public static ServerSettings from(Config config, String appName) {
        requireNonNull(config, "config is null");
        Binding read = SETTINGS.read(config);
        List<String> problems = new ArrayList<>(read.problems());
        ServerMode serverMode = read.find(MODE).orElse(ServerMode.BASE);
        DispatchMode dispatch = read.find(DISPATCH_MODE).orElse(DispatchMode.ROUND_ROBIN);
        if (serverMode == ServerMode.BASE && dispatch == DispatchMode.ROUND_ROBIN && read.source(DISPATCH_MODE).isPresent()) {
            String base = read.source(MODE).map(source -> "server.mode=base").orElse("server.mode=base (the default)");
            problems.add("server.dispatch_mode: round_robin cannot apply with " + base + ", where every connection"
                    + " and UDP sender stays on the worker that reads it; remove the key or set server.mode=process (from "
                    + read.source(DISPATCH_MODE).orElseThrow() + ")");
        }
        if (serverMode == ServerMode.BASE && read.source(REACTOR_NUM).isPresent()) {
            String base = read.source(MODE).map(source -> "server.mode=base").orElse("server.mode=base (the default)");
            problems.add("server.reactor_num: applies to server.mode=process only; with " + base + " each worker reads"
                    + " its own connections; remove the key or set server.mode=process (from "
                    + read.source(REACTOR_NUM).orElseThrow() + ")");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        List<ListenUrl> listeners = new ArrayList<>();
        listeners.add(read.get(HOST));
        listeners.addAll(read.get(LISTENERS));
        Path pidFile = read.find(PID_FILE).orElseGet(
                () -> DefaultPidFile.choose(appName, System.getenv(), System.getProperty("user.name"), Path.of("/run")));
        Path logFile = read.find(LOG_FILE).orElse(Path.of(pidFile + ".log"));
        return new ServerSettings(listeners, read.get(WORKER_NUM), read.get(TASK_WORKER_NUM), pidFile,
                read.get(MAX_REQUEST), (int) (long) read.get(MAX_PAYLOAD), read.get(READ_TIMEOUT), read.get(QUEUE_SIZE),
                serverMode, read.get(TRANSPORT), dispatch, read.get(SHUTDOWN_TIMEOUT), read.get(START_TIMEOUT),
                read.get(RESTART_BACKOFF), read.get(RESTART_BACKOFF_MAX), read.get(SKIP_STARTUP_CHECKS), logFile,
                read.get(MAX_PIPELINED), read.get(HEADER_TIMEOUT), read.get(BODY_TIMEOUT), read.get(MAX_CONNECTIONS),
                read.get(ADMIN), read.get(ACCESS_LOG), serverMode == ServerMode.PROCESS ? read.get(REACTOR_NUM) : 1);
    }

    /**
     * {@code server.reactor_num}'s default for {@code cores}: a quarter, at least one. In process mode
     * an I/O thread only decodes requests and writes answers, about a quarter of a request's CPU; more
     * threads than that idle between events, and every answer a worker hands to an idle one wakes it
     * (a system call each side; measured in {@code docs/BENCHMARKS.md}).
     */
    static int reactorsFor(int cores) {
        return Math.max(1, cores / 4);
    }

    /** Every URL of {@code server.listeners}; every bad one is named in one message. */
    private static List<ListenUrl> listenUrls(List<String> urls) {
        List<ListenUrl> parsed = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        for (String url : urls) {
            try {
                parsed.add(ListenUrl.parse(url));
            } catch (IllegalArgumentException e) {
                bad.add(e.getMessage());
            }
        }
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", bad));
        }
        return List.copyOf(parsed);
    }

    /** {@code server.admin}: a listen URL whose scheme must be {@code http}. */
    private static ListenUrl adminUrl(String url) {
        ListenUrl parsed = ListenUrl.parse(url);
        if (!parsed.scheme().equals(Protocol.HTTP.scheme())) {
            throw new IllegalArgumentException("'" + url + "' has scheme '" + parsed.scheme()
                    + "'; the admin endpoint speaks http only (e.g. " + DEFAULT_ADMIN + ")");
        }
        if (parsed.handler().isPresent()) {
            throw new IllegalArgumentException("'" + url + "' names a handler; the admin endpoint has its own"
                    + " (e.g. " + DEFAULT_ADMIN + ")");
        }
        return parsed;
    }

    /** Where the admin URL and token are written: {@code <pid_file>.admin}. */
    public Path adminFile() {
        return adminFileFor(pidFile);
    }

    public static Path adminFileFor(Path pidFile) {
        return pidFile.resolveSibling(pidFile.getFileName() + ".admin");
    }
}
