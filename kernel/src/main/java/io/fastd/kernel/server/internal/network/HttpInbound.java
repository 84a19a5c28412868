package io.fastd.kernel.server.internal.network;

import static java.util.Objects.requireNonNull;

import com.google.inject.Key;
import io.fastd.kernel.server.api.BadRequestException;
import io.fastd.kernel.server.api.HttpHandler;
import io.fastd.kernel.server.api.HttpRequest;
import io.fastd.kernel.server.api.HttpResponse;
import io.fastd.kernel.server.internal.manager.Dispatcher;
import io.fastd.kernel.server.internal.manager.HandlerSet;
import io.fastd.kernel.server.internal.manager.Incidents;
import io.fastd.kernel.server.internal.manager.Job;
import io.fastd.kernel.server.internal.manager.WorkerSlot;
import io.fastd.kernel.server.internal.metrics.ListenerMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCountUtil;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Aggregated HTTP requests of one connection, answered in request order ({@link ConnectionFlow}):
 * each becomes an immutable {@link HttpRequest} and goes to a request worker (per request in
 * {@code round_robin}, the connection's worker otherwise); its answer takes its place in the
 * connection's order whichever worker wrote it. Refusals take their place too and end the
 * connection: 400 (malformed or ambiguous framing, see {@link StrictHttpDecoder}), 413 (body over
 * {@code max_payload}), 501/505 (transfer coding, version), 408 (a head or body not complete
 * within its deadline, see {@link HttpDeadlines}); 503 when the worker's queue is full keeps it.
 * A request with {@code Connection: close} (or HTTP/1.0 without keep-alive) is the last one
 * started. Refusals are counted per status and cause in {@link Incidents} (summaries, never a log
 * line per request).
 */
final class HttpInbound extends ConnectionFlow {

    private static final Logger log = LoggerFactory.getLogger(HttpInbound.class);

    /** Read in place of a request whose head or body missed its deadline. */
    static final Object TIMED_OUT = new Object() {
        @Override
        public String toString() {
            return "request not complete within its deadline";
        }
    };

    /** The event every refused request is counted under, in {@link Incidents}. */
    static final String REFUSED = "HTTP request refused";

    private final Dispatcher dispatcher;
    private final Key<HttpHandler> handlerKey;
    private final ListenerMetrics metrics;
    private WorkerSlot connectionSlot;

    HttpInbound(Dispatcher dispatcher, int maxPipelined, Key<HttpHandler> handlerKey, ListenerMetrics metrics) {
        super(maxPipelined);
        this.dispatcher = requireNonNull(dispatcher, "dispatcher is null");
        this.handlerKey = requireNonNull(handlerKey, "handlerKey is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        connectionSlot = dispatcher.forConnection(ctx.channel());
        super.channelActive(ctx);
    }

    @Override
    void timedOut() {
        failInput(TIMED_OUT);
    }

    @Override
    boolean endsInput(Object message) {
        return !(message instanceof io.netty.handler.codec.http.HttpRequest request)
                || request.decoderResult().isFailure() || !keepAlive(request);
    }

    @Override
    void start(Object message, long seq) {
        // A request (aggregated, or bodiless and passed on as read: see HttpAggregator), or a marker.
        if (!(message instanceof io.netty.handler.codec.http.HttpRequest request)) {
            boolean tooLarge = message == HttpAggregator.TOO_LARGE;
            log.debug("HTTP connection {}: {}", context().channel().remoteAddress(), message);
            dispatcher.incidents().record(REFUSED, tooLarge ? "413 body over server.max_payload" : "408 deadline", null);
            finish(seq, encode(tooLarge ? HttpResponse.error(413, "request body larger than server.max_payload")
                    : HttpResponse.error(408, "request not complete within its deadline"), false, false), true);
            return;
        }
        try {
            if (request.decoderResult().isFailure()) {
                Throwable cause = request.decoderResult().cause();
                log.debug("HTTP request from {} refused: {}", context().channel().remoteAddress(), cause.toString());
                HttpResponse refusal = refusal(cause);
                dispatcher.incidents().record(REFUSED, refusal.status() + " " + cause.getClass().getSimpleName(), null);
                finish(seq, encode(refusal, false, false), true);
                return;
            }
            boolean keepAlive = keepAlive(request);
            boolean head = request.method() == HttpMethod.HEAD;
            HttpRequest value;
            try {
                value = HttpRequestConverter.convert(request);
            } catch (IllegalArgumentException e) {
                log.debug("HTTP request from {} malformed: {}", context().channel().remoteAddress(), e.getMessage());
                dispatcher.incidents().record(REFUSED, "400 malformed", null);
                finish(seq, encode(HttpResponse.error(400, "malformed request"), false, false), true);
                return;
            }
            WorkerSlot slot = connectionSlot != null ? connectionSlot : dispatcher.next();
            dispatcher.submit(slot, new RequestJob(this, seq, value, keepAlive, head, slot.id(), System.nanoTime()));
        } finally {
            ReferenceCountUtil.release(request);
        }
    }

    /** {@link HttpUtil#isKeepAlive}, without its value iterators when there is no {@code Connection} header. */
    private static boolean keepAlive(HttpMessage message) {
        return message.headers().contains(HttpHeaderNames.CONNECTION) ? HttpUtil.isKeepAlive(message)
                : message.protocolVersion().isKeepAliveDefault();
    }

    private static HttpResponse refusal(Throwable cause) {
        if (cause instanceof StrictHttpDecoder.Unsupported unsupported) {
            return HttpResponse.error(unsupported.status, unsupported.getMessage());
        }
        if (cause instanceof TooLongHttpLineException) {
            return HttpResponse.error(414, "request line too long");
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return HttpResponse.error(431, "request header fields too large");
        }
        if (cause instanceof IllegalArgumentException && !(cause instanceof NumberFormatException)
                && cause.getMessage() != null && !(cause instanceof TooLongFrameException)) {
            return HttpResponse.error(400, "malformed request: " + cause.getMessage());
        }
        return HttpResponse.error(400, "malformed request");
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("HTTP connection {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    /** {@code response} encoded ({@link HttpResponseWriter}); a HEAD response has the length but not the body. */
    private ByteBuf encode(HttpResponse response, boolean keepAlive, boolean head) {
        return HttpResponseWriter.write(context().alloc(), response.status(), response.headers(), response.body(),
                !keepAlive, head);
    }

    /**
     * One request for a worker; its answer goes back to the connection's place {@code seq}, and is
     * counted (and access-logged) for {@code worker}, timed from {@code startNanos}.
     */
    private record RequestJob(HttpInbound connection, long seq, HttpRequest request, boolean keepAlive, boolean head,
                              int worker, long startNanos) implements Job {
        @Override
        public void run(HandlerSet handlers) throws Exception {
            HttpResponse response = handlers.get(connection.handlerKey).handle(request);
            if (response == null) {
                throw new IllegalStateException("HttpHandler returned null for " + request.method() + " " + request.path());
            }
            answer(response, keepAlive, true);
        }

        @Override
        public void fail(Throwable error) {
            if (error instanceof BadRequestException) {
                answer(HttpResponse.error(400, error.getMessage() == null ? "bad request" : error.getMessage()), keepAlive,
                        true);
            } else {
                answer(HttpResponse.error(500, "internal server error"), keepAlive, true);
            }
        }

        @Override
        public void reject(String reason) {
            answer(HttpResponse.error(503, reason), keepAlive && Dispatcher.BUSY.equals(reason), false);
        }

        /** Throws IllegalArgumentException for a header the writer refuses (the job path answers 500). */
        private void answer(HttpResponse response, boolean keep, boolean ran) {
            byte[] body = response.body();
            ByteBuf out = HttpResponseWriter.write(connection.context().alloc(), response.status(), response.headers(), body,
                    !keep, head);
            int bytesOut = head ? 0 : body.length;
            connection.finish(seq, out, !keep);
            connection.metrics.http(worker, startNanos, ran, request.method(), request.path(), response.status(),
                    bytesOut);
        }
    }
}
