package io.fastd.kernel.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Inject;
import com.google.inject.Module;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.Multibinder;
import io.fastd.kernel.server.api.protocol.ListenerProtocol;
import io.fastd.kernel.server.shoutproto.ShoutHandler;
import io.fastd.kernel.server.shoutproto.ShoutProtocol;
import io.fastd.kernel.worker.WorkerContext;
import io.fastd.kernel.worker.WorkerScoped;
import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A provider's datagram protocol ({@code shout://}, through the API only) is served by the
 * workers' handlers in both server modes: each datagram answered once, to its sender, a handler's
 * failure answered by the protocol's own failure reply.
 */
@Timeout(60)
class DatagramProtocolTest {

    @TempDir
    Path dir;

    private Server server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
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
        server = Harness.server(Harness.app(Harness.config(dir, "shout://127.0.0.1:0", "server.mode", mode),
                shoutProvider()), new ByteArrayOutputStream()).start();
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
        for (int i = 0; i < 10; i++) {
            if (i != 5) {
                int n = i;
                assertThat(answers).anySatisfy(answer -> assertThat(answer).matches("HELLO-" + n + " worker=[01]"));
            }
        }
    }
}
