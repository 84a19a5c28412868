package io.fastd.kernel.server;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.timeout.ReadTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP connection's frames (already unframed by the 4-byte length prefix decoder): picks the
 * connection's worker once, when it opens, and queues every frame to it, so frames of one
 * connection are handled in order by one worker. A frame over {@code server.max_payload} or a
 * corrupt length gets an {@code ERROR ...} frame and the connection is closed; an idle connection
 * is closed after {@code server.read_timeout}.
 */
final class TcpInbound extends SimpleChannelInboundHandler<ByteBuf> {

    private static final Logger log = LoggerFactory.getLogger(TcpInbound.class);
    private static final AtomicLong CONNECTIONS = new AtomicLong();

    private final Dispatcher dispatcher;
    private final long connectionId = CONNECTIONS.incrementAndGet();
    private WorkerSlot slot;

    TcpInbound(Dispatcher dispatcher) {
        this.dispatcher = requireNonNull(dispatcher, "dispatcher is null");
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        // A TCP connection always sticks to one worker, whatever the dispatch mode.
        WorkerSlot picked = dispatcher.forConnection(ctx.channel());
        slot = picked != null ? picked : dispatcher.next();
        super.channelActive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
        dispatcher.submit(slot, new FrameJob(ctx.channel(), connectionId, ByteBufUtil.getBytes(frame)));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof ReadTimeoutException) {
            log.debug("TCP connection {} idle too long; closing", ctx.channel().remoteAddress());
            ctx.close();
        } else if (cause instanceof TooLongFrameException || cause instanceof CorruptedFrameException
                || cause instanceof DecoderException) {
            log.info("TCP connection {}: {}; closing", ctx.channel().remoteAddress(), cause.getMessage());
            String reason = cause instanceof TooLongFrameException ? "frame too large" : "bad frame";
            ctx.channel().writeAndFlush(error(reason)).addListener(ChannelFutureListener.CLOSE);
        } else {
            log.debug("TCP connection {}: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }
    }

    static ByteBuf error(String reason) {
        return Unpooled.copiedBuffer("ERROR " + reason, StandardCharsets.UTF_8);
    }

    /** One frame for the connection's worker. */
    private record FrameJob(Channel channel, long connectionId, byte[] frame) implements Job {
        @Override
        public void run(HandlerSet handlers) throws Exception {
            byte[] reply = handlers.get(TcpHandler.class).onReceive(connectionId, frame);
            if (reply != null) {
                channel.writeAndFlush(Unpooled.wrappedBuffer(reply));
            }
        }

        @Override
        public void fail(Throwable error) {
            channel.writeAndFlush(error(error instanceof BadRequestException
                    ? "bad request: " + error.getMessage() : "internal error"));
        }

        @Override
        public void reject(String reason) {
            channel.writeAndFlush(error(reason));
        }
    }
}
