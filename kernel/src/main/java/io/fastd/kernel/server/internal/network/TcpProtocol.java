package io.fastd.kernel.server.internal.network;

import io.fastd.kernel.server.api.protocol.ListenerContext;
import io.fastd.kernel.server.api.protocol.ListenerProtocol;
import io.fastd.kernel.server.api.ServerSettings;
import io.fastd.kernel.server.api.TcpHandler;
import io.netty.channel.Channel;
import io.netty.handler.codec.LengthFieldPrepender;

/**
 * {@code tcp}: frames with a 4-byte big-endian length prefix in both directions
 * ({@link FrameDecoder}/{@link LengthFieldPrepender}), {@link TcpInbound}.
 */
final class TcpProtocol implements ListenerProtocol<TcpHandler> {

    @Override
    public String scheme() {
        return "tcp";
    }

    @Override
    public boolean datagram() {
        return false;
    }

    @Override
    public Class<TcpHandler> handlerType() {
        return TcpHandler.class;
    }

    @Override
    public void initialize(Channel channel, ListenerContext<TcpHandler> context) {
        ListenerWiring<TcpHandler> wiring = ListenerWiring.of(context);
        ServerSettings settings = context.settings();
        FrameDecoder frames = new FrameDecoder(settings.maxPayload());
        TcpInbound inbound = new TcpInbound(wiring.dispatcher(), settings.maxPipelined(), wiring.handlerKey(),
                wiring.metrics());
        inbound.deadlines(new Deadlines(inbound, frames, settings.readTimeout(), settings.headerTimeout(),
                settings.bodyTimeout()));
        channel.pipeline().addLast(frames, new LengthFieldPrepender(4), inbound);
    }
}
