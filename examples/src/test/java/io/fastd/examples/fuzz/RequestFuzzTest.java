package io.fastd.examples.fuzz;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.inject.AbstractModule;
import io.fastd.kernel.Application;
import io.fastd.kernel.server.Server;
import io.fastd.kernel.server.api.BadRequestException;
import io.fastd.kernel.server.api.DatagramHandler;
import io.fastd.kernel.server.api.HttpHandler;
import io.fastd.kernel.server.api.HttpResponse;
import io.fastd.kernel.server.api.Protocol;
import io.fastd.kernel.server.api.TcpHandler;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;

/**
 * Fuzzes request decoding on a live in-process server (127.0.0.1, ephemeral ports, 2 workers,
 * echo handlers, no database): fuzzed bytes as an HTTP request stream, as TCP frames, as a UDP
 * datagram. Invariants: the server answers with a well-formed response or closes the connection
 * (never hangs past the bound), and afterwards still answers a valid request on the same protocol.
 * Seeds: {@code RequestFuzzTestInputs/<method>/} beside this class.
 */
class RequestFuzzTest {

    private static final int MAX_PAYLOAD = 2048;
    private static final int WAIT_MILLIS = 5_000;
    /**
     * Jazzer's SSRF detector flags every connection in fuzzing mode (per thread): this test's go
     * to its own loopback server only.
     */
    static SilentCloseable loopbackOnly() {
        return BugDetectors.allowNetworkConnections((host, port) -> host.equals("127.0.0.1") || host.equals("localhost"));
    }

    private static final Server SERVER = start();

    /** Answers every protocol with what it got, and {@code bad} with a bad request. */
    static final class Echo implements HttpHandler, TcpHandler, DatagramHandler {
        @Override
        public HttpResponse handle(io.fastd.kernel.server.api.HttpRequest request) {
            if (request.path().equals("/bad")) {
                throw new BadRequestException("bad on purpose");
            }
            return HttpResponse.text(200, request.method() + " " + request.path() + " " + request.body().length);
        }

        @Override
        public byte[] onReceive(long connectionId, byte[] frame) {
            return frame;
        }

        @Override
        public byte[] onPacket(byte[] data, InetSocketAddress sender) {
            return data.length == 0 ? null : data;
        }
    }

    private static Server start() {
        Properties properties = new Properties();
        try {
            properties.putAll(Map.of("server.host", "udp://127.0.0.1:0",
                    "server.listeners", "http://127.0.0.1:0, tcp://127.0.0.1:0", "server.worker_num", "2",
                    "server.max_payload", Integer.toString(MAX_PAYLOAD), "server.read_timeout", "2s",
                    "server.pid_file", Files.createTempDirectory("fastd-fuzz").resolve("fuzz.pid").toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Application app = Application.builder().environment(Map.of()).systemProperties(properties).discoverProviders(false)
                .provider(new AbstractModule() {
                    @Override
                    protected void configure() {
                        bind(HttpHandler.class).to(Echo.class);
                        bind(TcpHandler.class).to(Echo.class);
                        bind(DatagramHandler.class).to(Echo.class);
                    }
                }).build();
        Server server = new Server(app, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "fuzz-server-stop"));
        return server;
    }

    private static int port(Protocol protocol) {
        return SERVER.port(protocol).orElseThrow();
    }

    @FuzzTest(maxDuration = "5s")
    void httpRequests(byte[] input) throws IOException {
        try (SilentCloseable loopback = loopbackOnly()) {
            httpRequestsOnce(input);
        }
    }

    static void httpRequestsOnce(byte[] input) throws IOException {
        try (Socket socket = connect(port(Protocol.HTTP))) {
            socket.getOutputStream().write(input);
            socket.shutdownOutput();
            byte[] answer = readToEnd(socket.getInputStream());
            if (answer.length > 0 && !new String(answer, 0, Math.min(9, answer.length), StandardCharsets.ISO_8859_1).equals("HTTP/1.1 ")) {
                throw new AssertionError("not an HTTP response: " + new String(answer, StandardCharsets.ISO_8859_1));
            }
        }
        assertHttpServes();
    }

    @FuzzTest(maxDuration = "5s")
    void tcpFrames(byte[] input) throws IOException {
        try (SilentCloseable loopback = loopbackOnly()) {
            tcpFramesOnce(input);
        }
    }

    static void tcpFramesOnce(byte[] input) throws IOException {
        try (Socket socket = connect(port(Protocol.TCP))) {
            socket.getOutputStream().write(input);
            socket.shutdownOutput();
            readToEnd(socket.getInputStream());
        }
        try (Socket socket = connect(port(Protocol.TCP))) {
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(4);
            out.write("ping".getBytes(StandardCharsets.UTF_8));
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] reply = new byte[in.readInt()];
            in.readFully(reply);
            if (!Arrays.equals(reply, "ping".getBytes(StandardCharsets.UTF_8))) {
                throw new AssertionError("TCP listener no longer echoes: " + new String(reply, StandardCharsets.UTF_8));
            }
        }
    }

    @FuzzTest(maxDuration = "5s")
    void udpDatagrams(byte[] input) throws IOException {
        try (SilentCloseable loopback = loopbackOnly()) {
            udpDatagramsOnce(input);
        }
    }

    static void udpDatagramsOnce(byte[] input) throws IOException {
        byte[] datagram = input.length > 60_000 ? Arrays.copyOf(input, 60_000) : input;
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            socket.setSoTimeout(WAIT_MILLIS);
            InetSocketAddress server = new InetSocketAddress("127.0.0.1", port(Protocol.UDP));
            socket.send(new DatagramPacket(datagram, datagram.length, server));
            if (datagram.length > 0 && datagram.length <= MAX_PAYLOAD) {
                byte[] reply = receive(socket);
                if (!Arrays.equals(reply, datagram)) {
                    throw new AssertionError("UDP echo differs: " + reply.length + " bytes for " + datagram.length);
                }
            }
            byte[] probe = "probe".getBytes(StandardCharsets.UTF_8);
            socket.send(new DatagramPacket(probe, probe.length, server));
            if (!Arrays.equals(receive(socket), probe)) {
                throw new AssertionError("UDP listener no longer echoes");
            }
        }
    }

    private static byte[] receive(DatagramSocket socket) throws IOException {
        byte[] buffer = new byte[65_536];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        socket.receive(packet);
        return Arrays.copyOf(packet.getData(), packet.getLength());
    }

    private static void assertHttpServes() throws IOException {
        try (Socket socket = connect(port(Protocol.HTTP))) {
            socket.getOutputStream().write("GET /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            String answer = new String(readToEnd(socket.getInputStream()), StandardCharsets.ISO_8859_1);
            if (!answer.startsWith("HTTP/1.1 200") || !answer.endsWith("GET /ok 0")) {
                throw new AssertionError("HTTP listener no longer serves: " + answer);
            }
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), WAIT_MILLIS);
        socket.setSoTimeout(WAIT_MILLIS);
        return socket;
    }

    /** Reads until the server closes; a server that neither answers nor closes within the bound is a finding. */
    private static byte[] readToEnd(InputStream in) throws IOException {
        try {
            return in.readAllBytes();
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server neither answered nor closed within " + WAIT_MILLIS + " ms", e);
        } catch (java.net.SocketException e) {
            if (String.valueOf(e.getMessage()).contains("reset")) {
                return new byte[0];
            }
            throw e;
        }
    }
}
