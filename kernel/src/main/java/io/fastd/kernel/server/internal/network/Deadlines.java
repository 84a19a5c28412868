package io.fastd.kernel.server.internal.network;

import static java.util.Objects.requireNonNull;

import io.netty.channel.ChannelHandlerContext;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One connection's clocks, checked by one timer that re-arms itself (never more than one pending,
 * none per request). What is timed depends on where the connection is:
 * <ul>
 *   <li>inside a request head (from its first byte): {@code server.header_timeout};</li>
 *   <li>inside a body (HTTP: from the end of the head; TCP: from a frame's first byte):
 *       {@code server.body_timeout};</li>
 *   <li>between requests, nothing pending: {@code server.read_timeout} of idleness;</li>
 *   <li>answers pending but the client does not read them (outbound buffer above the high water
 *       mark): {@code server.read_timeout} without progress;</li>
 *   <li>answers pending on workers: nothing (a slow handler is not the client's fault).</li>
 * </ul>
 * After its last answer a connection lingers (discarding input) until the client closes, at most
 * {@code read_timeout} or 2 s. A head or body past its deadline is answered in its place ({@link ConnectionFlow#timedOut}); if
 * the connection is still open one check later, or it was idle, it is closed. Deadlines are
 * enforced at most a quarter of the shortest timeout late.
 */
final class Deadlines implements Runnable {

    /** Where a connection's decoder is. */
    interface Phase {
        int BETWEEN = 0;
        int HEAD = 1;
        int BODY = 2;

        /** {@link #BETWEEN}, {@link #HEAD} or {@link #BODY}. */
        int phase();

        /** {@link System#nanoTime()} when the current phase began. */
        long phaseStart();
    }

    /** How long a connection that sent its last answer waits for the client to close. */
    private static final long LINGER = TimeUnit.SECONDS.toNanos(2);

    private final ConnectionFlow flow;
    private final Phase source;
    private final long idle;
    private final long head;
    private final long body;
    private final long tick;
    private long lastProgress = System.nanoTime();
    private boolean expired;

    Deadlines(ConnectionFlow flow, Phase source, Duration idle, Duration head, Duration body) {
        this.flow = requireNonNull(flow, "flow is null");
        this.source = requireNonNull(source, "source is null");
        this.idle = Math.max(1_000_000, idle.toNanos());
        this.head = Math.max(1_000_000, head.toNanos());
        this.body = Math.max(1_000_000, body.toNanos());
        this.tick = Math.max(1_000_000, Math.min(this.idle, Math.min(this.head, this.body)) / 4);
    }

    /** Answers were written: the client is reading. */
    void progress() {
        lastProgress = System.nanoTime();
    }

    /** True when no request is partly read (the decoder is between requests). */
    boolean betweenRequests() {
        return source.phase() == Phase.BETWEEN;
    }

    void arm() {
        flow.context().executor().schedule(this, tick, TimeUnit.NANOSECONDS);
    }

    @Override
    public void run() {
        ChannelHandlerContext ctx = flow.context();
        if (!ctx.channel().isActive()) {
            return;
        }
        long now = System.nanoTime();
        int phase = source.phase();
        long deadline;
        if (flow.lingering()) {
            deadline = lastProgress + Math.min(idle, LINGER);
        } else if (phase == Phase.HEAD) {
            deadline = source.phaseStart() + head;
        } else if (phase == Phase.BODY) {
            deadline = source.phaseStart() + body;
        } else if (flow.idle()) {
            deadline = Math.max(source.phaseStart(), lastProgress) + idle;
        } else if (!ctx.channel().isWritable()) {
            deadline = lastProgress + idle;
        } else {
            deadline = now + tick;
        }
        if (now - deadline >= 0) {
            if (phase != Phase.BETWEEN && !expired && !flow.lingering()) {
                expired = true;
                flow.timedOut();
            } else {
                ctx.close();
                return;
            }
        }
        ctx.executor().schedule(this, Math.max(1_000_000, Math.min(deadline - now, tick)), TimeUnit.NANOSECONDS);
    }
}
