package io.fastd.kernel.server.internal.network;

import static java.util.Objects.requireNonNull;

import com.google.inject.Key;
import io.fastd.kernel.server.api.ListenUrl;
import io.fastd.kernel.server.api.protocol.WorkerCall;
import io.fastd.kernel.server.internal.manager.Dispatcher;
import io.fastd.kernel.server.internal.manager.HandlerSet;
import io.fastd.kernel.server.internal.manager.Job;
import io.fastd.kernel.server.internal.manager.WorkerSlot;
import io.fastd.kernel.server.internal.metrics.ListenerMetrics;
import io.netty.channel.AddressedEnvelope;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a provider's datagram pipeline ({@link ListenerWiring#handOff}): each decoded message
 * goes to a request worker (by sender for an {@link AddressedEnvelope} as for {@code udp}); its
 * reply is written to the channel, or dropped (and counted) while the channel's outbound buffer
 * is above {@link Network#WATER_MARK}. A message of another type is dropped and counted.
 */
final class DatagramHandOff<H, M> extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(DatagramHandOff.class);
    /** The event every dropped message or reply is counted under. */
    static final String DROPPED = "datagram dropped";

    private final ListenUrl url;
    private final Dispatcher dispatcher;
    private final Key<H> handlerKey;
    private final Class<M> messageType;
    private final WorkerCall<H, M> call;
    private final ListenerMetrics metrics;
    private final String typeName;

    DatagramHandOff(ListenUrl url, Dispatcher dispatcher, Key<H> handlerKey, Class<M> messageType, WorkerCall<H, M> call,
                    ListenerMetrics metrics) {
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.typeName = messageType.getSimpleName();
        this.url = requireNonNull(url, "url is null");
        this.dispatcher = requireNonNull(dispatcher, "dispatcher is null");
        this.handlerKey = requireNonNull(handlerKey, "handlerKey is null");
        this.messageType = requireNonNull(messageType, "messageType is null");
        this.call = requireNonNull(call, "call is null");
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (!messageType.isInstance(message)) {
            dispatcher.incidents().record(DROPPED, "listener " + url + ": not a " + messageType.getName(), null);
            ReferenceCountUtil.release(message);
            return;
        }
        WorkerSlot slot = slotFor(ctx.channel(), message);
        dispatcher.submit(slot, new CallJob(ctx.channel(), messageType.cast(message), slot.id(), System.nanoTime()));
    }

    private WorkerSlot slotFor(Channel channel, Object message) {
        if (message instanceof AddressedEnvelope<?, ?> envelope && envelope.sender() instanceof InetSocketAddress sender) {
            return dispatcher.forDatagram(channel, sender);
        }
        WorkerSlot picked = dispatcher.forConnection(channel);
        return picked != null ? picked : dispatcher.next();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("listener {}: {}", url, cause.toString());
    }

    private void send(Channel channel, Object reply) {
        if (reply == null) {
            return;
        }
        if (!channel.isWritable()) {
            ReferenceCountUtil.release(reply);
            dispatcher.incidents().record(DROPPED, "listener " + url + ": the outbound buffer is full", null);
            return;
        }
        channel.writeAndFlush(reply);
    }

    /** One message for a worker, counted (and access-logged) for {@code worker}, timed from {@code startNanos}. */
    private final class CallJob implements Job {
        private final Channel channel;
        private final M message;
        private final int worker;
        private final long startNanos;

        CallJob(Channel channel, M message, int worker, long startNanos) {
            this.channel = channel;
            this.message = message;
            this.worker = worker;
            this.startNanos = startNanos;
        }

        @Override
        public void run(HandlerSet handlers) throws Exception {
            send(channel, call.call(handlers.get(handlerKey), message));
            metrics.message(worker, startNanos, true, typeName);
        }

        @Override
        public void fail(Throwable error) {
            send(channel, call.failed(message, error));
            metrics.message(worker, startNanos, true, typeName);
        }

        @Override
        public void reject(String reason) {
            send(channel, call.rejected(message, reason));
            metrics.message(worker, startNanos, false, typeName);
        }
    }
}
