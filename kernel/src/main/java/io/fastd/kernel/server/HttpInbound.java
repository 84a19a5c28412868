package io.fastd.kernel.server;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.ReadTimeoutException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Aggregated HTTP requests of one connection: each becomes an immutable {@link HttpRequest} on the
 * event loop and is queued to a request worker. A request Netty could not decode gets 400 and the
 * connection closes; oversized bodies get 413 from the aggregator before they are buffered; a full
 * queue gets 503.
 */
final class HttpInbound extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger log = LoggerFactory.getLogger(HttpInbound.class);

    private final Dispatcher dispatcher;
    private WorkerSlot connectionSlot;

    HttpInbound(Dispatcher dispatcher) {
        this.dispatcher = requireNonNull(dispatcher, "dispatcher is null");
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        connectionSlot = dispatcher.forConnection(ctx.channel());
        super.channelActive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (request.decoderResult().isFailure()) {
            log.info("HTTP request from {} malformed: {}", ctx.channel().remoteAddress(), request.decoderResult().cause().toString());
            write(ctx.channel(), HttpResponse.error(400, "malformed request"), false);
            return;
        }
        HttpRequest value;
        try {
            value = convert(request);
        } catch (IllegalArgumentException e) {
            log.info("HTTP request from {} malformed: {}", ctx.channel().remoteAddress(), e.getMessage());
            write(ctx.channel(), HttpResponse.error(400, "malformed request"), false);
            return;
        }
        WorkerSlot slot = connectionSlot != null ? connectionSlot : dispatcher.next();
        dispatcher.submit(slot, new RequestJob(ctx.channel(), value, keepAlive));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof ReadTimeoutException) {
            log.debug("HTTP connection {} idle too long; closing", ctx.channel().remoteAddress());
        } else {
            log.debug("HTTP connection {}: {}", ctx.channel().remoteAddress(), cause.toString());
        }
        ctx.close();
    }

    private static HttpRequest convert(FullHttpRequest request) {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        // One pass over the headers (names() + getAll(name) would walk them once per name).
        Map<String, List<String>> headers = new HashMap<>();
        for (var header : request.headers()) {
            headers.computeIfAbsent(header.getKey().toLowerCase(Locale.ROOT), name -> new ArrayList<>(1)).add(header.getValue());
        }
        return new HttpRequest(request.method().name(), uri.path(), uri.parameters(), headers,
                ByteBufUtil.getBytes(request.content()));
    }

    /** Writes a response; thread-safe. Closes the connection after it unless keep-alive. */
    static void write(Channel channel, HttpResponse response, boolean keepAlive) {
        byte[] body = response.body();
        FullHttpResponse out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(response.status()), Unpooled.wrappedBuffer(body));
        response.headers().forEach((name, value) -> out.headers().set(name, value));
        out.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        HttpUtil.setKeepAlive(out, keepAlive);
        ChannelFuture written = channel.writeAndFlush(out);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** One request for a worker. */
    private record RequestJob(Channel channel, HttpRequest request, boolean keepAlive) implements Job {
        @Override
        public void run(HandlerSet handlers) throws Exception {
            HttpResponse response = handlers.get(HttpHandler.class).handle(request);
            if (response == null) {
                throw new IllegalStateException("HttpHandler returned null for " + request.method() + " " + request.path());
            }
            write(channel, response, keepAlive);
        }

        @Override
        public void fail(Throwable error) {
            if (error instanceof BadRequestException) {
                write(channel, HttpResponse.error(400, error.getMessage() == null ? "bad request" : error.getMessage()), keepAlive);
            } else {
                write(channel, HttpResponse.error(500, "internal server error"), keepAlive);
            }
        }

        @Override
        public void reject(String reason) {
            write(channel, HttpResponse.error(503, reason), keepAlive && Dispatcher.BUSY.equals(reason));
        }
    }
}
