package io.fastd.kernel.server.internal.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.fastd.kernel.server.api.HttpRequest;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The handler sees the same {@link HttpRequest} as before the allocation cuts: the bytes of a
 * request go through {@link StrictHttpDecoder} and {@link HttpAggregator} (a bodiless request
 * passed on as read) into {@link HttpRequestConverter}, and through the decoder, Netty's own
 * aggregator and the former conversion (query decoder, a map of lists per lower-cased name).
 */
class HttpRequestConverterTest {

    private static final String[] REQUESTS = {
        "GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        "HEAD /head HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /items?id=1&id=2&name=a%20b HTTP/1.1\r\nHost: x\r\nAccept: a\r\nACCEPT: b\r\naccept: c\r\nX-Mixed: 1\r\n\r\n",
        "GET /caf%C3%A9/x+y HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /frag#part HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET http://example.com/abs?q HTTP/1.1\r\nHost: example.com\r\nConnection: keep-alive\r\n\r\n",
        "GET / HTTP/1.0\r\n\r\n",
        "GET /zero HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n",
        "POST /body HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello",
        "POST /chunked HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
        "POST /empty-chunked HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        manyHeaders(40),
        manyHeaders(RequestHeaders.MAX_NAMES - 1),
        manyHeaders(RequestHeaders.MAX_NAMES),
    };

    private static String manyHeaders(int names) {
        StringBuilder request = new StringBuilder("GET /many HTTP/1.1\r\n");
        for (int i = 0; i < names; i++) {
            request.append("X-H").append(i % (names / 2 + 1)).append(": v").append(i).append("\r\n");
        }
        return request.append("\r\n").toString();
    }

    @Test
    void everyRequestConvertsToWhatTheFormerPathMade() {
        for (String request : REQUESTS) {
            HttpRequest now = convertedNow(request);
            HttpRequest before = convertedBefore(request);
            assertThat(now).as(request).isEqualTo(before);
            assertThat(now.headers().toString()).as(request).isEqualTo(before.headers().toString());
            assertThat(now.query().toString()).as(request).isEqualTo(before.query().toString());
        }
    }

    @Test
    void aBodilessRequestIsPassedOnAsReadAndStillShowsContentLengthZero() {
        EmbeddedChannel channel = new EmbeddedChannel(new StrictHttpDecoder(), new HttpAggregator(1024, flow()));
        channel.writeInbound(Unpooled.copiedBuffer("GET /ping HTTP/1.1\r\nHost: x\r\n\r\n", StandardCharsets.US_ASCII));
        Object read = channel.readInbound();
        assertThat(read).isInstanceOf(io.netty.handler.codec.http.HttpRequest.class).isNotInstanceOf(FullHttpRequest.class);
        assertThat(HttpRequestConverter.convert((io.netty.handler.codec.http.HttpRequest) read).headers())
                .containsEntry("content-length", List.of("0")).containsEntry("host", List.of("x"));
        assertThat((Object) channel.readInbound()).as("its empty last content is not passed on").isNull();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    private static HttpRequest convertedNow(String request) {
        EmbeddedChannel channel = new EmbeddedChannel(new StrictHttpDecoder(), new HttpAggregator(1024, flow()));
        Object read = readOne(channel, request);
        try {
            return HttpRequestConverter.convert((io.netty.handler.codec.http.HttpRequest) read);
        } finally {
            io.netty.util.ReferenceCountUtil.release(read);
            channel.finishAndReleaseAll();
        }
    }

    private static HttpRequest convertedBefore(String request) {
        EmbeddedChannel channel = new EmbeddedChannel(new StrictHttpDecoder(), new HttpObjectAggregator(1024));
        FullHttpRequest read = (FullHttpRequest) readOne(channel, request);
        try {
            QueryStringDecoder uri = new QueryStringDecoder(read.uri());
            Map<String, List<String>> headers = new HashMap<>();
            for (var header : read.headers()) {
                headers.computeIfAbsent(header.getKey().toLowerCase(Locale.ROOT), name -> new ArrayList<>(1))
                        .add(header.getValue());
            }
            return new HttpRequest(read.method().name(), uri.path(), uri.parameters(), headers,
                    ByteBufUtil.getBytes(read.content()));
        } finally {
            read.release();
            channel.finishAndReleaseAll();
        }
    }

    private static Object readOne(EmbeddedChannel channel, String request) {
        channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.ISO_8859_1));
        Object read = channel.readInbound();
        assertThat(read).as(request).isInstanceOf(io.netty.handler.codec.http.HttpRequest.class);
        assertThat(((io.netty.handler.codec.http.HttpRequest) read).decoderResult().isSuccess()).as(request).isTrue();
        return read;
    }

    /** The aggregator asks its connection only whether it is idle (for 100 Continue). */
    private static ConnectionFlow flow() {
        return new ConnectionFlow(1) {
            @Override
            void start(Object message, long seq) {
                throw new AssertionError("not started here");
            }

            @Override
            boolean endsInput(Object message) {
                return false;
            }

            @Override
            void timedOut() {
            }
        };
    }
}
