package io.fastd.examples.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Module;
import io.fastd.examples.ExampleMain;
import io.fastd.kernel.Application;
import io.fastd.kernel.server.Server;
import io.fastd.kernel.server.api.Protocol;
import io.fastd.pool.mysql.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The example application ({@link ExampleMain}'s bundled config and providers) started in-process
 * on 127.0.0.1 with ephemeral ports (UDP + HTTP), W workers, a temp PID file, and its
 * {@code default} database on a fresh, uniquely named database of the one real MariaDB of this
 * test JVM ({@link TestDatabase}). Plus small bounded clients and a server-side connection count.
 */
final class Rig implements AutoCloseable {

    /** Every wait in the suite is bounded by this unless a test says otherwise. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final AtomicInteger APPS = new AtomicInteger();

    final String database;
    final int workers;
    final Path dir;
    final Application app;
    final Server server;
    final ByteArrayOutputStream banner = new ByteArrayOutputStream();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Rig(String database, int workers, Path dir, Application app) {
        this.database = database;
        this.workers = workers;
        this.dir = dir;
        this.app = app;
        this.server = new Server(app, new PrintStream(banner, true, StandardCharsets.UTF_8));
    }

    /** The config keys of a test server on {@code database}; {@code extra} key/value pairs win. */
    static Map<String, String> config(Path dir, String database, int workers, String... extra) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("app.name", "rel-" + APPS.incrementAndGet());
        config.put("server.host", "udp://127.0.0.1:0");
        config.put("server.listeners", "http://127.0.0.1:0");
        config.put("server.admin", "http://127.0.0.1:0");
        config.put("server.worker_num", Integer.toString(workers));
        config.put("server.pid_file", dir.resolve("server.pid").toString());
        config.put("server.shutdown_timeout", "10s");
        config.putAll(TestDatabase.config("default", database));
        config.put("database.default.connect_timeout", "2s");
        config.put("database.default.socket_timeout", "10s");
        for (int i = 0; i < extra.length; i += 2) {
            config.put(extra[i], extra[i + 1]);
        }
        return config;
    }

    /** Builds the example app on a fresh database and starts its server. */
    static Rig start(Path dir, String hint, int workers, String... extra) {
        return start(dir, TestDatabase.createDatabase(hint), workers, List.of(), extra);
    }

    static Rig start(Path dir, String database, int workers, List<Module> overrides, String... extra) {
        Rig rig = build(dir, database, workers, overrides, config(dir, database, workers, extra));
        rig.server.start();
        return rig;
    }

    static Rig build(Path dir, String database, int workers, List<Module> overrides, Map<String, String> config) {
        Properties properties = new Properties();
        properties.putAll(config);
        Application.Builder builder = Application.builder().defaultsResource(ExampleMain.DEFAULTS)
                .environment(Map.of()).systemProperties(properties).discoverProviders(false);
        overrides.forEach(builder::override);
        return new Rig(database, workers, dir, builder.build());
    }

    int udpPort() {
        return server.port(Protocol.UDP).orElseThrow();
    }

    int httpPort() {
        return server.port(Protocol.HTTP).orElseThrow();
    }

    /** Connections the server holds on this rig's database (killed ones that linger excluded). */
    long connections() {
        return connections(database);
    }

    static long connections(String database) {
        return TestDatabase.scalar("SELECT COUNT(*) FROM information_schema.processlist WHERE db = ?"
                + " AND command <> 'Killed'", database);
    }

    /** The server-side ids of the connections on this rig's database. */
    List<Long> connectionIds() {
        List<Long> ids = new ArrayList<>();
        try (Connection c = TestDatabase.admin();
             PreparedStatement ps = c.prepareStatement("SELECT id FROM information_schema.processlist WHERE db = ?"
                     + " AND command <> 'Killed'")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list connections of " + database, e);
        }
        return ids;
    }

    /** Kills every connection on this rig's database from an admin connection; returns how many. */
    int killAll() {
        List<Long> ids = connectionIds();
        for (long id : ids) {
            try {
                TestDatabase.exec("KILL CONNECTION " + id);
            } catch (IllegalStateException e) {
                // The connection may have ended between listing and killing (unknown thread id).
                assertThat(e.getCause()).hasMessageContaining("Unknown thread id");
            }
        }
        return ids.size();
    }

    /** The table's full name ({@code demo_items}: the bundled prefix). */
    String table() {
        return "`" + database + "`.`demo_items`";
    }

    // ---- clients: every call is bounded by its timeout ----

    /** A response or the client-side failure; never throws. */
    record Reply(int status, String body, String failure) {
        boolean ok() {
            return failure == null && status >= 200 && status < 300;
        }

        @Override
        public String toString() {
            return failure != null ? "failure: " + failure : status + " " + body;
        }
    }

    Reply get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(15)).GET().build());
    }

    Reply post(String path, String json) {
        return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(15))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort() + path);
    }

    private Reply send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), null);
        } catch (IOException e) {
            return new Reply(0, "", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(0, "", e.toString());
        }
    }

    /** One datagram and its reply, or null if none came within {@code waitMillis}. */
    String udp(String payload, int waitMillis) {
        return udp(udpPort(), payload.getBytes(StandardCharsets.UTF_8), waitMillis);
    }

    static String udp(int port, byte[] data, int waitMillis) {
        try {
            return io.fastd.kernel.testing.Loopback.udp(port, data, waitMillis);
        } catch (IOException e) {
            throw new IllegalStateException("UDP exchange with 127.0.0.1:" + port + " failed", e);
        }
    }

    /** Polls {@code condition} until it holds or {@link #TIMEOUT} passes. */
    static void await(String what, BooleanSupplier condition) {
        await(what, TIMEOUT, condition);
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for: " + what);
            }
            LockSupport.parkNanos(20_000_000L);
        }
    }

    /** Lets time pass without a condition to wait for (a quiet period), bounded by {@code duration}. */
    static void quiet(Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(Math.min(50_000_000L, deadline - System.nanoTime()));
        }
    }

    /** A database pool counter ({@code reconnects}, {@code retries}, ...) summed over the running workers. */
    long poolCounter(String name) {
        return server.status().workers().stream().flatMap(worker -> worker.pools().stream())
                .mapToLong(pool -> pool.health().counters().getOrDefault(name, 0L)).sum();
    }

    /** A UDP ping through {@code PingHandler}: OK with a connection id, FAILED on an ERROR line. */
    Load.Outcome ping(String payload) {
        String reply = udp(payload, 10_000);
        if (reply == null) {
            return Load.Outcome.noAnswer("no UDP reply within 10 s");
        }
        return reply.startsWith("{\"worker\":") && reply.contains("\"connection_id\":")
                ? Load.Outcome.ok() : Load.Outcome.failed(reply.strip());
    }

    String bannerText() {
        return banner.toString(StandardCharsets.UTF_8);
    }

    Path pidFile() {
        return dir.resolve("server.pid");
    }

    /** Stops the server (idempotent). */
    @Override
    public void close() {
        server.stop();
    }
}
