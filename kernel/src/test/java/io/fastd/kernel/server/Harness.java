package io.fastd.kernel.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import io.fastd.kernel.Application;
import io.fastd.kernel.server.api.DatagramHandler;
import io.fastd.kernel.server.api.HttpHandler;
import io.fastd.kernel.server.api.Protocol;
import io.fastd.kernel.server.api.TaskHandler;
import io.fastd.kernel.server.api.TcpHandler;
import io.fastd.kernel.worker.WorkerScoped;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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

    /**
     * A server with one HTTP listener on 127.0.0.1 (free port) answered by {@code probe}'s handlers,
     * plus {@code extra}'s bindings; its banner is discarded.
     */
    static Server probeServer(Path dir, Probe probe, Module extra, String... keyValues) {
        return server(app(config(dir, "http://127.0.0.1:0", keyValues), module(probe, false), extra),
                new ByteArrayOutputStream());
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

    /**
     * Reloads {@code server} while one client keeps sending GET /steady, and waits until traffic
     * flows again after it; returns every failed request (status or exception), in order.
     */
    static List<String> reloadUnderSteadyTraffic(Server server, int workers) throws Exception {
        int port = server.port(Protocol.HTTP).orElseThrow();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger ok = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        Thread client = new Thread(() -> {
            while (running.get()) {
                try {
                    int status = get(port, "/steady").statusCode();
                    if (status == 200) {
                        ok.incrementAndGet();
                    } else {
                        failures.add("status " + status);
                    }
                } catch (Exception e) {
                    failures.add(e.toString());
                }
            }
        }, "test-client");
        try {
            client.start();
            await("traffic flowing", () -> ok.get() > 20);
            assertThat(server.reload().get(30, TimeUnit.SECONDS)).isEqualTo("reloaded " + workers + " workers");
            int afterReload = ok.get();
            await("traffic still flowing", () -> ok.get() > afterReload + 20);
        } finally {
            running.set(false);
            client.join(TimeUnit.SECONDS.toMillis(20));
        }
        return List.copyOf(failures);
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
}
