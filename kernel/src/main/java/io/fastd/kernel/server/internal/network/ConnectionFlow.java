package io.fastd.kernel.server.internal.network;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One stream connection's requests, in order and bounded: every message read gets a sequence
 * number when it is started, and its reply is written only once the replies of all earlier ones
 * were, whatever worker (or rejection) produced it. At most {@code maxInFlight} requests are
 * started and not yet answered; while that many are, or while the channel is not writable (its
 * outbound buffer is above the high water mark), the connection is not read ({@code autoRead}
 * off) and messages already decoded wait here, unstarted. A reply that ends the connection is the
 * last one written: nothing read after it is started, and the connection closes once every
 * earlier reply is out. When the client half-closes (its input ends), everything already read is
 * still answered, then the connection closes.
 *
 * <p>When the server stops, {@link #closeWhenQuiet} closes the connection once nothing is pending
 * and the client has sent nothing for a while, so a client sending its next request as the stop
 * begins gets its answer (a refusal) rather than a connection closed under it.
 *
 * <p>Everything but {@link #finish} runs on the channel's event loop; {@link #finish} hands over
 * to it. Subclasses start one message ({@link #start}) and answer it once through
 * {@link #finish}.
 */
abstract class ConnectionFlow extends ChannelInboundHandlerAdapter {

    /** A reply slot whose request needs no reply (a TCP handler returned null). */
    static final Object NO_REPLY = new Object();

    private final int maxInFlight;
    private final Object[] replies;
    private final boolean[] closes;
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private long nextSeq;
    private long nextWrite;
    private boolean inputClosed;
    private boolean closeWhenDone;
    private boolean pumping;
    private boolean closed;
    private ChannelFuture lastWrite;
    private Deadlines deadlines;
    private boolean inputShutdown;
    private boolean lingering;
    /** Messages read so far: {@link #closeWhenQuiet} compares it between two checks. */
    private long reads;

    ConnectionFlow(int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1: " + maxInFlight);
        }
        this.maxInFlight = maxInFlight;
        // One more than the cap: a failure (bad frame, timeout) always gets its place.
        this.replies = new Object[maxInFlight + 1];
        this.closes = new boolean[maxInFlight + 1];
    }

    /** Starts {@code message} (dispatch it or answer it), whose reply must go to {@link #finish} with {@code seq}. */
    abstract void start(Object message, long seq);

    /** True if nothing read after {@code message} may be started (it ends the connection). */
    abstract boolean endsInput(Object message);

    /** The request's head or body missed its deadline: answer that in its place, then close. */
    abstract void timedOut();

    /** Times this connection ({@link Deadlines}); set before the channel is active. */
    final void deadlines(Deadlines deadlines) {
        this.deadlines = deadlines;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (deadlines != null) {
            deadlines.arm();
        }
        ctx.fireChannelActive();
    }

    final ChannelHandlerContext context() {
        return ctx;
    }

    /** True once the last answer is out and the connection waits for the client to close. */
    final boolean lingering() {
        return lingering;
    }

    /** Requests started and not answered yet. */
    final int inFlight() {
        return (int) (nextSeq - nextWrite);
    }

    /** True when nothing is waiting, running or unwritten. */
    final boolean idle() {
        return nextSeq == nextWrite && waiting.isEmpty();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        if (inputClosed) {
            ReferenceCountUtil.release(message);
            return;
        }
        reads++;
        waiting.add(message);
        if (endsInput(message)) {
            inputClosed = true;
        }
        pump();
    }

    /** Queues a failure marker after everything read so far; nothing read later is started. */
    final void failInput(Object marker) {
        if (inputClosed) {
            return;
        }
        waiting.add(marker);
        inputClosed = true;
        pump();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        pump();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
            inputShutdown = true;
            if (lingering) {
                ctx.close();
                return;
            }
            // The client sent everything it will: answer what was read, then close.
            inputClosed = true;
            closeWhenDone = true;
            pump();
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closed = true;
        inputClosed = true;
        discardWaiting();
        ctx.fireChannelInactive();
    }

    /**
     * Closes this connection at the first check, every {@code quietNanos}, that finds it quiet:
     * nothing read since the check before (or since this call), nothing pending or unwritten, and
     * no request partly read (a provider's decoder is not seen: its partial message counts as
     * quiet). A connection that ends by itself meanwhile (an answer that closes it, a client that
     * closes) is left to that. Runs on the channel's event loop; meant for a stopping server, whose
     * requests are refused from then on.
     */
    final void closeWhenQuiet(long quietNanos) {
        if (closed || lingering || closeWhenDone) {
            return;
        }
        long readsBefore = reads;
        ctx.executor().schedule(() -> {
            if (closed || lingering || closeWhenDone) {
                return;
            }
            boolean quiet = reads == readsBefore && idle() && (lastWrite == null || lastWrite.isDone())
                    && (deadlines == null || deadlines.betweenRequests());
            if (quiet) {
                ctx.close();
            } else {
                closeWhenQuiet(quietNanos);
            }
        }, quietNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * The reply of request {@code seq} ({@link #NO_REPLY} for none); thread-safe. {@code close}:
     * the connection ends after it.
     */
    final void finish(long seq, Object reply, boolean close) {
        if (ctx.executor().inEventLoop()) {
            finishOnLoop(seq, reply, close);
            return;
        }
        try {
            ctx.executor().execute(() -> finishOnLoop(seq, reply, close));
        } catch (RejectedExecutionException e) {
            ReferenceCountUtil.release(reply); // the event loop is gone, and the connection with it
        }
    }

    private void finishOnLoop(long seq, Object reply, boolean close) {
        int slot = (int) (seq % replies.length);
        replies[slot] = reply;
        closes[slot] = close;
        boolean wrote = false;
        while (nextWrite < nextSeq && replies[(int) (nextWrite % replies.length)] != null) {
            int next = (int) (nextWrite % replies.length);
            Object out = replies[next];
            boolean last = closes[next];
            replies[next] = null;
            nextWrite++;
            if (closed) {
                ReferenceCountUtil.release(out);
                continue;
            }
            if (out != NO_REPLY) {
                lastWrite = ctx.write(out);
                wrote = true;
            }
            if (last) {
                // Nothing read after this request is started; replies already started still go out.
                inputClosed = true;
                closeWhenDone = true;
                discardWaiting();
            }
        }
        if (wrote) {
            ctx.flush();
            if (deadlines != null) {
                deadlines.progress();
            }
        }
        pump();
    }

    /** Starts waiting messages while the connection may take more, then sets reading accordingly. */
    final void pump() {
        if (pumping || ctx == null) {
            return;
        }
        pumping = true;
        try {
            while (!closed && !waiting.isEmpty() && inFlight() < maxInFlight && ctx.channel().isWritable()) {
                start(waiting.poll(), nextSeq++);
            }
        } finally {
            pumping = false;
        }
        if (closed) {
            return;
        }
        if (closeWhenDone && idle()) {
            closed = true;
            ChannelFuture done = lastWrite != null ? lastWrite : ctx.newSucceededFuture();
            if (inputShutdown || !(ctx.channel() instanceof DuplexChannel duplex)) {
                done.addListener(ChannelFutureListener.CLOSE);
                return;
            }
            // Lingering close: closing with unread input would reset the connection, and a reset
            // can destroy the answers still in the client's buffers. Send FIN after the last
            // answer, discard what the client still sends, close when it closes (or on a deadline).
            lingering = true;
            done.addListener(written -> {
                if (!written.isSuccess()) {
                    ctx.close();
                    return;
                }
                duplex.shutdownOutput();
                ctx.channel().config().setAutoRead(true);
            });
            return;
        }
        boolean read = !inputClosed && waiting.isEmpty() && inFlight() < maxInFlight && ctx.channel().isWritable();
        if (ctx.channel().config().isAutoRead() != read) {
            ctx.channel().config().setAutoRead(read);
        }
    }

    private void discardWaiting() {
        Object message;
        while ((message = waiting.poll()) != null) {
            ReferenceCountUtil.release(message);
        }
    }
}
