package io.fastd.kernel.server.internal.network;

import static java.util.Objects.requireNonNull;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;

/**
 * Netty's aggregator, made to keep a connection's answers in order: a body over
 * {@code max_payload} becomes a {@link #TOO_LARGE} marker for the connection to answer (413) in
 * its place, where Netty would write its 413 at once, ahead of earlier answers; a
 * {@code 100 Continue} is sent only while no earlier answer is pending (otherwise the client
 * sends its body without it).
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

    HttpAggregator(int maxContentLength, ConnectionFlow flow) {
        super(maxContentLength);
        this.flow = requireNonNull(flow, "flow is null");
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
