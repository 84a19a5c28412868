package io.fastd.kernel.server;

import static org.assertj.core.api.Assertions.fail;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import io.fastd.kernel.Application;
import io.fastd.kernel.worker.WorkerScoped;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Builds test servers on 127.0.0.1 with ephemeral ports, and small clients for each protocol. */
final class Harness {

    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private Harness() {
    }

    /** The standard test module: counting pools, the test handlers for every protocol. */
    static Module module(Probe probe, boolean withTasks) {
        return new AbstractModule() {
            @Override
            protected void configure() {
                bind(Probe.class).toInstance(probe);
                bind(TestPools.CountingPool.class).in(WorkerScoped.class);
                bind(HttpHandler.class).to(TestHandlers.class);
                bind(TcpHandler.class).to(TestHandlers.class);
                bind(DatagramHandler.class).to(TestHandlers.class);
                if (withTasks) {
                    bind(TestPools.TaskOnlyPool.class).in(WorkerScoped.class);
                    bind(TaskHandler.class).to(TestHandlers.Tasks.class);
                }
            }
        };
    }

    /** Config for a server on 127.0.0.1 with the given listeners; more keys in {@code extra}. */
    static Map<String, String> config(Path dir, String host, String... keyValues) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("app.version", "1.0.0");
        config.put("server.host", host);
        config.put("server.worker_num", "2");
        config.put("server.pid_file", dir.resolve("fast-d.pid").toString());
        config.put("server.shutdown_timeout", "10s");
        for (int i = 0; i < keyValues.length; i += 2) {
            config.put(keyValues[i], keyValues[i + 1]);
        }
        return config;
    }

    static Application app(Map<String, String> config, Module... modules) {
        Properties properties = new Properties();
        properties.putAll(config);
        return Application.builder().environment(Map.of()).systemProperties(properties).discoverProviders(false)
                .provider(modules).build();
    }

    /** A server whose banner goes to {@code banner}. */
    static Server server(Application app, ByteArrayOutputStream banner) {
        return new Server(app, new PrintStream(banner, true, StandardCharsets.UTF_8));
    }

    /** Polls {@code condition} until true or the deadline; fails with {@code what} otherwise. */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + TIMEOUT.toSeconds() + " s waiting for: " + what);
            }
            LockSupport.parkNanos(5_000_000);
        }
    }

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** GET http://127.0.0.1:port/path; the response. */
    static java.net.http.HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(TIMEOUT).build(), BodyHandlers.ofString());
    }

    /** A TCP client speaking 4-byte length-prefixed frames. */
    static final class FrameClient implements AutoCloseable {
        private final Socket socket;
        private final DataInputStream in;
        private final DataOutputStream out;

        FrameClient(int port) throws IOException {
            socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            in = new DataInputStream(socket.getInputStream());
            out = new DataOutputStream(socket.getOutputStream());
        }

        String call(String frame) throws IOException {
            send(frame.getBytes(StandardCharsets.UTF_8));
            return receive();
        }

        void send(byte[] frame) throws IOException {
            out.writeInt(frame.length);
            out.write(frame);
            out.flush();
        }

        /** Sends only a length prefix (announcing a frame), no body. */
        void sendLength(int length) throws IOException {
            out.writeInt(length);
            out.flush();
        }

        String receive() throws IOException {
            int length = in.readInt();
            byte[] frame = new byte[length];
            in.readFully(frame);
            return new String(frame, StandardCharsets.UTF_8);
        }

        /** True once the server closed the connection. */
        boolean closedByServer() throws IOException {
            return in.read() == -1;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Sends one datagram and waits for the reply; null if none came within {@code waitMillis}. */
    static String udp(int port, byte[] data, int waitMillis) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            socket.setSoTimeout(waitMillis);
            socket.send(new DatagramPacket(data, data.length, new InetSocketAddress("127.0.0.1", port)));
            byte[] buffer = new byte[65_536];
            DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(reply);
            } catch (java.net.SocketTimeoutException e) {
                return null;
            }
            return new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8);
        }
    }

    /** A raw HTTP/1.1 connection, to send exactly what a test wants and read responses in order. */
    static final class RawHttp implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        RawHttp(int port) throws IOException {
            socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        void write(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        /** Reads one response: "<status>\n<body>". */
        String readResponse() throws IOException {
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed; read so far: " + head);
                }
                head.append((char) b);
            }
            String[] lines = head.toString().split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            int length = 0;
            for (String line : lines) {
                if (line.toLowerCase().startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            byte[] body = in.readNBytes(length);
            return status + "\n" + new String(body, StandardCharsets.UTF_8);
        }

        boolean closedByServer() throws IOException {
            return in.read() == -1;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
