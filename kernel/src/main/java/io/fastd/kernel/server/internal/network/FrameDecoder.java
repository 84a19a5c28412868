package io.fastd.kernel.server.internal.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/**
 * TCP frames: a 4-byte big-endian length, then that many payload bytes, at most
 * {@code maxPayload} (the prefix is not counted: a frame of exactly {@code maxPayload} bytes
 * passes, one byte more is too long). Tells the connection's {@link Deadlines} when a frame is
 * in progress: from its first byte until it is complete.
 */
final class FrameDecoder extends LengthFieldBasedFrameDecoder implements Deadlines.Phase {

    private static final int PREFIX = 4;

    private int phase = BETWEEN;
    private long phaseStart = System.nanoTime();

    FrameDecoder(int maxPayload) {
        super(maxPayload + PREFIX, 0, PREFIX, 0, PREFIX);
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        if (phase == BETWEEN && in.isReadable()) {
            phase = BODY;
            phaseStart = System.nanoTime();
        }
        Object frame = super.decode(ctx, in);
        if (frame != null) {
            phase = in.isReadable() ? BODY : BETWEEN;
            phaseStart = System.nanoTime();
        }
        return frame;
    }

    @Override
    public int phase() {
        return phase;
    }

    @Override
    public long phaseStart() {
        return phaseStart;
    }
}
