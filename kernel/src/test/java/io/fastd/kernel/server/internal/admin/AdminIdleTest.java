package io.fastd.kernel.server.internal.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.timeout.IdleStateEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * An idle admin connection is closed, but not while one of its requests waits for its answer: a
 * reload may take longer than the idle time, and its caller must still get the answer.
 */
class AdminIdleTest {

    private static final String TOKEN = "0123456789abcdef0123456789abcdef";

    /** A server whose reload finishes only when the test says so. */
    private static final class SlowReload implements AdminTarget {
        final CompletableFuture<String> reload = new CompletableFuture<>();

        @Override
        public long pid() {
            return 1;
        }

        @Override
        public String nonce() {
            return "nonce";
        }

        @Override
        public String statusText() {
            return "";
        }

        @Override
        public String statusJson() {
            return "{}";
        }

        @Override
        public Readiness readiness() {
            return new Readiness(true, "{\"status\":\"UP\"}");
        }

        @Override
        public String metrics() {
            return "";
        }

        @Override
        public CompletableFuture<String> reload() {
            return reload;
        }

        @Override
        public void stop() {
            throw new AssertionError("not asked to stop");
        }
    }

    @Test
    void anIdleConnectionIsClosedOnlyOnceItsRequestsAreAnswered() {
        SlowReload server = new SlowReload();
        EmbeddedChannel channel = new EmbeddedChannel(AdminHttp.handlers(new AdminRoutes(server, TOKEN)));
        channel.writeInbound(Unpooled.copiedBuffer("POST /reload HTTP/1.1\r\nhost: x\r\nauthorization: Bearer " + TOKEN
                + "\r\ncontent-length: 0\r\n\r\n", StandardCharsets.US_ASCII));

        channel.pipeline().fireUserEventTriggered(IdleStateEvent.FIRST_READER_IDLE_STATE_EVENT);
        channel.runPendingTasks();
        assertThat(channel.isOpen()).as("open while the reload runs").isTrue();

        server.reload.complete("reloaded 2 workers");
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            channel.runPendingTasks();
            return !channel.outboundMessages().isEmpty();
        });
        ByteBuf answer = channel.readOutbound();
        assertThat(answer.toString(StandardCharsets.UTF_8)).startsWith("HTTP/1.1 200 OK")
                .endsWith("{\"result\":\"reloaded 2 workers\"}");
        answer.release();
        assertThat(channel.isOpen()).as("kept alive after the answer").isTrue();

        channel.pipeline().fireUserEventTriggered(IdleStateEvent.READER_IDLE_STATE_EVENT);
        assertThat(channel.isOpen()).as("closed when idle with nothing due").isFalse();
    }
}
