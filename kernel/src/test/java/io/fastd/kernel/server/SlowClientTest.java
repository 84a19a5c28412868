package io.fastd.kernel.server;

import static io.fastd.kernel.server.Harness.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.fastd.kernel.server.api.Protocol;
import io.fastd.kernel.testing.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slow and greedy clients over raw sockets: head and body deadlines cut a client that trickles
 * bytes (which idle time alone never would), {@code max_connections} closes connections beyond
 * it at once, and TCP frames are limited by their payload and answered after a half-close.
 */
@Timeout(90)
class SlowClientTest {

    @TempDir
    Path dir;

    private final Probe probe = new Probe();
    private Server server;
    private final List<Socket> sockets = new ArrayList<>();
    private final ScheduledExecutorService drip = Executors.newSingleThreadScheduledExecutor();

    private Server start(String host, String... extra) {
        server = Harness.server(Harness.app(Harness.config(dir, host, extra), Harness.module(probe, false)),
                new ByteArrayOutputStream()).start();
        return server;
    }

    @AfterEach
    void stop() throws IOException {
        drip.shutdownNow();
        for (Socket socket : sockets) {
            socket.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    private Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(20_000);
        sockets.add(socket);
        return socket;
    }

    /** Writes one byte of {@code text} every 50 ms (pacing a slow client, not a wait) until the socket fails. */
    private void trickle(Socket socket, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        int[] next = {0};
        drip.scheduleWithFixedDelay(() -> {
            try {
                socket.getOutputStream().write(bytes[next[0]++ % bytes.length]);
            } catch (IOException e) {
                throw new IllegalStateException("closed", e); // ends this trickle
            }
        }, 0, 50, TimeUnit.MILLISECONDS);
    }

    private static String readAll(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (SocketException e) {
            return "reset: " + e.getMessage();
        }
    }

    @Test
    void aHeadTrickledByteByByteIsCutAtTheHeaderDeadlineWithA408() throws Exception {
        int port = start("http://127.0.0.1:0", "server.read_timeout", "30s", "server.header_timeout", "500ms")
                .port(Protocol.HTTP).orElseThrow();
        Socket slow = connect(port);
        trickle(slow, "GET /slow HTTP/1.1\r\nX-Long: " + "a".repeat(100_000));
        String answer = readAll(slow);
        assertThat(answer).startsWith("HTTP/1.1 408 Request Timeout\r\n")
                .endsWith("{\"error\": \"request not complete within its deadline\"}");
        assertThat(probe.handled).isEmpty();
        assertThat(server.status().incidents()).containsEntry("HTTP request refused: 408 deadline", 1L);
    }

    @Test
    void aBodyTrickledByteByByteIsCutAtTheBodyDeadline() throws Exception {
        int port = start("http://127.0.0.1:0", "server.read_timeout", "30s", "server.body_timeout", "500ms")
                .port(Protocol.HTTP).orElseThrow();
        Socket slow = connect(port);
        slow.getOutputStream().write("POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        trickle(slow, "b");
        assertThat(readAll(slow)).startsWith("HTTP/1.1 408 Request Timeout\r\n");
        assertThat(probe.handled).isEmpty();
    }

    @Test
    void aTcpFrameTrickledByteByByteIsCutAtTheBodyDeadline() throws Exception {
        int port = start("tcp://127.0.0.1:0", "server.read_timeout", "30s", "server.body_timeout", "500ms")
                .port(Protocol.TCP).orElseThrow();
        Socket slow = connect(port);
        new DataOutputStream(slow.getOutputStream()).writeInt(1000);
        trickle(slow, "f");
        DataInputStream in = new DataInputStream(slow.getInputStream());
        byte[] reply = new byte[in.readInt()];
        in.readFully(reply);
        assertThat(new String(reply, StandardCharsets.UTF_8)).isEqualTo("ERROR frame not complete in time");
        assertThat(in.read()).isEqualTo(-1);
    }

    @Test
    void hundredsOfSlowConnectionsDoNotStopOthersAndConnectionsBeyondTheLimitAreClosedAtOnce() throws Exception {
        int port = start("http://127.0.0.1:0", "server.max_connections", "301", "server.header_timeout", "60s")
                .port(Protocol.HTTP).orElseThrow();
        List<Socket> slow = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Socket socket = connect(port);
            socket.getOutputStream().write("GET /slowloris HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.ISO_8859_1));
            slow.add(socket);
        }
        try (RawHttp normal = new RawHttp(port)) {
            for (int i = 0; i < 20; i++) {
                normal.write("GET /normal" + i + " HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(normal.readResponse()).endsWith("path=/normal" + i);
            }
            // 300 slow + this one = the limit: the next connections are closed without an answer.
            for (int i = 0; i < 5; i++) {
                assertThat(answerBeyondTheLimit(port)).doesNotContain("HTTP/1.1");
            }
            // Each was closed by the server, so each was counted; read the count as the I/O thread left it.
            await("5 connections refused", () -> server.refusedConnections() == 5);
            assertThat(server.status().incidents())
                    .containsEntry("connection refused: server.max_connections=301 are open", 5L);
            normal.write("GET /still HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(normal.readResponse()).endsWith("path=/still");
        }
        assertThat(probe.handled).doesNotContain("/beyond", "/slowloris");
        // A slot freed by a closed connection is taken again.
        slow.get(0).close();
        await("a new connection admitted", () -> {
            try (RawHttp again = new RawHttp(port, 5_000)) {
                again.write("GET /again HTTP/1.1\r\nHost: x\r\n\r\n");
                String answer = again.readResponse();
                return answer != null && answer.endsWith("path=/again");
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** What a connection beyond the limit gets: nothing, or the reset (at connect, write or read). */
    private String answerBeyondTheLimit(int port) {
        try (Socket beyond = new Socket()) {
            beyond.connect(new InetSocketAddress("127.0.0.1", port), 30_000);
            beyond.setSoTimeout(20_000);
            beyond.getOutputStream().write("GET /beyond HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            return readAll(beyond);
        } catch (IOException e) {
            return "reset: " + e.getMessage();
        }
    }

    @Test
    void aTcpFrameOfExactlyMaxPayloadPassesAndOneByteMoreIsRefused() throws Exception {
        int port = start("tcp://127.0.0.1:0", "server.max_payload", "1024").port(Protocol.TCP).orElseThrow();
        try (var tcp = new Harness.FrameClient(port)) {
            tcp.send(new byte[1024]);
            assertThat(tcp.receive()).startsWith("worker=");
            tcp.send(new byte[1025]);
            assertThat(tcp.receive()).isEqualTo("ERROR frame too large");
            assertThat(tcp.closedByServer()).isTrue();
        }
    }

    @Test
    void completeFramesAreAnsweredAfterTheClientHalfCloses() throws Exception {
        int port = start("tcp://127.0.0.1:0").port(Protocol.TCP).orElseThrow();
        Socket socket = connect(port);
        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
        for (String frame : List.of("one", "two", "three")) {
            out.writeInt(frame.length());
            out.write(frame.getBytes(StandardCharsets.UTF_8));
        }
        out.flush();
        socket.shutdownOutput();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        for (int i = 0; i < 3; i++) {
            byte[] reply = new byte[in.readInt()];
            in.readFully(reply);
            assertThat(new String(reply, StandardCharsets.UTF_8)).startsWith("worker=");
        }
        assertThat(in.read()).as("closed after the last answer").isEqualTo(-1);
    }

    @Test
    void aPipelinedHttpRequestIsAnsweredAfterTheClientHalfCloses() throws Exception {
        int port = start("http://127.0.0.1:0").port(Protocol.HTTP).orElseThrow();
        Socket socket = connect(port);
        socket.getOutputStream().write("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        socket.shutdownOutput();
        String all = readAll(socket);
        assertThat(all).contains("path=/a").contains("path=/b");
        assertThat(all.indexOf("path=/a")).isLessThan(all.indexOf("path=/b"));
    }
}
