package io.fastd.kernel.server.internal.network;

import static java.util.Objects.requireNonNull;

import com.google.inject.Key;
import io.fastd.kernel.server.api.BadRequestException;
import io.fastd.kernel.server.api.TcpHandler;
import io.fastd.kernel.server.internal.manager.Dispatcher;
import io.fastd.kernel.server.internal.manager.HandlerSet;
import io.fastd.kernel.server.internal.manager.Incidents;
import io.fastd.kernel.server.internal.manager.Job;
import io.fastd.kernel.server.internal.manager.WorkerSlot;
import io.fastd.kernel.server.internal.metrics.ListenerMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP connection's frames (already unframed by {@link FrameDecoder}): picks the connection's
 * worker once, when it opens, and queues every frame to it; replies leave in frame order
 * ({@link ConnectionFlow}), an {@code ERROR ...} reply (busy, handler failure) in its frame's
 * place. A frame over {@code server.max_payload} or a corrupt length gets an
 * {@code ERROR ...} frame after the replies of the frames before it, and the connection closes;
 * so does a frame not complete within {@code server.body_timeout}, and an idle connection after
 * {@code server.read_timeout}. After the client half-closes, the frames it sent are answered, then
 * the connection closes.
 */
final class TcpInbound extends ConnectionFlow {

    private static final Logger log = LoggerFactory.getLogger(TcpInbound.class);
    private static final AtomicLong CONNECTIONS = new AtomicLong();

    /** Read in place of a frame the connection refused: answered with {@code ERROR reason}, then closed. */
    private record Failure(String reason) {
    }

    /** The event every refused frame is counted under, in {@link Incidents}. */
    static final String REFUSED = "TCP frame refused";

    private final Dispatcher dispatcher;
    private final Key<TcpHandler> handlerKey;
    private final ListenerMetrics metrics;
    private final long connectionId = CONNECTIONS.incrementAndGet();
    private WorkerSlot slot;

    TcpInbound(Dispatcher dispatcher, int maxPipelined, Key<TcpHandler> handlerKey, ListenerMetrics metrics) {
        super(maxPipelined);
        this.dispatcher = requireNonNull(dispatcher, "dispatcher is null");
        this.handlerKey = requireNonNull(handlerKey, "handlerKey is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        // A TCP connection always sticks to one worker, whatever the dispatch mode.
        WorkerSlot picked = dispatcher.forConnection(ctx.channel());
        slot = picked != null ? picked : dispatcher.next();
        super.channelActive(ctx);
    }

    @Override
    boolean endsInput(Object message) {
        return message instanceof Failure;
    }

    @Override
    void start(Object message, long seq) {
        if (message instanceof Failure failure) {
            finish(seq, error(failure.reason()), true);
            return;
        }
        ByteBuf frame = (ByteBuf) message;
        byte[] bytes;
        try {
            bytes = ByteBufUtil.getBytes(frame);
        } finally {
            frame.release();
        }
        dispatcher.submit(slot, new FrameJob(this, seq, connectionId, bytes, slot.id(), System.nanoTime()));
    }

    @Override
    void timedOut() {
        log.debug("TCP connection {}: frame not complete within server.body_timeout; closing", context().channel().remoteAddress());
        dispatcher.incidents().record(REFUSED, "frame not complete within server.body_timeout", null);
        failInput(new Failure("frame not complete in time"));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException || cause instanceof CorruptedFrameException
                || cause instanceof DecoderException) {
            String reason = cause instanceof TooLongFrameException ? "frame longer than server.max_payload" : "bad frame";
            log.debug("TCP connection {}: {}; closing", ctx.channel().remoteAddress(), cause.getMessage());
            dispatcher.incidents().record(REFUSED, reason, null);
            failInput(new Failure(cause instanceof TooLongFrameException ? "frame too large" : "bad frame"));
        } else {
            log.debug("TCP connection {}: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }
    }

    static ByteBuf error(String reason) {
        return Unpooled.copiedBuffer("ERROR " + reason, StandardCharsets.UTF_8);
    }

    /**
     * One frame for the connection's worker; its reply goes back to the connection's place
     * {@code seq}, and is counted (and access-logged) for {@code worker}, timed from {@code startNanos}.
     */
    private record FrameJob(TcpInbound connection, long seq, long connectionId, byte[] frame, int worker,
                            long startNanos) implements Job {
        @Override
        public void run(HandlerSet handlers) throws Exception {
            byte[] reply = handlers.get(connection.handlerKey).onReceive(connectionId, frame);
            connection.finish(seq, reply != null ? Unpooled.wrappedBuffer(reply) : NO_REPLY, false);
            connection.metrics.frame(worker, startNanos, true, frame.length, reply == null ? 0 : reply.length);
        }

        @Override
        public void fail(Throwable error) {
            answer(error(error instanceof BadRequestException ? "bad request: " + error.getMessage() : "internal error"),
                    false, true);
        }

        @Override
        public void reject(String reason) {
            answer(error(reason), Dispatcher.STOPPING.equals(reason), false);
        }

        private void answer(ByteBuf reply, boolean close, boolean ran) {
            int bytes = reply.readableBytes();
            connection.finish(seq, reply, close);
            connection.metrics.frame(worker, startNanos, ran, frame.length, bytes);
        }
    }
}
