package io.fastd.kernel.server.internal.network;

import io.fastd.kernel.server.api.DatagramHandler;
import io.fastd.kernel.server.api.protocol.ListenerContext;
import io.fastd.kernel.server.api.protocol.ListenerProtocol;
import io.netty.channel.Channel;

/** {@code udp}: datagrams of at most {@code max_payload} bytes (larger ones are dropped), {@link UdpInbound}. */
final class UdpProtocol implements ListenerProtocol<DatagramHandler> {

    @Override
    public String scheme() {
        return "udp";
    }

    @Override
    public boolean datagram() {
        return true;
    }

    @Override
    public Class<DatagramHandler> handlerType() {
        return DatagramHandler.class;
    }

    @Override
    public void initialize(Channel channel, ListenerContext<DatagramHandler> context) {
        ListenerWiring<DatagramHandler> wiring = ListenerWiring.of(context);
        channel.pipeline().addLast(new UdpInbound(wiring.dispatcher(), context.settings().maxPayload(),
                wiring.handlerKey(), wiring.metrics()));
    }
}
