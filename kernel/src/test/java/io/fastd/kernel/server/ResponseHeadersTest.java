package io.fastd.kernel.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.inject.AbstractModule;
import io.fastd.kernel.server.api.HttpHandler;
import io.fastd.kernel.server.api.HttpRequest;
import io.fastd.kernel.server.api.HttpResponse;
import io.fastd.kernel.server.api.Protocol;
import io.fastd.kernel.testing.RawHttp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A handler's response headers on the wire: a value with CR LF is never sent (the request is
 * answered 500, nothing injected, the value never logged, the connection kept); a handler's own
 * framing headers never reach the wire; the aggregator's {@code 100 Continue} is still encoded.
 */
@Timeout(60)
class ResponseHeadersTest {

    /** Answers {@code /inject} with a header whose value would inject one, {@code /framing} with its own framing. */
    static final class HeaderHandler implements HttpHandler {
        @Override
        public HttpResponse handle(HttpRequest request) {
            Map<String, String> headers = new LinkedHashMap<>();
            switch (request.path()) {
                case "/inject" -> headers.put("x-note", "fine\r\nset-cookie: session=pwned");
                case "/framing" -> {
                    headers.put("Content-Length", "999");
                    headers.put("Transfer-Encoding", "chunked");
                    headers.put("Connection", "close");
                }
                default -> headers.put("x-note", "fine");
            }
            return new HttpResponse(200, headers, ("path=" + request.path() + " body=" + request.bodyText())
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    @TempDir
    Path dir;

    private Server start() {
        return Harness.server(Harness.app(Harness.config(dir, "http://127.0.0.1:0"), new AbstractModule() {
            @Override
            protected void configure() {
                bind(HttpHandler.class).to(HeaderHandler.class);
            }
        }), new ByteArrayOutputStream()).start();
    }

    @Test
    void aHeaderValueWithCrLfIsAnswered500WithNothingInjectedAndNeverLogged() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream original = System.err;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        Server server = start();
        try (RawHttp http = new RawHttp(server.port(Protocol.HTTP).orElseThrow())) {
            http.write("HEAD /inject HTTP/1.1\r\nHost: x\r\n\r\nGET /after HTTP/1.1\r\nHost: x\r\n\r\n");
            String head = http.readHead(); // HEAD: the answer is its head only
            assertThat(head).startsWith("HTTP/1.1 500 Internal Server Error\r\n").doesNotContainIgnoringCase("set-cookie")
                    .doesNotContain("pwned").doesNotContain("x-note");
            assertThat(http.readResponse()).as("the connection is kept").isEqualTo("200\npath=/after body=");
            await().atMost(Duration.ofSeconds(20)).until(() -> server.status().incidents().keySet().stream()
                    .anyMatch(cause -> cause.contains("IllegalArgumentException")));
            synchronized (log) {
                assertThat(log.toString(StandardCharsets.UTF_8)).contains("x-note").doesNotContain("pwned");
            }
        } finally {
            System.setErr(original);
            server.stop();
        }
    }

    @Test
    void aHandlersOwnFramingHeadersNeverReachTheWire() throws Exception {
        Server server = start();
        try (RawHttp http = new RawHttp(server.port(Protocol.HTTP).orElseThrow())) {
            http.write("HEAD /framing HTTP/1.1\r\nHost: x\r\n\r\nGET /framing HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /after HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(http.readHead()).isEqualTo("HTTP/1.1 200 OK\r\ncontent-length: 19\r\n\r\n");
            assertThat(http.readResponse()).isEqualTo("200\npath=/framing body=");
            assertThat(http.readResponse()).as("the connection is kept").isEqualTo("200\npath=/after body=");
        } finally {
            server.stop();
        }
    }

    @Test
    void anExpectedContinueIsStillSentAsHttpBytes() throws Exception {
        Server server = start();
        try (RawHttp http = new RawHttp(server.port(Protocol.HTTP).orElseThrow())) {
            http.write("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n");
            assertThat(http.readHead()).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
            http.write("abc");
            assertThat(http.readResponse()).isEqualTo("200\npath=/upload body=abc");
        } finally {
            server.stop();
        }
    }
}
