package io.fastd.kernel.server.internal.network;

import static java.util.Objects.requireNonNull;

import com.google.inject.Key;
import io.fastd.kernel.server.api.BadRequestException;
import io.fastd.kernel.server.api.DatagramHandler;
import io.fastd.kernel.server.internal.manager.Dispatcher;
import io.fastd.kernel.server.internal.manager.HandlerSet;
import io.fastd.kernel.server.internal.manager.Incidents;
import io.fastd.kernel.server.internal.manager.Job;
import io.fastd.kernel.server.internal.manager.WorkerSlot;
import io.fastd.kernel.server.internal.metrics.ListenerMetrics;
import io.fastd.kernel.server.internal.metrics.ListenerMetrics.Drop;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.VoidChannelPromise;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.Attribute;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives datagrams on the event loop and queues each to a request worker. A datagram larger
 * than {@code server.max_payload} (the receive buffer holds one byte more, so it shows) is
 * dropped. The handler's exceptions become an {@code ERROR ...} reply line;
 * {@link BadRequestException} drops the datagram; a full queue drops it too, and a reply is
 * dropped while the socket's outbound buffer is above {@link Network#WATER_MARK}. Drops are
 * counted per cause in the dispatcher's {@link Incidents} (a summary line at most every few
 * seconds per cause, never one line per datagram).
 */
final class UdpInbound extends SimpleChannelInboundHandler<DatagramPacket> {

    private static final Logger log = LoggerFactory.getLogger(UdpInbound.class);
    /** The event every dropped datagram is counted under, in {@link Incidents}. */
    static final String DROPPED = "UDP datagram dropped";
    /** The event every reply dropped under backpressure is counted under. */
    static final String REPLY_DROPPED = "UDP reply dropped";
    private static final AttributeKey<ChannelPromise> QUIET_PROMISE = AttributeKey.valueOf(UdpInbound.class, "quietPromise");

    private final Dispatcher dispatcher;
    private final Key<DatagramHandler> handlerKey;
    private final int maxPayload;
    private final ListenerMetrics metrics;
    /** A job done with, for the next datagram (read on this channel's loop only). */
    private DatagramJob spare;

    UdpInbound(Dispatcher dispatcher, int maxPayload, Key<DatagramHandler> handlerKey, ListenerMetrics metrics) {
        this.dispatcher = requireNonNull(dispatcher, "dispatcher is null");
        this.handlerKey = requireNonNull(handlerKey, "handlerKey is null");
        this.maxPayload = maxPayload;
        this.metrics = requireNonNull(metrics, "metrics is null");
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        int size = packet.content().readableBytes();
        if (size > maxPayload) {
            dispatcher.incidents().record(DROPPED, "larger than server.max_payload=" + maxPayload + " bytes", null);
            metrics.dropped(Drop.TOO_LARGE);
            return;
        }
        byte[] data = ByteBufUtil.getBytes(packet.content());
        WorkerSlot slot = dispatcher.forDatagram(ctx.channel(), packet.sender());
        DatagramJob job = spare != null ? spare : new DatagramJob(ctx.channel());
        spare = null;
        job.set(data, packet.sender(), slot, System.nanoTime());
        if (dispatcher.submit(slot, job)) {
            spare = job; // it ran here (base mode) or was refused: the next datagram reuses it
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("UDP listener {}: {}", ctx.channel().localAddress(), cause.toString());
    }

    /**
     * The channel's write promise that notifies no one: a failed send is dropped quietly, as a
     * datagram may be (a {@link Channel#voidPromise()} would log every failure), and no promise
     * is allocated per reply.
     */
    private static ChannelPromise quietPromise(Channel channel) {
        Attribute<ChannelPromise> attribute = channel.attr(QUIET_PROMISE);
        ChannelPromise promise = attribute.get();
        if (promise == null) {
            attribute.setIfAbsent(new VoidChannelPromise(channel, false));
            promise = attribute.get();
        }
        return promise;
    }

    /**
     * One datagram for a worker; counted (and access-logged) for its slot, timed from
     * {@code startNanos}. (An inner class: the listener's constants are not copied into every job.)
     * Set anew for each datagram; a job is used again only once {@link Dispatcher#submit} says
     * it is done with, so a queued job is never changed.
     */
    private final class DatagramJob implements Job {
        private final Channel channel;
        private byte[] data;
        private InetSocketAddress sender;
        private WorkerSlot slot;
        private long startNanos;

        DatagramJob(Channel channel) {
            this.channel = channel;
        }

        void set(byte[] data, InetSocketAddress sender, WorkerSlot slot, long startNanos) {
            this.data = data;
            this.sender = sender;
            this.slot = slot;
            this.startNanos = startNanos;
        }

        @Override
        public void run(HandlerSet handlers) throws Exception {
            byte[] reply = handlers.get(handlerKey).onPacket(data, sender);
            int sent = reply != null ? send(reply) : 0;
            metrics.datagram(slot.id(), startNanos, true, data.length, sent);
        }

        @Override
        public void fail(Throwable error) {
            int sent = 0;
            if (error instanceof BadRequestException) {
                log.debug("UDP datagram from {} dropped: bad request: {}", sender, error.getMessage());
                dispatcher.incidents().record(DROPPED, "bad request (worker " + slot.id() + ")", null);
                metrics.dropped(Drop.BAD_REQUEST);
            } else {
                sent = send("ERROR internal error\n".getBytes(StandardCharsets.UTF_8));
            }
            metrics.datagram(slot.id(), startNanos, true, data.length, sent);
        }

        @Override
        public void reject(String reason) {
            dispatcher.incidents().record(DROPPED, reason + " (worker " + slot.id() + ")", null);
            metrics.dropped(Drop.REJECTED);
            metrics.datagram(slot.id(), startNanos, false, data.length, 0);
        }

        /** Sends {@code bytes} to the sender; the bytes sent (0 if the reply was dropped). */
        private int send(byte[] bytes) {
            if (!channel.isWritable()) {
                // Replies queued above the socket's high water mark: drop rather than grow.
                dispatcher.incidents().record(REPLY_DROPPED,
                        "the socket's outbound buffer is full (worker " + slot.id() + ")", null);
                metrics.dropped(Drop.REPLY);
                return 0;
            }
            ByteBuf content = channel.alloc().buffer(bytes.length).writeBytes(bytes);
            channel.writeAndFlush(new DatagramPacket(content, sender), quietPromise(channel));
            return bytes.length;
        }
    }
}
