package io.fastd.kernel.server.internal.network;

import static java.util.Objects.requireNonNull;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Netty's aggregator, made to keep a connection's answers in order: a body over
 * {@code max_payload} becomes a {@link #TOO_LARGE} marker for the connection to answer (413) in
 * its place, where Netty would write its 413 at once, ahead of earlier answers; a
 * {@code 100 Continue} is sent only while no earlier answer is pending (otherwise the client
 * sends its body without it).
 *
 * <p>A request without a body (no {@code Content-Length}, no {@code Transfer-Encoding}, no
 * {@code Expect}), which the decoder follows at once with its empty last content, is passed on as
 * read, a plain (not full) {@link HttpRequest}, without the aggregation's buffers; where Netty's
 * aggregation would add {@code content-length: 0} to it, {@link HttpRequestConverter} does.
 */
final class HttpAggregator extends HttpObjectAggregator {

    /** Read in place of a request whose body is over the limit. */
    static final Object TOO_LARGE = new Object() {
        @Override
        public String toString() {
            return "request body too large";
        }
    };

    private final ConnectionFlow flow;
    /** A bodiless request's head, waiting for its empty last content. */
    private HttpRequest bodiless;

    HttpAggregator(int maxContentLength, ConnectionFlow flow) {
        super(maxContentLength);
        this.flow = requireNonNull(flow, "flow is null");
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) throws Exception {
        if (bodiless != null) {
            HttpRequest head = bodiless;
            bodiless = null;
            if (message == LastHttpContent.EMPTY_LAST_CONTENT) {
                ctx.fireChannelRead(head);
                return;
            }
            super.channelRead(ctx, head);
        }
        if (message instanceof HttpRequest request && !(message instanceof HttpContent) && withoutBody(request)) {
            bodiless = request;
            return;
        }
        super.channelRead(ctx, message);
    }

    /** True for a well-formed request the decoder reads no body for and that expects no 100 Continue. */
    private static boolean withoutBody(HttpRequest request) {
        HttpHeaders headers = request.headers();
        return request.decoderResult().isSuccess() && !headers.contains(HttpHeaderNames.CONTENT_LENGTH)
                && !headers.contains(HttpHeaderNames.TRANSFER_ENCODING) && !headers.contains(HttpHeaderNames.EXPECT);
    }

    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        return flow.idle() ? super.newContinueResponse(start, maxContentLength, pipeline) : null;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        ctx.fireChannelRead(TOO_LARGE);
    }
}
