package io.fastd.kernel.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fastd.kernel.server.api.Protocol;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code server.access_log}: one line per request through the logger {@code fastd.access}, in an
 * exact format per protocol, the query string left out; none when off. The test backend
 * (slf4j-simple) writes log lines to {@code System.err}, captured here.
 */
class AccessLogTest {

    private static final String LOGGER = " INFO fastd.access - ";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private io.fastd.kernel.Application app;

    /** The messages of the access log lines captured so far. */
    private List<String> accessLines() {
        synchronized (captured) {
            return captured.toString(StandardCharsets.UTF_8).lines().filter(line -> line.contains(LOGGER))
                    .map(line -> line.substring(line.indexOf(LOGGER) + LOGGER.length())).toList();
        }
    }

    /** Runs one request of every protocol against a server with {@code server.access_log=on}; the replies. */
    private List<String> trafficWithAccessLog(String on, Server[] started) throws Exception {
        app = Harness.app(Harness.config(dir, "http://127.0.0.1:0", "server.listeners",
                "tcp://127.0.0.1:0,udp://127.0.0.1:0", "server.access_log", on), Harness.module(new Probe(), false));
        Server server = Harness.server(app, new ByteArrayOutputStream()).start();
        started[0] = server;
        String http = Harness.get(server.port(Protocol.HTTP).orElseThrow(), "/items?token=s3cret").body();
        String tcp;
        try (Harness.FrameClient client = new Harness.FrameClient(server.port(Protocol.TCP).orElseThrow())) {
            tcp = client.call("hello");
        }
        String udp;
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout((int) Harness.TIMEOUT.toMillis());
            socket.send(new DatagramPacket("ping!".getBytes(StandardCharsets.UTF_8), 5,
                    new InetSocketAddress("127.0.0.1", server.port(Protocol.UDP).orElseThrow())));
            DatagramPacket reply = new DatagramPacket(new byte[256], 256);
            socket.receive(reply);
            udp = new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8);
        }
        return List.of(http, tcp, udp);
    }

    @Test
    void onEveryRequestOfEveryProtocolGetsOneLineInItsExactFormat() throws Exception {
        PrintStream original = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        Server[] server = new Server[1];
        try {
            List<String> replies = trafficWithAccessLog("true", server);
            String http = server[0].listeners().get(0).url();
            String tcp = server[0].listeners().get(1).url();
            String udp = server[0].listeners().get(2).url();
            await().atMost(Duration.ofSeconds(20)).until(() -> accessLines().size() >= 3);
            // One line per listener; the client has its answer before the worker logs, so the
            // next request's line may come first.
            List<String> lines = accessLines().stream().sorted(java.util.Comparator.comparingInt(
                    line -> line.startsWith(http + " ") ? 0 : line.startsWith(tcp + " ") ? 1 : 2)).toList();
            assertThat(lines).hasSize(3);
            assertThat(lines.get(0)).matches(quote(http) + " worker=[01] GET /items status=200 out="
                    + replies.get(0).getBytes(StandardCharsets.UTF_8).length + " us=\\d+");
            assertThat(lines.get(1)).matches(quote(tcp) + " worker=[01] frame=5 out="
                    + replies.get(1).getBytes(StandardCharsets.UTF_8).length + " us=\\d+");
            assertThat(lines.get(2)).matches(quote(udp) + " worker=[01] datagram=5 out="
                    + replies.get(2).getBytes(StandardCharsets.UTF_8).length + " us=\\d+");
            assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("s3cret");
        } finally {
            if (server[0] != null) {
                server[0].stop();
            }
            System.setErr(original);
        }
    }

    @Test
    void aProvidersProtocolGetsOneLineNamingTheMessagesType() throws Exception {
        PrintStream original = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        Server server = null;
        try {
            app = Harness.app(Harness.config(dir, "line://127.0.0.1:0", "server.access_log", "true"),
                    ListenerProtocolTest.lineProvider());
            server = Harness.server(app, new ByteArrayOutputStream()).start();
            String url = server.listeners().get(0).url();
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port("line").orElseThrow())) {
                socket.setSoTimeout((int) Harness.TIMEOUT.toMillis());
                socket.getOutputStream().write("hello\n".getBytes(StandardCharsets.UTF_8));
                assertThat(new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                        StandardCharsets.UTF_8)).readLine()).matches("worker=[01] hello");
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> accessLines().size() >= 1);

            assertThat(accessLines()).singleElement().asString()
                    .matches(quote(url) + " worker=[01] message=String us=\\d+");
        } finally {
            if (server != null) {
                server.stop();
            }
            System.setErr(original);
        }
    }

    @Test
    void offNothingIsLogged() throws Exception {
        PrintStream original = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        Server[] server = new Server[1];
        try {
            assertThat(trafficWithAccessLog("false", server)).hasSize(3);
            String url = server[0].listeners().get(2).url();
            // The datagram's reply leaves before its job ends: wait until the job was counted.
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    Scrape.sum(Scrape.of(app), "fastd_requests_total", "listener", url) == 1.0);
        } finally {
            if (server[0] != null) {
                server[0].stop();
            }
            System.setErr(original);
        }
        assertThat(accessLines()).isEmpty();
    }

    private static String quote(String text) {
        return java.util.regex.Pattern.quote(text);
    }
}
