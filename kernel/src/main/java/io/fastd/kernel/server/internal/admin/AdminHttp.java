package io.fastd.kernel.server.internal.admin;

import static java.util.Objects.requireNonNull;

import io.fastd.kernel.server.api.HttpRequest;
import io.fastd.kernel.server.api.HttpResponse;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin endpoint on Netty: HTTP/1.1 with keep-alive, request bodies of at most
 * {@link #MAX_BODY} bytes (else 413), answers by {@link AdminRoutes}. Answers are computed off the
 * event loop (a reload blocks until it is done) on a few shared daemon threads, and sent in
 * request order per connection.
 */
public final class AdminHttp {

    /** The largest request body the admin endpoint reads. */
    static final int MAX_BODY = 8 * 1024;

    /** The most requests one connection may have read and not yet had answered. */
    static final int MAX_PIPELINED = 16;

    private static final Logger log = LoggerFactory.getLogger(AdminHttp.class);

    /** Shared by every server of the JVM; idle threads end, so nothing needs shutting down. */
    private static final ExecutorService ANSWERS = answers();

    private AdminHttp() {
    }

    /** The admin endpoint's pipeline for {@code server}; the token guards identity, reload and stop. */
    public static ChannelInitializer<SocketChannel> initializer(AdminTarget server, String token) {
        AdminRoutes routes = new AdminRoutes(server, token);
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                channel.pipeline().addLast(handlers(routes));
            }
        };
    }

    /** One connection's handlers, in pipeline order. */
    static ChannelHandler[] handlers(AdminRoutes routes) {
        return new ChannelHandler[] {new HttpServerCodec(4096, 8192, MAX_BODY), new Aggregator(), new Handler(routes)};
    }

    /**
     * Logs a warning when the endpoint listens beyond loopback: health, status and metrics are then
     * open to that network; reload, stop and identity still need the token.
     */
    public static void warnIfNotLoopback(InetSocketAddress bound, String url) {
        if (!bound.getAddress().isLoopbackAddress()) {
            log.warn("admin endpoint {} listens beyond loopback: health, status and metrics answer anyone who can"
                    + " reach it; reload and stop still need the token", url);
        }
    }

    private static ExecutorService answers() {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, "fastd-admin");
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    private static void write(ChannelHandlerContext ctx, HttpResponse response, boolean keepAlive) {
        byte[] body = response.body();
        DefaultFullHttpResponse out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(response.status()), Unpooled.wrappedBuffer(body));
        response.headers().forEach(out.headers()::set);
        out.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        HttpUtil.setKeepAlive(out, keepAlive);
        ChannelFuture written = ctx.writeAndFlush(out);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Bodies over {@link #MAX_BODY}: a JSON 413. */
    private static final class Aggregator extends HttpObjectAggregator {
        Aggregator() {
            super(MAX_BODY);
        }

        /**
         * A keep-alive request whose body is still coming gets its 413 and the connection stays open
         * (the aggregator drops the rest of that body): closing now, with the body unread, would
         * reset the connection, and the client would see the reset instead of the answer. Any
         * other oversized request gets its 413, then the connection closes.
         */
        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            boolean keepAlive = !(oversized instanceof FullHttpMessage) && HttpUtil.isKeepAlive(oversized);
            write(ctx, HttpResponse.error(413, "request body over " + MAX_BODY + " bytes"), keepAlive);
        }
    }

    /** One connection: requests answered one after another, in order. */
    private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {

        private final AdminRoutes routes;
        /** The last answer of this connection; touched on its event loop only. */
        private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
        /** Requests read but not yet answered; on the event loop only. */
        private int pending;

        Handler(AdminRoutes routes) {
            this.routes = requireNonNull(routes, "routes is null");
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest message) {
            if (message.decoderResult().isFailure()) {
                write(ctx, HttpResponse.error(400, "bad request: " + message.decoderResult().cause().getMessage()), false);
                return;
            }
            if (pending >= MAX_PIPELINED) {
                // A client that pipelines more than this without reading the answers is not a probe
                // or a scraper: drop it rather than queue its requests without bound.
                log.debug("admin connection {}: over {} requests pipelined, closed", ctx.channel().remoteAddress(),
                        MAX_PIPELINED);
                ctx.close();
                return;
            }
            HttpRequest request = request(message);
            boolean keepAlive = HttpUtil.isKeepAlive(message);
            pending++;
            // One request at a time: stop reading until this one is answered (the codec may still
            // decode what one read brought, hence the bound above).
            ctx.channel().config().setAutoRead(false);
            tail = tail.thenApplyAsync(ignored -> routes.answer(request), ANSWERS)
                    .thenAccept(response -> ctx.executor().execute(() -> {
                        write(ctx, response, keepAlive);
                        if (--pending == 0) {
                            ctx.channel().config().setAutoRead(true);
                        }
                    }));
        }

        private static HttpRequest request(FullHttpRequest message) {
            QueryStringDecoder uri = new QueryStringDecoder(message.uri());
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (String name : message.headers().names()) {
                headers.put(name, message.headers().getAll(name));
            }
            return new HttpRequest(message.method().name(), uri.path(), uri.parameters(), headers,
                    ByteBufUtil.getBytes(message.content()));
        }

        /** Idle (an {@link IdleStateEvent} from the pipeline): closed unless an answer is still due. */
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof IdleStateEvent) {
                if (pending == 0) {
                    ctx.close();
                }
                return;
            }
            ctx.fireUserEventTriggered(event);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("admin connection {}: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }
    }
}
