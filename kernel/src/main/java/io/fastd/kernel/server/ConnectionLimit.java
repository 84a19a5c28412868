package io.fastd.kernel.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code server.max_connections} over every TCP and HTTP listener of a server: a connection
 * accepted beyond it is closed at once (reset, nothing read or written) and counted. A warning is
 * logged for the first refusal and then once per 1,000, so a flood cannot flood the log.
 */
final class ConnectionLimit {

    private static final Logger log = LoggerFactory.getLogger(ConnectionLimit.class);

    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();

    /** Counts {@code channel} in, or closes it and returns false when {@code max} are open. */
    boolean admit(Channel channel, int max) {
        if (open.incrementAndGet() > max) {
            open.decrementAndGet();
            long count = refused.incrementAndGet();
            if (count == 1 || count % 1_000 == 0) {
                log.warn("connection from {} refused: server.max_connections={} are open ({} refused so far)",
                        channel.remoteAddress(), max, count);
            }
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
