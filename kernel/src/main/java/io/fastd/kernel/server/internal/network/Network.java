package io.fastd.kernel.server.internal.network;

import static java.util.Objects.requireNonNull;

import com.google.inject.Key;
import io.fastd.kernel.server.api.ListenUrl;
import io.fastd.kernel.server.api.protocol.ListenerProtocol;
import io.fastd.kernel.server.api.ServerSettings;
import io.fastd.kernel.server.api.Transport;
import io.fastd.kernel.server.internal.manager.Dispatcher;
import io.fastd.kernel.server.internal.manager.Incidents;
import io.fastd.kernel.server.internal.metrics.ListenerMetrics;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The master: Netty event loops and the listeners bound on them. One acceptor thread
 * ({@code fastd-master}) and a group of I/O threads ({@code fastd-io}, {@code server.reactor_num}
 * in process mode, one in base mode for the admin endpoint); in process mode handlers
 * never run on them, requests are queued to workers. In base mode the request listeners' loops
 * are the workers' own ({@link #workerLoops()}, one per request worker): accepted connections are
 * spread over them in turn, and a UDP listener is one socket per worker loop on the same port
 * ({@code SO_REUSEPORT}), so the operating system spreads datagrams by sender.
 *
 * <p>Pipelines are the listener's {@link ListenerProtocol}'s: the kernel's {@link UdpProtocol},
 * {@link TcpProtocol} and {@link HttpProtocol}, or a provider's, ending in
 * {@link ListenerWiring#handOff}. A datagram protocol's channel reads at most
 * {@code max_payload} bytes (plus one, so a larger datagram shows).
 * Stream connections: at most {@code server.max_connections} open ({@link ConnectionLimit});
 * {@link #WATER_MARK} on the outbound buffer; half-closure allowed (a client that shuts its
 * output still gets its answers); answers in request order, reading paused while
 * {@code server.max_pipelined} requests are unanswered or the client does not read
 * ({@link ConnectionFlow}); header, body and idle deadlines ({@link Deadlines}).
 */
public final class Network {

    /** The largest UDP payload IPv4 can carry. */
    private static final int MAX_DATAGRAM = 65_507;
    /**
     * Outbound bytes per channel above which it is not writable (and its connection not read, its
     * UDP replies dropped) until they drain below the low mark.
     */
    static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 64 * 1024);

    private final Transport transport;
    private final EventLoopGroup boss;
    private final EventLoopGroup io;
    private final EventLoopGroup workers;
    private final ChannelGroup listeners = new DefaultChannelGroup("listeners", GlobalEventExecutor.INSTANCE);
    private final ChannelGroup connections = new DefaultChannelGroup("connections", GlobalEventExecutor.INSTANCE);
    private final ConnectionLimit limit = new ConnectionLimit();
    /** The admin endpoint's own bound: probes and scrapes need few connections, a flood gets none. */
    static final int MAX_ADMIN_CONNECTIONS = 32;
    /** Seconds an admin connection may stay without a read while no request of it is in flight. */
    static final int ADMIN_IDLE_SECONDS = 30;
    private final ConnectionLimit adminLimit = new ConnectionLimit();

    /**
     * Event loops of {@code transport}: {@code ioThreads} I/O threads (the admin endpoint's, and in
     * process mode every listener's); base mode when {@code workerLoops > 0}: that many worker
     * event loops for the request listeners.
     */
    public Network(Transport transport, int ioThreads, int workerLoops) {
        this.transport = requireNonNull(transport, "transport is null");
        if (ioThreads < 1) {
            throw new IllegalArgumentException("ioThreads must be at least 1: " + ioThreads);
        }
        boss = transport.group(1, new DefaultThreadFactory("fastd-master", true));
        io = transport.group(ioThreads, new DefaultThreadFactory("fastd-io", true));
        // Threads are named fastd-worker-<id> by the worker that starts on each loop.
        workers = workerLoops > 0 ? transport.group(workerLoops, new DefaultThreadFactory("fastd-loop", true)) : null;
    }

    /** The worker event loops in a fixed order (empty in process mode). */
    public List<EventLoop> workerLoops() {
        List<EventLoop> loops = new ArrayList<>();
        if (workers != null) {
            workers.forEach(executor -> loops.add((EventLoop) executor));
        }
        return loops;
    }

    /** The kernel's own listener protocols: {@code udp}, {@code tcp} and {@code http}. */
    static List<ListenerProtocol<?>> kernelProtocols() {
        return List.of(new UdpProtocol(), new TcpProtocol(), new HttpProtocol());
    }

    /**
     * Binds one listener of {@code protocol}, whose requests go to each worker's handler bound
     * under {@code handlerKey}, and waits for it; the kernel's protocols count its requests in
     * {@code metrics}.
     *
     * @throws IllegalStateException naming the URL if it cannot be bound
     */
    <H> BoundListener bind(ListenUrl url, ListenerProtocol<H> protocol, Key<H> handlerKey, Dispatcher dispatcher,
                           ServerSettings settings, ListenerMetrics metrics) {
        requireNonNull(url, "url is null");
        requireNonNull(protocol, "protocol is null");
        ListenerWiring<H> wiring = new ListenerWiring<>(url, settings, dispatcher, handlerKey, protocol.datagram(),
                metrics);
        ChannelFuture bound = protocol.datagram()
                ? bindDatagram(url, settings, channel -> protocol.initialize(channel, wiring))
                : bindStream(url, settings, dispatcher.incidents(), channel -> protocol.initialize(channel, wiring));
        return await(url, bound);
    }

    /**
     * Binds the admin endpoint ({@code server.admin}) on the I/O threads; a connection idle for
     * {@link #ADMIN_IDLE_SECONDS} (no read, no request in flight) is closed by the endpoint's
     * handler. {@code handler} builds each connection's pipeline.
     *
     * @throws IllegalStateException naming the URL if it cannot be bound
     */
    public BoundListener bindAdmin(ListenUrl url, Supplier<ChannelHandler> handler, Incidents incidents) {
        requireNonNull(url, "url is null");
        ChannelFuture bound = new ServerBootstrap().group(boss, io).channel(transport.serverChannel())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        connections.add(channel);
                        if (!adminLimit.admit(channel, MAX_ADMIN_CONNECTIONS,
                                "the admin endpoint's " + MAX_ADMIN_CONNECTIONS + " connections are open", incidents)) {
                            return;
                        }
                        // The endpoint's handler closes an idle connection, but not one waiting for
                        // its answer (a reload may take longer than this).
                        channel.pipeline().addLast(new IdleStateHandler(ADMIN_IDLE_SECONDS, 0, 0));
                        channel.pipeline().addLast(handler.get());
                    }
                }).bind(url.host(), url.port());
        return await(url, bound);
    }

    private ChannelFuture bindDatagram(ListenUrl url, ServerSettings settings, Consumer<Channel> pipeline) {
        if (workers != null) {
            return bindDatagramPerWorker(url, settings, pipeline);
        }
        return datagram(io, settings, pipeline).bind(url.host(), url.port());
    }

    private Bootstrap datagram(EventLoopGroup group, ServerSettings settings, Consumer<Channel> pipeline) {
        int buffer = Math.min(settings.maxPayload(), MAX_DATAGRAM) + 1;
        return new Bootstrap().group(group).channel(transport.datagramChannel())
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(buffer))
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        pipeline.accept(channel);
                    }
                });
    }

    /**
     * One datagram socket per worker loop, all on the port the first one got: returns the first
     * one's bind (the listener's address), or the first failed one.
     */
    private ChannelFuture bindDatagramPerWorker(ListenUrl url, ServerSettings settings, Consumer<Channel> pipeline) {
        if (!transport.reusePort()) {
            throw new IllegalStateException("cannot listen on " + url + ": server.mode=base needs SO_REUSEPORT for UDP"
                    + " (one socket per worker on one port), which the " + transport.configName()
                    + " transport does not offer here; use server.mode=process");
        }
        ChannelFuture first = null;
        int port = url.port();
        for (EventLoop loop : workerLoops()) {
            ChannelFuture bound = transport.withReusePort(datagram(loop, settings, pipeline))
                    .bind(url.host(), port).awaitUninterruptibly();
            if (!bound.isSuccess()) {
                return bound;
            }
            listeners.add(bound.channel());
            if (first == null) {
                first = bound;
                port = ((InetSocketAddress) bound.channel().localAddress()).getPort();
            }
        }
        return first;
    }

    private ChannelFuture bindStream(ListenUrl url, ServerSettings settings, Incidents incidents,
                                     Consumer<Channel> pipeline) {
        return new ServerBootstrap().group(boss, workers != null ? workers : io).channel(transport.serverChannel())
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        if (!limit.admit(channel, settings.maxConnections(), incidents)) {
                            return;
                        }
                        connections.add(channel);
                        pipeline.accept(channel);
                    }
                }).bind(url.host(), url.port());
    }

    /** Connections refused because {@code server.max_connections} were open. */
    public long refusedConnections() {
        return limit.refused();
    }

    private BoundListener await(ListenUrl url, ChannelFuture bound) {
        bound.awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new IllegalStateException("cannot listen on " + url + ": " + bound.cause(), bound.cause());
        }
        listeners.add(bound.channel());
        return new BoundListener(url, (InetSocketAddress) bound.channel().localAddress());
    }

    /** Stops accepting: closes every listener (not the connections). */
    public void closeListeners() {
        listeners.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /**
     * Closes each stream connection once it is quiet ({@link ConnectionFlow#closeWhenQuiet}: nothing
     * pending and nothing read for {@code quiet}) and returns when all are closed, or after
     * {@code bound}. Meant for after dispatch stopped (every request read now is refused and ends
     * its connection) and before {@link #shutdown}, which closes whatever is left. Without it, a
     * client sending its next keep-alive request as the stop closes its connection loses it; with
     * it, that client gets its refusal, and only a client silent for {@code quiet} can meet the
     * close, as it can meet any idle close. Admin connections are left to {@link #shutdown}.
     */
    public void closeWhenQuiet(Duration quiet, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        List<Channel> closing = new ArrayList<>();
        for (Channel channel : connections) {
            ConnectionFlow flow = channel.pipeline().get(ConnectionFlow.class);
            if (flow == null) {
                continue;
            }
            try {
                channel.eventLoop().execute(() -> flow.closeWhenQuiet(quiet.toNanos()));
                closing.add(channel);
            } catch (RejectedExecutionException e) {
                // Its event loop is gone, and the connection with it.
            }
        }
        for (Channel channel : closing) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !channel.closeFuture().awaitUninterruptibly(TimeUnit.NANOSECONDS.toMillis(left) + 1)) {
                return;
            }
        }
    }

    /** Closes every connection and stops the event loops; waits at most {@code timeout}. */
    public void shutdown(Duration timeout) {
        listeners.close().awaitUninterruptibly(timeout.toMillis());
        connections.close().awaitUninterruptibly(timeout.toMillis());
        List<io.netty.util.concurrent.Future<?>> stopping = new ArrayList<>();
        stopping.add(boss.shutdownGracefully(0, timeout.toMillis(), TimeUnit.MILLISECONDS));
        stopping.add(io.shutdownGracefully(0, timeout.toMillis(), TimeUnit.MILLISECONDS));
        if (workers != null) {
            stopping.add(workers.shutdownGracefully(0, timeout.toMillis(), TimeUnit.MILLISECONDS));
        }
        stopping.forEach(future -> future.awaitUninterruptibly(timeout.toMillis()));
    }
}
