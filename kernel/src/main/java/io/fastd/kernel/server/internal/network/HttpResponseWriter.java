package io.fastd.kernel.server.internal.network;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;

/**
 * Encodes a handler's response as one complete HTTP/1.1 response in a single {@link ByteBuf} from
 * the channel's allocator: {@code HTTP/1.1 <code> <reason>}, the handler's headers in their order,
 * {@code content-length}, {@code connection: close} when the connection ends after it, the empty
 * line, then the body (none for HEAD, which still gets the body's length). As Netty's encoder
 * did, 1xx (but a 101 without {@code Sec-WebSocket-Version}) and 204 answers have neither length
 * nor body, 304 the length but no body, 205 a {@code content-length: 0} and no body.
 *
 * <p>The server owns the framing: a handler's own {@code content-length}, {@code transfer-encoding}
 * and {@code connection} headers (any case) are dropped. Of two header names equal but for case
 * the later one is kept, in its place. A header name must be an HTTP token and a value must hold
 * no control character but HTAB (no CR, LF, NUL, DEL): otherwise {@link #write} throws
 * {@link IllegalArgumentException} naming the header, never quoting its value, and allocates
 * nothing. Characters beyond US-ASCII are sent as {@code ?}. The status lines are encoded once.
 */
final class HttpResponseWriter {

    private static final byte[][] STATUS_LINES = new byte[600][];
    private static final byte[] CONTENT_LENGTH = "content-length: ".getBytes(US_ASCII);
    private static final byte[] CONNECTION_CLOSE = "connection: close\r\n".getBytes(US_ASCII);
    private static final String[] NO_NAMES = new String[0];
    private static final int CRLF = ('\r' << 8) | '\n';
    private static final int COLON_SPACE = (':' << 8) | ' ';

    static {
        for (int code = 100; code < STATUS_LINES.length; code++) {
            STATUS_LINES[code] = ("HTTP/1.1 " + HttpResponseStatus.valueOf(code) + "\r\n").getBytes(US_ASCII);
        }
    }

    private HttpResponseWriter() {
    }

    /** The encoded status line of {@code status} (100 to 599), CRLF included; callers must not modify it. */
    static byte[] statusLine(int status) {
        if (status < 100 || status >= STATUS_LINES.length) {
            throw new IllegalArgumentException("HTTP status must lie in [100, 599]: " + status);
        }
        return STATUS_LINES[status];
    }

    /**
     * The complete response in one buffer from {@code alloc}; the caller owns (and must release or
     * write) it. {@code close}: the connection ends after it. {@code head}: the answer to a HEAD
     * request, so the body is not sent.
     *
     * @throws IllegalArgumentException if a header name is not a token or a value holds a control
     *     character; nothing is allocated then
     */
    static ByteBuf write(ByteBufAllocator alloc, int status, Map<String, String> headers, byte[] body, boolean close,
                         boolean head) {
        byte[] line = statusLine(status);
        String[] names = headers.isEmpty() ? NO_NAMES : headers.keySet().toArray(NO_NAMES);
        int length = line.length + (close ? CONNECTION_CLOSE.length : 0) + 2;
        boolean websocket = false;
        for (int i = 0; i < names.length; i++) {
            String name = names[i];
            String value = headers.get(name);
            checkName(name);
            checkValue(name, value);
            if (framing(name) || shadowed(names, i)) {
                names[i] = null;
            } else {
                length += name.length() + value.length() + 4;
                websocket |= name.equalsIgnoreCase("sec-websocket-version");
            }
        }
        // RFC 9110 6.4.1, 15.3.5, 15.3.6, 15.4.5: these statuses have no content, and 1xx and 204
        // no content-length; Netty's encoder made a 101 one of them only with Sec-WebSocket-Version.
        boolean interim = status < 200 && (status != 101 || websocket);
        boolean noLength = interim || status == 204;
        boolean noBody = head || interim || status == 204 || status == 205 || status == 304;
        int contentLength = status == 205 ? 0 : body.length;
        if (!noLength) {
            length += CONTENT_LENGTH.length + digits(contentLength) + 2;
        }
        if (!noBody) {
            length += body.length;
        }
        ByteBuf out = alloc.buffer(length);
        out.writeBytes(line);
        for (String name : names) {
            if (name != null) {
                ByteBufUtil.writeAscii(out, name);
                out.writeShort(COLON_SPACE);
                ByteBufUtil.writeAscii(out, headers.get(name));
                out.writeShort(CRLF);
            }
        }
        if (!noLength && status != 205) {
            writeContentLength(out, contentLength);
        }
        if (close) {
            out.writeBytes(CONNECTION_CLOSE);
        }
        if (status == 205) {
            writeContentLength(out, 0); // last, as Netty's encoder put it
        }
        out.writeShort(CRLF);
        if (!noBody) {
            out.writeBytes(body);
        }
        return out;
    }

    private static void writeContentLength(ByteBuf out, int value) {
        out.writeBytes(CONTENT_LENGTH);
        writeDecimal(out, value);
        out.writeShort(CRLF);
    }

    /** True for the headers the server sets itself (the framing). */
    private static boolean framing(String name) {
        return name.equalsIgnoreCase("content-length") || name.equalsIgnoreCase("transfer-encoding")
                || name.equalsIgnoreCase("connection");
    }

    /** True if a later name equals {@code names[index]} but for case (the later one is sent). */
    private static boolean shadowed(String[] names, int index) {
        for (int later = index + 1; later < names.length; later++) {
            if (names[index].equalsIgnoreCase(names[later])) {
                return true;
            }
        }
        return false;
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("response header name is " + (name == null ? "null" : "empty"));
        }
        for (int i = 0; i < name.length(); i++) {
            if (!token(name.charAt(i))) {
                throw new IllegalArgumentException("response header name \"" + printable(name)
                        + "\" is not an HTTP token: character 0x" + Integer.toHexString(name.charAt(i)) + " at index " + i);
            }
        }
    }

    private static void checkValue(String name, String value) {
        if (value == null) {
            throw new IllegalArgumentException("response header " + name + " has a null value");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < ' ' && c != '\t') || c == 0x7f) {
                throw new IllegalArgumentException("response header " + name + ": its value holds control character 0x"
                        + Integer.toHexString(c) + " at index " + i + " (only HTAB is allowed)");
            }
        }
    }

    /** RFC 9110 tchar. */
    private static boolean token(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    /** {@code text} with every character outside printable US-ASCII shown as {@code ?} (for error messages). */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(c >= ' ' && c < 0x7f ? c : '?');
        }
        return out.toString();
    }

    private static int digits(int value) {
        int digits = 1;
        for (int rest = value; rest >= 10; rest /= 10) {
            digits++;
        }
        return digits;
    }

    private static void writeDecimal(ByteBuf out, int value) {
        int divisor = 1;
        for (int i = digits(value); i > 1; i--) {
            divisor *= 10;
        }
        for (; divisor > 0; divisor /= 10) {
            out.writeByte('0' + value / divisor % 10);
        }
    }
}
