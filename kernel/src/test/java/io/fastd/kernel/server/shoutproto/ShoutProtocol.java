package io.fastd.kernel.server.shoutproto;

import io.fastd.kernel.server.api.protocol.ListenerContext;
import io.fastd.kernel.server.api.protocol.ListenerProtocol;
import io.fastd.kernel.server.api.protocol.WorkerCall;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A datagram protocol as a provider adds one, through the API only: {@code shout://}, one UTF-8
 * datagram in, one answer datagram back to its sender ({@code ERROR ...} for a failure or a
 * refusal).
 */
public final class ShoutProtocol implements ListenerProtocol<ShoutHandler> {

    /** One decoded datagram: its text and who sent it. */
    public record Shout(String text, InetSocketAddress sender) {
    }

    @Override
    public String scheme() {
        return "shout";
    }

    @Override
    public boolean datagram() {
        return true;
    }

    @Override
    public Class<ShoutHandler> handlerType() {
        return ShoutHandler.class;
    }

    @Override
    public void initialize(Channel channel, ListenerContext<ShoutHandler> context) {
        channel.pipeline().addLast(new MessageToMessageDecoder<DatagramPacket>() {
            @Override
            protected void decode(ChannelHandlerContext ctx, DatagramPacket packet, List<Object> out) {
                out.add(new Shout(packet.content().toString(StandardCharsets.UTF_8), packet.sender()));
            }
        }, context.handOff(Shout.class, new WorkerCall<ShoutHandler, Shout>() {
            @Override
            public Object call(ShoutHandler handler, Shout shout) throws Exception {
                return reply(handler.shout(shout.text()), shout);
            }

            @Override
            public Object failed(Shout shout, Throwable error) {
                return reply("ERROR " + error.getMessage(), shout);
            }

            @Override
            public Object rejected(Shout shout, String reason) {
                return reply("ERROR " + reason, shout);
            }
        }));
    }

    private static DatagramPacket reply(String text, Shout shout) {
        return new DatagramPacket(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8), shout.sender());
    }
}
