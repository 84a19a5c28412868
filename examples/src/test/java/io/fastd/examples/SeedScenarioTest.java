package io.fastd.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.fastd.pool.mysql.embedded.EmbeddedMariaDb;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's scenario end to end, the way a user runs it: {@code start} with no database
 * configured (so an embedded MariaDB starts) and the default server mode (base), datagrams answered
 * by every worker with its own
 * connection, the JSON API, {@code status} and {@code stop} through the command line; the
 * connections counted on the database server itself.
 */
class SeedScenarioTest {

    private static final int WORKERS = 4;
    private static final int SENDERS = 64;
    private static final Path EMBEDDED_DIR = Path.of("target", "embedded-mariadb").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void everyWorkerOwnsOneConnectionAndStopLeavesNothing() throws Exception {
        int udpPort = freeUdpPort();
        int httpPort = freeTcpPort();
        Properties properties = new Properties();
        properties.setProperty("server.host", "udp://127.0.0.1:" + udpPort);
        properties.setProperty("server.listeners", "http://127.0.0.1:" + httpPort);
        properties.setProperty("server.admin", "http://127.0.0.1:0");
        properties.setProperty("server.worker_num", Integer.toString(WORKERS));
        properties.setProperty("server.pid_file", dir.resolve("fast-d.pid").toString());
        properties.setProperty("fastd.embedded.dir", EMBEDDED_DIR.toString());
        ByteArrayOutputStream startOut = new ByteArrayOutputStream();
        ByteArrayOutputStream startErr = new ByteArrayOutputStream();
        CompletableFuture<Integer> started = CompletableFuture.supplyAsync(() -> ExampleMain.run(new String[] {"start"},
                Map.of(), properties, new PrintStream(startOut, true, StandardCharsets.UTF_8),
                new PrintStream(startErr, true, StandardCharsets.UTF_8)));
        await(() -> startOut.toString(StandardCharsets.UTF_8).contains("is started [" + (WORKERS - 1) + "]") || started.isDone(),
                Duration.ofSeconds(90), "the example to start");
        assertThat(started).as("start ended early: %s", startErr).isNotDone();
        assertThat(startOut.toString(StandardCharsets.UTF_8)).contains("Server: fast-d", "App version 1.0.0",
                "Server udp://127.0.0.1:" + udpPort, "PID file: " + dir.resolve("fast-d.pid") + ", PID: ",
                "Server Master[", "Server Manager[", "Server Worker[");

        Command status = command(properties, "status");
        assertThat(status.exit()).isZero();
        Matcher database = Pattern.compile("mysql default=127\\.0\\.0\\.1:(\\d+)/fastd").matcher(status.out());
        assertThat(database.find()).as("status names the database: %s", status.out()).isTrue();
        int databasePort = Integer.parseInt(database.group(1));

        Map<Integer, Long> connectionByWorker = connectionsByWorker(udpPort);
        assertThat(connectionByWorker).hasSize(WORKERS);
        assertThat(connectionByWorker.values()).doesNotHaveDuplicates();
        assertThat(connectionsTo(databasePort)).isEqualTo(WORKERS);

        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + httpPort + "/items";
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"caf\u00e9 \ud83d\ude00\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(201);
        String id = created.body().replaceAll("^\\{\"id\":(\\d+),.*$", "$1");
        assertThat(get(http, base + "/" + id).body()).isEqualTo("{\"id\":" + id + ",\"name\":\"caf\u00e9 \ud83d\ude00\"}");
        assertThat(get(http, base).body()).contains("\"id\":" + id);
        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(base))
                .POST(HttpRequest.BodyPublishers.ofString("{oops")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).isEqualTo("{\"error\":\"body is not valid JSON\"}");
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/" + id)).DELETE().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThat(get(http, base + "/" + id).statusCode()).isEqualTo(404);
        assertThat(tableExists(databasePort, "demo_items")).as("the prefix is applied").isTrue();
        assertThat(connectionsTo(databasePort)).as("nothing else left a connection open").isEqualTo(WORKERS);

        Command reload = command(properties, "reload");
        assertThat(reload.exit()).as("reload: %s", reload.err()).isZero();
        Map<Integer, Long> afterReload = connectionsByWorker(udpPort);
        assertThat(afterReload).hasSize(WORKERS);
        assertThat(afterReload.values()).as("every worker re-ran its walk: new connections")
                .doesNotContainAnyElementsOf(connectionByWorker.values());
        // The replaced workers' connections leave the processlist a moment after their close.
        Awaitility.await("connections after reload == " + WORKERS).atMost(Duration.ofSeconds(20))
                .until(() -> connectionsTo(databasePort), count -> count == WORKERS);

        Command stop = command(properties, "stop");
        assertThat(stop.exit()).as("stop: %s", stop.err()).isZero();
        assertThat(started.get(60, TimeUnit.SECONDS)).isZero();
        assertThat(dir.resolve("fast-d.pid")).doesNotExist();
        assertThat(command(properties, "status").exit()).isEqualTo(1);
        assertThat(databaseAnswers(databasePort)).as("the embedded MariaDB is stopped with the example").isFalse();
    }

    private record Command(int exit, String out, String err) {
    }

    private static Command command(Properties properties, String verb) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ExampleMain.run(new String[] {verb}, Map.of(), properties, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Command(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The connection id each worker reports, from one datagram per sender of {@link #SENDERS}: in
     * base mode, the default, the operating system gives each sender to one worker's socket, so
     * reaching every worker takes many senders (64 leave a worker of 4 unreached with odds of
     * about 1e-8). A worker must report one connection throughout.
     */
    private static Map<Integer, Long> connectionsByWorker(int udpPort) throws Exception {
        Map<Integer, Long> connectionByWorker = new HashMap<>();
        for (int i = 0; i < SENDERS; i++) {
            try (DatagramSocket socket = new DatagramSocket()) {
                socket.setSoTimeout(5_000);
                String reply = exchange(socket, udpPort, "hello " + i);
                Matcher fields = Pattern.compile("\\{\"worker\":(\\d+),\"connection_id\":(\\d+),\"received\":\"hello \\d+\"}\n")
                        .matcher(reply);
                assertThat(fields.matches()).as("reply %s", reply).isTrue();
                connectionByWorker.merge(Integer.parseInt(fields.group(1)), Long.parseLong(fields.group(2)), (a, b) -> {
                    assertThat(b).as("a worker keeps its connection").isEqualTo(a);
                    return a;
                });
            }
        }
        return connectionByWorker;
    }

    private static String exchange(DatagramSocket socket, int port, String text) throws Exception {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(data, data.length, InetAddress.getLoopbackAddress(), port));
        DatagramPacket reply = new DatagramPacket(new byte[1024], 1024);
        socket.receive(reply);
        return new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8);
    }

    private static Connection root(int port) throws SQLException {
        return EmbeddedMariaDb.adminConnection(EMBEDDED_DIR, port);
    }

    private static long connectionsTo(int port) throws SQLException {
        try (Connection c = root(port);
             PreparedStatement st = c.prepareStatement("SELECT COUNT(*) FROM information_schema.processlist WHERE db = ?"
                     + " AND user = 'fastd_app'")) {
            st.setString(1, ExampleMain.EMBEDDED_DATABASE);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static boolean tableExists(int port, String table) throws SQLException {
        try (Connection c = root(port);
             PreparedStatement st = c.prepareStatement(
                     "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?")) {
            st.setString(1, ExampleMain.EMBEDDED_DATABASE);
            st.setString(2, table);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1) == 1;
            }
        }
    }

    private static boolean databaseAnswers(int port) {
        try (Connection c = root(port)) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private static int freeUdpPort() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static int freeTcpPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.onSpinWait();
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }
}
