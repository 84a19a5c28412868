package io.fastd.kernel.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.name.Names;
import io.fastd.kernel.Application;
import io.fastd.kernel.server.api.HttpHandler;
import io.fastd.kernel.server.api.HttpResponse;
import io.fastd.kernel.server.api.protocol.ListenerProtocol;
import io.fastd.kernel.server.api.ServerStartException;
import io.fastd.kernel.server.lineproto.LineHandler;
import io.fastd.kernel.server.lineproto.LineProtocol;
import io.fastd.kernel.server.shoutproto.ShoutHandler;
import io.fastd.kernel.server.shoutproto.ShoutProtocol;
import io.fastd.kernel.worker.WorkerContext;
import io.fastd.kernel.worker.WorkerScoped;
import com.google.inject.Inject;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Listener protocols are bindings: a provider's {@code line://} stream protocol and its
 * {@code shout://} datagram protocol serve over real sockets in both server modes, each listener names its handler, and unknown schemes and handler names
 * fail the start naming the listener.
 */
@Timeout(60)
class ListenerProtocolTest {

    @TempDir
    Path dir;

    private Server server;
    private Application app;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** Answers with the worker that read the line, from that worker's scope. */
    @WorkerScoped
    static final class WorkerLines implements LineHandler {
        private final WorkerContext worker;

        @Inject
        WorkerLines(WorkerContext worker) {
            this.worker = worker;
        }

        @Override
        public String onLine(String line) {
            if (line.equals("boom")) {
                throw new IllegalStateException("boom");
            }
            return "worker=" + worker.id() + " " + line;
        }
    }

    static Module lineProvider() {
        return new AbstractModule() {
            @Override
            protected void configure() {
                Multibinder.newSetBinder(binder(), new TypeLiteral<ListenerProtocol<?>>() { })
                        .addBinding().to(LineProtocol.class);
                bind(LineHandler.class).to(WorkerLines.class);
            }
        };
    }

    private Server start(String host, Module module, String... keyValues) {
        app = Harness.app(Harness.config(dir, host, keyValues), module);
        server = Harness.server(app, new ByteArrayOutputStream());
        return server.start();
    }

    @ParameterizedTest
    @ValueSource(strings = {"process", "base"})
    void aProvidersProtocolAnswersInOrderFromTheWorkersHandlers(String mode) throws Exception {
        start("line://127.0.0.1:0", lineProvider(), "server.mode", mode, "server.max_pipelined", "4");
        int port = server.port("line").orElseThrow();
        assertThat(server.status().render()).contains("line://127.0.0.1:" + port);

        StringBuilder request = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            request.append(i == 20 ? "boom" : "line-" + i).append('\n');
        }
        List<String> answers = new ArrayList<>();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            for (int i = 0; i < 40; i++) {
                answers.add(in.readLine());
            }
        }
        Set<String> workers = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            if (i == 20) {
                assertThat(answers.get(i)).isEqualTo("ERROR internal error");
                continue;
            }
            assertThat(answers.get(i)).matches("worker=[01] line-" + i);
            workers.add(answers.get(i).substring(0, "worker=0".length()));
        }
        String url = "line://127.0.0.1:" + port;
        // Counted once its answer is handed back: poll until all 40 (the failed one included) are.
        Awaitility.await("fastd_requests_total of " + url).atMost(Duration.ofSeconds(20))
                .until(() -> Scrape.sum(Scrape.of(app), "fastd_requests_total", "listener", url) == 40.0);
        assertThat(Scrape.sum(Scrape.of(app), "fastd_request_duration_seconds_count", "listener", url)).isEqualTo(40.0);
        assertThat(Scrape.sum(Scrape.of(app), "fastd_requests_rejected_total", "listener", url)).isEqualTo(0.0);
        if (mode.equals("base")) {
            assertThat(workers).as("a connection stays on the worker whose loop reads it").hasSize(1);
        } else {
            assertThat(workers).as("round_robin spreads one connection's lines").hasSize(2);
        }
    }

    private static Module namedHttpHandlers() {
        return new AbstractModule() {
            @Override
            protected void configure() {
                bind(HttpHandler.class).annotatedWith(Names.named("a")).toInstance(request -> HttpResponse.text(200, "a"));
                bind(HttpHandler.class).annotatedWith(Names.named("b")).toInstance(request -> HttpResponse.text(200, "b"));
            }
        };
    }

    @Test
    void twoHttpListenersServeTheirOwnNamedHandlers() throws Exception {
        start("http://127.0.0.1:0?handler=a", namedHttpHandlers(), "server.listeners", "http://127.0.0.1:0?handler=b");
        List<Listener> listeners = server.listeners();
        assertThat(listeners).extracting(Listener::handler).containsExactly(Optional.of("a"), Optional.of("b"));
        assertThat(listeners.get(1).url()).isEqualTo("http://127.0.0.1:" + listeners.get(1).port() + "?handler=b");
        assertThat(Harness.get(listeners.get(0).port(), "/").body()).isEqualTo("a");
        assertThat(Harness.get(listeners.get(1).port(), "/").body()).isEqualTo("b");
        assertThat(server.status().render()).contains("http://127.0.0.1:" + listeners.get(1).port() + "?handler=b");
    }

    @Test
    void anUnknownSchemeAndAnUnboundHandlerNameAreReportedTogether() {
        server = Harness.server(Harness.app(Harness.config(dir, "line://127.0.0.1:0", "server.listeners",
                "http://127.0.0.1:0?handler=c"), namedHttpHandlers()), new ByteArrayOutputStream());

        assertThatThrownBy(server::start).isInstanceOf(ServerStartException.class)
                .satisfies(e -> assertThat(((ServerStartException) e).causes()).containsExactly(
                        "listener line://127.0.0.1:0: no listener protocol is bound for scheme 'line'"
                                + " (schemes bound: http, tcp, udp)",
                        "listener http://127.0.0.1:0?handler=c needs a io.fastd.kernel.server.api.HttpHandler"
                                + " annotated @Named(\"c\") bound (bind one in a service provider)"));
        assertThat(server.state()).isEqualTo(Server.State.FAILED);
    }

    @Test
    void aSchemeBoundTwiceFailsTheStart() {
        Module twice = new AbstractModule() {
            @Override
            protected void configure() {
                Multibinder.newSetBinder(binder(), new TypeLiteral<ListenerProtocol<?>>() { })
                        .addBinding().toInstance(new LineProtocol("http"));
            }
        };
        server = Harness.server(Harness.app(Harness.config(dir, "http://127.0.0.1:0?handler=a"), namedHttpHandlers(), twice),
                new ByteArrayOutputStream());

        assertThatThrownBy(server::start).isInstanceOf(ServerStartException.class)
                .satisfies(e -> assertThat(((ServerStartException) e).causes()).singleElement().asString()
                        .startsWith("listener protocol scheme 'http' is bound twice: by "
                                + "io.fastd.kernel.server.internal.network.HttpProtocol and by "));
    }

    /** Shouts back, naming the worker whose scope it was resolved in. */
    @WorkerScoped
    static final class WorkerShouts implements ShoutHandler {
        private final WorkerContext worker;

        @Inject
        WorkerShouts(WorkerContext worker) {
            this.worker = worker;
        }

        @Override
        public String shout(String text) {
            if (text.equals("boom")) {
                throw new IllegalStateException("no voice left");
            }
            return text.toUpperCase(Locale.ROOT) + " worker=" + worker.id();
        }
    }

    private static Module shoutProvider() {
        return new AbstractModule() {
            @Override
            protected void configure() {
                Multibinder.newSetBinder(binder(), new TypeLiteral<ListenerProtocol<?>>() { })
                        .addBinding().to(ShoutProtocol.class);
                bind(ShoutHandler.class).to(WorkerShouts.class);
            }
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"process", "base"})
    void eachDatagramIsAnsweredOnceToItsSenderByAWorkersHandler(String mode) throws Exception {
        start("shout://127.0.0.1:0", shoutProvider(), "server.mode", mode);
        int port = server.port("shout").orElseThrow();
        assertThat(server.listeners()).singleElement()
                .satisfies(listener -> assertThat(listener.url()).isEqualTo("shout://127.0.0.1:" + port));

        Set<String> answers = new HashSet<>();
        try (DatagramSocket client = new DatagramSocket()) {
            client.setSoTimeout(10_000);
            InetSocketAddress target = new InetSocketAddress("127.0.0.1", port);
            for (int i = 0; i < 10; i++) {
                byte[] text = (i == 5 ? "boom" : "hello-" + i).getBytes(StandardCharsets.UTF_8);
                client.send(new DatagramPacket(text, text.length, target));
                byte[] buffer = new byte[256];
                DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
                client.receive(reply);
                answers.add(new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8));
            }
        }
        assertThat(answers).hasSize(10).contains("ERROR no voice left");
        String url = "shout://127.0.0.1:" + port;
        Awaitility.await("fastd_requests_total of " + url).atMost(Duration.ofSeconds(20))
                .until(() -> Scrape.sum(Scrape.of(app), "fastd_requests_total", "listener", url) == 10.0);
        assertThat(Scrape.sum(Scrape.of(app), "fastd_request_duration_seconds_count", "listener", url)).isEqualTo(10.0);
        for (int i = 0; i < 10; i++) {
            if (i != 5) {
                int n = i;
                assertThat(answers).anySatisfy(answer -> assertThat(answer).matches("HELLO-" + n + " worker=[01]"));
            }
        }
    }
}
