package io.fastd.bench.e2e;

import com.zaxxer.hikari.HikariDataSource;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.LoggerFactory;

/**
 * Contestant (b): the baseline a Java user writes without this kernel. Plain Netty over NIO, or over
 * native epoll for the contestant {@code nettyepoll} (one boss thread, one event loop per available
 * processor), {@code HttpServerCodec} + {@code HttpObjectAggregator}, and the blocking JDBC handler
 * added with a {@code DefaultEventExecutorGroup(W)} so it never blocks an event loop; one HikariCP
 * pool of W connections. UDP: one datagram channel (NIO or epoll, as above) on the same event loops
 * whose queries run on the same executor group. Both answer {@link World#readRandom}.
 */
final class NettyHikariWorld {

    private final boolean epoll;
    private final EventLoopGroup boss;
    private final EventLoopGroup loops;
    private final DefaultEventExecutorGroup executors;
    private final HikariDataSource dataSource;
    private final AtomicLong failures = new AtomicLong();
    private Channel http;
    private Channel udp;

    private NettyHikariWorld(boolean epoll, int workers, String host, int port) {
        this.epoll = epoll;
        boss = group(1, "netty-boss");
        loops = group(Runtime.getRuntime().availableProcessors(), "netty-io");
        executors = new DefaultEventExecutorGroup(workers, new DefaultThreadFactory("netty-jdbc"));
        dataSource = Apps.hikariDataSource(workers, host, port);
    }

    /**
     * Serves HTTP on 127.0.0.1:{@code httpPort} and UDP on an ephemeral port ({@link #udpPort()}),
     * over native epoll if {@code epoll}, else over NIO.
     */
    static NettyHikariWorld start(boolean epoll, int workers, String host, int port, int httpPort)
            throws InterruptedException {
        NettyHikariWorld world = new NettyHikariWorld(epoll, workers, host, port);
        HttpWorldHandler handler = world.new HttpWorldHandler();
        Class<? extends ServerChannel> serverChannel = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        Class<? extends Channel> datagramChannel = epoll ? EpollDatagramChannel.class : NioDatagramChannel.class;
        world.http = new ServerBootstrap().group(world.boss, world.loops).channel(serverChannel)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(64 * 1024))
                                .addLast(world.executors, handler);
                    }
                }).bind("127.0.0.1", httpPort).sync().channel();
        world.udp = new Bootstrap().group(world.loops).channel(datagramChannel)
                .handler(world.new UdpWorldHandler()).bind("127.0.0.1", 0).sync().channel();
        return world;
    }

    private EventLoopGroup group(int threads, String name) {
        DefaultThreadFactory factory = new DefaultThreadFactory(name);
        return epoll ? new EpollEventLoopGroup(threads, factory) : new NioEventLoopGroup(threads, factory);
    }

    int udpPort() {
        return ((InetSocketAddress) udp.localAddress()).getPort();
    }

    void stop() {
        http.close().syncUninterruptibly();
        udp.close().syncUninterruptibly();
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        executors.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        dataSource.close();
        System.err.println("netty: " + failures.get() + " failed requests or unexpected errors");
    }

    private String query() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return World.readRandom(c);
        }
    }

    private void failed(Throwable e) {
        if (failures.getAndIncrement() == 0) {
            // the first one only: a broken setup would otherwise flood the log
            LoggerFactory.getLogger(NettyHikariWorld.class).warn("request failed (later failures are only counted)", e);
        }
    }

    /** Runs on one thread of the executor group (Netty pins each connection to one of them). */
    @ChannelHandler.Sharable
    private final class HttpWorldHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            FullHttpResponse response;
            try {
                ByteBuf body = Unpooled.copiedBuffer(query(), StandardCharsets.UTF_8);
                response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
                response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
            } catch (SQLException e) {
                failed(e);
                response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.INTERNAL_SERVER_ERROR);
            }
            HttpUtil.setContentLength(response, response.content().readableBytes());
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            HttpUtil.setKeepAlive(response, keepAlive);
            ChannelFuture written = ctx.writeAndFlush(response);
            if (!keepAlive) {
                written.addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (!(cause instanceof IOException)) {
                failed(cause); // an IOException is wrk resetting its connections at the end of a run
            }
            ctx.close();
        }
    }

    /**
     * Runs on the event loop and hands every datagram to the executor group itself: a handler added
     * with {@code addLast(executors, ...)} would be pinned to one executor thread, and there is only
     * one datagram channel, so all W but one threads (and pooled connections) would sit idle.
     */
    private final class UdpWorldHandler extends SimpleChannelInboundHandler<DatagramPacket> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            InetSocketAddress sender = packet.sender();
            Channel channel = ctx.channel();
            executors.execute(() -> {
                try {
                    ByteBuf reply = Unpooled.copiedBuffer(query(), StandardCharsets.UTF_8);
                    channel.writeAndFlush(new DatagramPacket(reply, sender));
                } catch (SQLException e) {
                    failed(e); // no reply: the client counts a timeout
                }
            });
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failed(cause); // keep the one datagram channel open
        }
    }
}
