package io.fastd.kernel.server.internal.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ByteProcessor;
import java.util.List;

/**
 * Netty's HTTP/1.1 request decoder, made strict where RFC 9112 lets a recipient choose and a
 * lenient choice enables request smuggling behind a proxy that chose otherwise. Netty parses; this
 * class only refuses, turning the request into a failed one (the connection answers it and closes):
 * <ul>
 *   <li>both {@code Content-Length} and {@code Transfer-Encoding} (Netty would drop the length);</li>
 *   <li>{@code Transfer-Encoding} other than exactly one {@code chunked} ({@link Unsupported}, 501),
 *       or any {@code Transfer-Encoding} in an HTTP/1.0 request;</li>
 *   <li>a version other than HTTP/1.0 and HTTP/1.1 ({@link Unsupported}, 505);</li>
 *   <li>in the request line and header section: a bare LF or CR (a line must end with CRLF), and a
 *       line starting with a space or tab (obsolete line folding, or whitespace before the first
 *       field).</li>
 * </ul>
 * Duplicate or invalid {@code Content-Length} values Netty refuses itself
 * ({@code allowDuplicateContentLengths} is off).
 *
 * <p>It also tells the connection's deadlines where the request is ({@link #phase()}): between
 * requests, inside a head since its first byte, or inside a body since the end of its head.
 */
final class StrictHttpDecoder extends HttpRequestDecoder implements Deadlines.Phase {

    /** A request the server understands but does not support: answered with {@link #status}. */
    static final class Unsupported extends IllegalArgumentException {
        final int status;

        Unsupported(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private final LineCheck lineCheck = new LineCheck();
    private int phase = BETWEEN;
    private long phaseStart = System.nanoTime();
    private boolean refused;

    StrictHttpDecoder() {
        super(new HttpDecoderConfig().setAllowDuplicateContentLengths(false));
    }

    @Override
    public int phase() {
        return phase;
    }

    @Override
    public long phaseStart() {
        return phaseStart;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
        if (refused) {
            buffer.skipBytes(buffer.readableBytes());
            return;
        }
        int before = out.size();
        if (phase == BODY) {
            super.decode(ctx, buffer, out);
            track(out, before);
            return;
        }
        if (phase == BETWEEN && buffer.isReadable()) {
            phase = HEAD;
            phaseStart = System.nanoTime();
        }
        int start = buffer.readerIndex();
        super.decode(ctx, buffer, out);
        int consumed = buffer.readerIndex() - start;
        // Netty returns as soon as a head is complete, so the bytes it consumed here are head bytes.
        if (consumed > 0 && buffer.forEachByte(start, consumed, lineCheck) >= 0) {
            String problem = lineCheck.problem;
            for (int i = out.size() - 1; i >= before; i--) {
                io.netty.util.ReferenceCountUtil.release(out.remove(i));
            }
            refused = true;
            buffer.skipBytes(buffer.readableBytes());
            HttpMessage invalid = createInvalidMessage();
            invalid.setDecoderResult(DecoderResult.failure(new IllegalArgumentException(problem)));
            out.add(invalid);
            return;
        }
        track(out, before);
    }

    private void track(List<Object> out, int from) {
        for (int i = from; i < out.size(); i++) {
            Object decoded = out.get(i);
            if (decoded instanceof HttpMessage) {
                phase = BODY;
                phaseStart = System.nanoTime();
                lineCheck.reset();
            }
            if (decoded instanceof LastHttpContent) {
                phase = BETWEEN;
                phaseStart = System.nanoTime();
            }
        }
    }

    @Override
    protected HttpMessage createMessage(String[] initialLine) throws Exception {
        HttpMessage message = super.createMessage(initialLine);
        HttpVersion version = message.protocolVersion();
        if (!"HTTP".equals(version.protocolName())) {
            throw new IllegalArgumentException("not an HTTP version: " + initialLine[2]);
        }
        if (!version.equals(HttpVersion.HTTP_1_1) && !version.equals(HttpVersion.HTTP_1_0)) {
            throw new Unsupported(505, "HTTP version " + version.text() + " not supported (HTTP/1.0 and HTTP/1.1 are)");
        }
        return message;
    }

    /** Called by Netty once the headers are read, before it picks the body framing. */
    @Override
    protected boolean isContentAlwaysEmpty(HttpMessage message) {
        HttpHeaders headers = message.headers();
        if (headers.contains(HttpHeaderNames.TRANSFER_ENCODING)) {
            List<String> codings = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
            if (headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
                throw new IllegalArgumentException("both Content-Length and Transfer-Encoding");
            }
            if (message.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
                throw new IllegalArgumentException("Transfer-Encoding in an HTTP/1.0 request");
            }
            if (codings.size() != 1 || !"chunked".equalsIgnoreCase(codings.get(0).trim())) {
                throw new Unsupported(501, "Transfer-Encoding " + String.join(", ", codings)
                        + " not supported (only chunked is)");
            }
        }
        return super.isContentAlwaysEmpty(message);
    }

    /** Finds a bare LF or CR, or a line starting with a space or tab, in head bytes. */
    private static final class LineCheck implements ByteProcessor {
        private byte previous;
        private String problem;

        void reset() {
            previous = 0;
        }

        @Override
        public boolean process(byte value) {
            if (value == '\n' && previous != '\r') {
                problem = "bare LF in the request head (lines must end with CRLF)";
                return false;
            }
            if (previous == '\r' && value != '\n') {
                problem = "bare CR in the request head";
                return false;
            }
            if (previous == '\n' && (value == ' ' || value == '\t')) {
                problem = "obsolete line folding or whitespace at the start of a header line";
                return false;
            }
            previous = value;
            return true;
        }
    }
}
