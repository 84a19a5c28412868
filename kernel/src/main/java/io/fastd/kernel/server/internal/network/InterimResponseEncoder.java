package io.fastd.kernel.server.internal.network;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.netty.handler.codec.http.FullHttpResponse;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Encodes the few Netty responses the {@link HttpAggregator} writes itself ({@code 100 Continue},
 * {@code 417}, {@code 413} to an {@code Expect: 100-continue}) as HTTP/1.1 bytes: status line,
 * their headers in order, the empty line, their content. The connection's own answers are already
 * bytes ({@link HttpResponseWriter}) and pass through untouched.
 */
@ChannelHandler.Sharable
final class InterimResponseEncoder extends MessageToMessageEncoder<FullHttpResponse> {

    /** The one instance; it holds no state. */
    static final InterimResponseEncoder INSTANCE = new InterimResponseEncoder();

    private static final int CRLF = ('\r' << 8) | '\n';
    private static final int COLON_SPACE = (':' << 8) | ' ';

    private InterimResponseEncoder() {
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, FullHttpResponse response, List<Object> out) {
        ByteBuf buf = ctx.alloc().buffer(64 + response.content().readableBytes());
        buf.writeBytes(HttpResponseWriter.statusLine(response.status().code()));
        Iterator<Map.Entry<CharSequence, CharSequence>> headers = response.headers().iteratorCharSequence();
        while (headers.hasNext()) {
            Map.Entry<CharSequence, CharSequence> header = headers.next();
            buf.writeCharSequence(header.getKey(), US_ASCII);
            buf.writeShort(COLON_SPACE);
            buf.writeCharSequence(header.getValue(), US_ASCII);
            buf.writeShort(CRLF);
        }
        buf.writeShort(CRLF);
        buf.writeBytes(response.content(), response.content().readerIndex(), response.content().readableBytes());
        out.add(buf);
    }
}
