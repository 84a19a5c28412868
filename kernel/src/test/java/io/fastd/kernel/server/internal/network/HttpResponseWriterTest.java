package io.fastd.kernel.server.internal.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fastd.kernel.server.api.HttpResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The exact bytes of encoded answers: status line, the handler's headers in order, the server's
 * framing headers, the body (none for HEAD); the same bytes Netty's {@link HttpResponseEncoder}
 * wrote for the response the server built before; header injection refused naming the header only.
 */
class HttpResponseWriterTest {

    private static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

    private static String write(HttpResponse response, boolean close, boolean head) {
        ByteBuf out = HttpResponseWriter.write(ALLOC, response.status(), response.headers(), response.body(), close, head);
        try {
            return out.toString(StandardCharsets.ISO_8859_1);
        } finally {
            out.release();
        }
    }

    private static Map<String, String> headers(String... namesAndValues) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return headers;
    }

    @Test
    void aKeepAliveAnswerIsStatusLineHeadersInOrderLengthAndBody() {
        HttpResponse ok = new HttpResponse(200, headers("content-type", "text/plain; charset=utf-8", "X-Trace", "a\tb"),
                "hello".getBytes(StandardCharsets.UTF_8));
        assertThat(write(ok, false, false)).isEqualTo("HTTP/1.1 200 OK\r\ncontent-type: text/plain; charset=utf-8\r\n"
                + "X-Trace: a\tb\r\ncontent-length: 5\r\n\r\nhello");
    }

    @Test
    void anAnswerThatEndsTheConnectionSaysConnectionClose() {
        assertThat(write(HttpResponse.error(404, "no such item"), true, false)).isEqualTo("HTTP/1.1 404 Not Found\r\n"
                + "content-type: application/json; charset=utf-8\r\ncontent-length: 25\r\nconnection: close\r\n\r\n"
                + "{\"error\": \"no such item\"}");
    }

    @Test
    void aHeadAnswerHasTheBodysLengthButNoBodyAndA204HasNeither() {
        assertThat(write(HttpResponse.text(200, "twelve bytes"), false, true)).isEqualTo("HTTP/1.1 200 OK\r\n"
                + "content-type: text/plain; charset=utf-8\r\ncontent-length: 12\r\n\r\n");
        assertThat(write(new HttpResponse(204, Map.of(), new byte[0]), false, false))
                .as("no length and no body for 204").isEqualTo("HTTP/1.1 204 No Content\r\n\r\n");
    }

    @Test
    void theServerOwnsTheFramingAndTheLastOfTwoNamesEqualButForCaseWins() {
        HttpResponse framed = new HttpResponse(200, headers("Content-Length", "999", "x-a", "1", "Transfer-Encoding",
                "chunked", "CONNECTION", "keep-alive", "X-A", "2"), "ok".getBytes(StandardCharsets.UTF_8));
        assertThat(write(framed, false, false)).isEqualTo("HTTP/1.1 200 OK\r\nX-A: 2\r\ncontent-length: 2\r\n\r\nok");
    }

    @Test
    void theBytesAreThoseNettysEncoderWroteForTheResponseTheServerBuiltBefore() {
        Map<String, String> many = headers("content-type", "text/html", "cache-control", "no-store", "x-unicode", "caf\u00e9",
                "Content-Length", "7", "Connection", "upgrade");
        Map<String, String> websocket = headers("Upgrade", "websocket", "Sec-WebSocket-Version", "13");
        int[] statuses = {100, 101, 103, 200, 201, 204, 205, 299, 301, 304, 404, 418, 431, 503, 599};
        for (Map<String, String> headers : List.of(Map.<String, String>of(), many, websocket)) {
            for (int status : statuses) {
                for (boolean close : new boolean[] {false, true}) {
                    for (boolean head : new boolean[] {false, true}) {
                        HttpResponse response = new HttpResponse(status, headers, ("body " + status).getBytes(StandardCharsets.UTF_8));
                        assertThat(write(response, close, head)).as("status %d %s close %s head %s", status, headers, close,
                                head).isEqualTo(nettyEncoded(response, !close, head));
                    }
                }
            }
        }
    }

    /** What the server sent before: a DefaultFullHttpResponse with HttpUtil framing, through HttpResponseEncoder. */
    private static String nettyEncoded(HttpResponse response, boolean keepAlive, boolean head) {
        byte[] body = response.body();
        FullHttpResponse out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(response.status()),
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        response.headers().forEach((name, value) -> out.headers().set(name, value));
        out.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        HttpUtil.setKeepAlive(out, keepAlive);
        EmbeddedChannel channel = new EmbeddedChannel(new HttpResponseEncoder());
        assertThat(channel.writeOutbound(out)).isTrue();
        CompositeByteBuf all = Unpooled.compositeBuffer();
        for (ByteBuf part; (part = channel.readOutbound()) != null; ) {
            all.addComponent(true, part);
        }
        try {
            return all.toString(StandardCharsets.ISO_8859_1);
        } finally {
            all.release();
            channel.finishAndReleaseAll();
        }
    }

    @Test
    void aControlCharacterInAValueIsRefusedNamingTheHeaderNeverItsValue() {
        for (String value : new String[] {"a\r\nset-cookie: s3cret", "a\nb", "a\rb", "a\u0000b", "a\u007fb", "a\u001bb"}) {
            HttpResponse injected = new HttpResponse(200, headers("x-ok", "1", "X-Note", value), new byte[0]);
            assertThatThrownBy(() -> write(injected, false, false)).as(value).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("X-Note").hasMessageContaining("control character")
                    .hasMessageNotContaining(value).hasMessageNotContaining("s3cret");
        }
    }

    @Test
    void aNameThatIsNoTokenIsRefused() {
        for (String name : new String[] {"x note", "x:note", "x\r\nnote", "", "caf\u00e9", "x\"y"}) {
            HttpResponse bad = new HttpResponse(200, headers(name, "v"), new byte[0]);
            assertThatThrownBy(() -> write(bad, false, false)).as(name).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("response header name");
        }
        HttpResponse nullValue = new HttpResponse(200, headers("x-a", null), new byte[0]);
        assertThatThrownBy(() -> write(nullValue, false, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x-a");
    }
}
