package io.fastd.kernel.server.internal.network;

import static java.util.Objects.requireNonNull;

import com.google.inject.Key;
import io.fastd.kernel.server.api.ListenUrl;
import io.fastd.kernel.server.api.protocol.ListenerContext;
import io.fastd.kernel.server.api.ServerSettings;
import io.fastd.kernel.server.api.protocol.WorkerCall;
import io.fastd.kernel.server.internal.manager.Dispatcher;
import io.fastd.kernel.server.internal.metrics.ListenerMetrics;
import io.netty.channel.ChannelHandler;

/**
 * One bound listener's {@link ListenerContext}: its URL, the request dispatcher and the key of
 * its handler. The kernel's own protocols reach the dispatcher and key through it; a provider's
 * protocol only gets the hand-off.
 */
final class ListenerWiring<H> implements ListenerContext<H> {

    private final ListenUrl url;
    private final ServerSettings settings;
    private final Dispatcher dispatcher;
    private final Key<H> handlerKey;
    private final boolean datagram;
    private final ListenerMetrics metrics;

    ListenerWiring(ListenUrl url, ServerSettings settings, Dispatcher dispatcher, Key<H> handlerKey, boolean datagram,
                   ListenerMetrics metrics) {
        this.url = requireNonNull(url, "url is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.dispatcher = requireNonNull(dispatcher, "dispatcher is null");
        this.handlerKey = requireNonNull(handlerKey, "handlerKey is null");
        this.datagram = datagram;
        this.metrics = requireNonNull(metrics, "metrics is null");
    }

    /** The kernel's protocols are handed their wiring: this one, under its API type. */
    @SuppressWarnings("unchecked")
    static <H> ListenerWiring<H> of(ListenerContext<H> context) {
        return (ListenerWiring<H>) context;
    }

    @Override
    public ListenUrl url() {
        return url;
    }

    @Override
    public ServerSettings settings() {
        return settings;
    }

    Dispatcher dispatcher() {
        return dispatcher;
    }

    Key<H> handlerKey() {
        return handlerKey;
    }

    /** Where the kernel's protocols count and time this listener's requests. */
    ListenerMetrics metrics() {
        return metrics;
    }

    @Override
    public <M> ChannelHandler handOff(Class<M> messageType, WorkerCall<H, M> call) {
        requireNonNull(messageType, "messageType is null");
        requireNonNull(call, "call is null");
        if (datagram) {
            return new DatagramHandOff<>(url, dispatcher, handlerKey, messageType, call, metrics);
        }
        StreamHandOff<H, M> inbound = new StreamHandOff<>(url, dispatcher, handlerKey, messageType, call,
                settings.maxPipelined(), metrics);
        inbound.deadlines(new Deadlines(inbound, StreamHandOff.BETWEEN_MESSAGES, settings.readTimeout(),
                settings.headerTimeout(), settings.bodyTimeout()));
        return inbound;
    }
}
