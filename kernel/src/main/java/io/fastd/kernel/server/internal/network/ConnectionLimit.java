package io.fastd.kernel.server.internal.network;

import io.fastd.kernel.server.internal.manager.Incidents;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code server.max_connections} over every TCP and HTTP listener of a server: a connection
 * accepted beyond it is closed at once (reset, nothing read or written) and counted, here and in
 * the server's {@link Incidents} (one log line, then summaries; totals in {@code status}), so a
 * flood cannot flood the log.
 */
final class ConnectionLimit {

    /** The event every refused connection is counted under, in {@link Incidents}. */
    static final String REFUSED = "connection refused";

    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();

    /** Counts {@code channel} in, or closes it and returns false when {@code max} are open. */
    boolean admit(Channel channel, int max, Incidents incidents) {
        return admit(channel, max, "server.max_connections=" + max + " are open", incidents);
    }

    /** As above, recording {@code why} (what bound was reached) with each refusal. */
    boolean admit(Channel channel, int max, String why, Incidents incidents) {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            refused.incrementAndGet();
            incidents.record(REFUSED, why, null);
            channel.config().setOption(ChannelOption.SO_LINGER, 0);
            channel.close();
            return false;
        }
        channel.closeFuture().addListener(closed -> open.decrementAndGet());
        return true;
    }

    /** Connections open now. */
    int open() {
        return open.get();
    }

    /** Connections refused so far. */
    long refused() {
        return refused.get();
    }
}
