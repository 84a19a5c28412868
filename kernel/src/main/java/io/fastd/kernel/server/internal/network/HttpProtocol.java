package io.fastd.kernel.server.internal.network;

import io.fastd.kernel.server.api.HttpHandler;
import io.fastd.kernel.server.api.protocol.ListenerContext;
import io.fastd.kernel.server.api.protocol.ListenerProtocol;
import io.fastd.kernel.server.api.ServerSettings;
import io.netty.channel.Channel;

/**
 * {@code http}: {@link StrictHttpDecoder}, {@link InterimResponseEncoder} (the aggregator's own
 * {@code 100 Continue}), {@link HttpAggregator} (413 over {@code max_payload}), {@link HttpInbound}, whose
 * answers are encoded bytes already ({@link HttpResponseWriter}).
 */
final class HttpProtocol implements ListenerProtocol<HttpHandler> {

    @Override
    public String scheme() {
        return "http";
    }

    @Override
    public boolean datagram() {
        return false;
    }

    @Override
    public Class<HttpHandler> handlerType() {
        return HttpHandler.class;
    }

    @Override
    public void initialize(Channel channel, ListenerContext<HttpHandler> context) {
        ListenerWiring<HttpHandler> wiring = ListenerWiring.of(context);
        ServerSettings settings = context.settings();
        StrictHttpDecoder decoder = new StrictHttpDecoder();
        HttpInbound inbound = new HttpInbound(wiring.dispatcher(), settings.maxPipelined(), wiring.handlerKey(),
                wiring.metrics());
        inbound.deadlines(new Deadlines(inbound, decoder, settings.readTimeout(), settings.headerTimeout(),
                settings.bodyTimeout()));
        channel.pipeline().addLast(decoder, InterimResponseEncoder.INSTANCE,
                new HttpAggregator(settings.maxPayload(), inbound), inbound);
    }
}
