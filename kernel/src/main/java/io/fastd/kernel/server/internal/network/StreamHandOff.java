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
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a provider's stream pipeline ({@link ListenerWiring#handOff}): each decoded message
 * goes to a request worker (the connection's in base mode or {@code dispatch_mode=connection},
 * the next in turn otherwise) and its reply takes its place in the connection's order
 * ({@link ConnectionFlow}). The protocol's decoder is not timed (it is the provider's); an idle
 * connection closes after {@code server.read_timeout}.
 */
final class StreamHandOff<H, M> extends ConnectionFlow {

    private static final Logger log = LoggerFactory.getLogger(StreamHandOff.class);

    /** The decoder of a provider's protocol, as {@link Deadlines} sees it: always between messages. */
    static final Deadlines.Phase BETWEEN_MESSAGES = new Deadlines.Phase() {
        @Override
        public int phase() {
            return BETWEEN;
        }

        @Override
        public long phaseStart() {
            return System.nanoTime();
        }
    };

    private final ListenUrl url;
    private final Dispatcher dispatcher;
    private final Key<H> handlerKey;
    private final Class<M> messageType;
    private final WorkerCall<H, M> call;
    private final ListenerMetrics metrics;
    private final String typeName;
    private WorkerSlot connectionSlot;

    StreamHandOff(ListenUrl url, Dispatcher dispatcher, Key<H> handlerKey, Class<M> messageType, WorkerCall<H, M> call,
                  int maxPipelined, ListenerMetrics metrics) {
        super(maxPipelined);
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.url = requireNonNull(url, "url is null");
        this.dispatcher = requireNonNull(dispatcher, "dispatcher is null");
        this.handlerKey = requireNonNull(handlerKey, "handlerKey is null");
        this.messageType = requireNonNull(messageType, "messageType is null");
        this.call = requireNonNull(call, "call is null");
        this.typeName = messageType.getSimpleName();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        connectionSlot = dispatcher.forConnection(ctx.channel());
        super.channelActive(ctx);
    }

    @Override
    boolean endsInput(Object message) {
        return !messageType.isInstance(message);
    }

    @Override
    void start(Object message, long seq) {
        if (!messageType.isInstance(message)) {
            log.debug("listener {}: {} is not a {}; closing the connection", url, message.getClass().getName(),
                    messageType.getName());
            dispatcher.incidents().record("message refused", "listener " + url + ": not a " + messageType.getName(), null);
            ReferenceCountUtil.release(message);
            finish(seq, NO_REPLY, true);
            return;
        }
        WorkerSlot slot = connectionSlot != null ? connectionSlot : dispatcher.next();
        dispatcher.submit(slot, new CallJob(seq, messageType.cast(message), slot.id(), System.nanoTime()));
    }

    @Override
    void timedOut() {
        context().close();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("listener {}, connection {}: {}", url, ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    private void reply(long seq, Object reply, boolean close) {
        finish(seq, reply != null ? reply : NO_REPLY, close);
    }

    /**
     * One message for a worker; its reply goes back to the connection's place {@code seq}, and is
     * counted (and access-logged) for {@code worker}, timed from {@code startNanos}.
     */
    private final class CallJob implements Job {
        private final long seq;
        private final M message;
        private final int worker;
        private final long startNanos;

        CallJob(long seq, M message, int worker, long startNanos) {
            this.seq = seq;
            this.message = message;
            this.worker = worker;
            this.startNanos = startNanos;
        }

        @Override
        public void run(HandlerSet handlers) throws Exception {
            reply(seq, call.call(handlers.get(handlerKey), message), false);
            metrics.message(worker, startNanos, true, typeName);
        }

        @Override
        public void fail(Throwable error) {
            reply(seq, call.failed(message, error), false);
            metrics.message(worker, startNanos, true, typeName);
        }

        @Override
        public void reject(String reason) {
            reply(seq, call.rejected(message, reason), Dispatcher.STOPPING.equals(reason));
            metrics.message(worker, startNanos, false, typeName);
        }
    }
}
