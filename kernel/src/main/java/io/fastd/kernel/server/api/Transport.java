package io.fastd.kernel.server.api;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.util.Locale;
import java.util.concurrent.ThreadFactory;

/**
 * The Netty transport the server's sockets use ({@code server.transport}): Netty's native epoll
 * on Linux when its library loads (edge-triggered, fewer system calls per request than the JDK's
 * selector), else the JDK's NIO, which runs everywhere.
 */
public enum Transport {
    NIO {
        @Override
        public EventLoopGroup group(int threads, ThreadFactory threadFactory) {
            return new NioEventLoopGroup(threads, threadFactory);
        }

        @Override
        public Class<? extends ServerChannel> serverChannel() {
            return NioServerSocketChannel.class;
        }

        @Override
        public Class<? extends DatagramChannel> datagramChannel() {
            return NioDatagramChannel.class;
        }

        @Override
        public boolean reusePort() {
            return NIO_REUSE_PORT;
        }

        @Override
        public Bootstrap withReusePort(Bootstrap bootstrap) {
            return bootstrap.option(NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT), true);
        }
    },
    EPOLL {
        @Override
        public EventLoopGroup group(int threads, ThreadFactory threadFactory) {
            return new EpollEventLoopGroup(threads, threadFactory);
        }

        @Override
        public Class<? extends ServerChannel> serverChannel() {
            return EpollServerSocketChannel.class;
        }

        @Override
        public Class<? extends DatagramChannel> datagramChannel() {
            return EpollDatagramChannel.class;
        }

        @Override
        public boolean reusePort() {
            return true;
        }

        @Override
        public Bootstrap withReusePort(Bootstrap bootstrap) {
            return bootstrap.option(EpollChannelOption.SO_REUSEPORT, true);
        }
    };

    /** Whether this JDK can set {@code SO_REUSEPORT} on a datagram socket (Linux, BSD, macOS). */
    private static final boolean NIO_REUSE_PORT = nioReusePort();

    public abstract EventLoopGroup group(int threads, ThreadFactory threadFactory);

    public abstract Class<? extends ServerChannel> serverChannel();

    public abstract Class<? extends DatagramChannel> datagramChannel();

    /** Whether several datagram sockets can share one port (base mode's UDP needs it). */
    public abstract boolean reusePort();

    public abstract Bootstrap withReusePort(Bootstrap bootstrap);

    /** The name config and the banner use: {@code nio} or {@code epoll}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The values of {@code server.transport}, each the name {@link #choose} takes. */
    static final java.util.Map<String, String> CHOICES = choices();

    /**
     * The transport of a {@code server.transport} value already checked against {@link #CHOICES}:
     * {@code auto} (epoll if it loads here, else nio), {@code nio} or {@code epoll}.
     *
     * @throws IllegalArgumentException for {@code epoll} where it does not load
     */
    static Transport choose(String choice) {
        switch (choice) {
            case "auto" -> {
                return Epoll.isAvailable() ? EPOLL : NIO;
            }
            case "epoll" -> {
                if (!Epoll.isAvailable()) {
                    throw new IllegalArgumentException("epoll is not available here (" + Epoll.unavailabilityCause()
                            + "); use auto or nio");
                }
                return EPOLL;
            }
            default -> {
                return NIO;
            }
        }
    }

    private static java.util.Map<String, String> choices() {
        java.util.Map<String, String> choices = new java.util.LinkedHashMap<>();
        for (String name : new String[] {"auto", "nio", "epoll"}) {
            choices.put(name, name);
        }
        return java.util.Collections.unmodifiableMap(choices);
    }

    private static boolean nioReusePort() {
        try (java.nio.channels.DatagramChannel probe = java.nio.channels.DatagramChannel.open()) {
            return probe.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
        } catch (IOException e) {
            return false;
        }
    }
}
