package io.fastd.kernel.server.internal.network;

import io.fastd.kernel.server.api.HttpRequest;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns Netty's request (aggregated, or bodiless and passed on as read) into the handler's {@link HttpRequest}: the method's name, the
 * path and query as {@link QueryStringDecoder} decodes them (a URI without {@code ?}, {@code #}
 * and {@code %} is its own path, with no query, which is what the decoder would find), the
 * headers with lower-cased names, each with all its values in order, and the body's bytes.
 */
final class HttpRequestConverter {

    /** Lower-case spellings of the common header names, handed out instead of lower-casing a copy. */
    private static final String[] KNOWN_NAMES = {"host", "user-agent", "accept", "accept-encoding", "accept-language",
        "connection", "content-length", "content-type", "authorization", "cookie", "cache-control", "origin", "referer",
        "x-forwarded-for", "x-request-id"};
    private static final byte[] NO_BODY = new byte[0];
    private static final String CONTENT_LENGTH = "content-length";
    private static final List<String> NO_LENGTH = List.of("0");

    private HttpRequestConverter() {
    }

    /**
     * The handler's view of {@code request} (which the caller still owns and releases).
     *
     * @throws IllegalArgumentException if the URI's escapes cannot be decoded
     */
    static HttpRequest convert(io.netty.handler.codec.http.HttpRequest request) {
        String uri = request.uri();
        String path;
        Map<String, List<String>> query;
        if (uri.indexOf('?') < 0 && uri.indexOf('#') < 0 && uri.indexOf('%') < 0) {
            path = uri;
            query = Map.of();
        } else {
            QueryStringDecoder decoder = new QueryStringDecoder(uri);
            path = decoder.path();
            query = decoder.parameters();
        }
        byte[] body = request instanceof FullHttpRequest full && full.content().isReadable()
                ? ByteBufUtil.getBytes(full.content()) : NO_BODY;
        return new HttpRequest(request.method().name(), path, query, headers(request), body);
    }

    /**
     * One pass over the headers ({@link RequestHeaders}, or a tree map for a request with more
     * names than it holds). A bodiless request not aggregated ({@link HttpAggregator}) gets the
     * {@code content-length: 0} the aggregation would have added.
     */
    private static Map<String, List<String>> headers(io.netty.handler.codec.http.HttpRequest request) {
        HttpHeaders all = request.headers();
        boolean addLength = !(request instanceof FullHttpRequest) && !all.contains(HttpHeaderNames.CONTENT_LENGTH);
        RequestHeaders headers = new RequestHeaders(all.size() + (addLength ? 1 : 0));
        Iterator<Map.Entry<CharSequence, CharSequence>> each = all.iteratorCharSequence();
        while (each.hasNext()) {
            Map.Entry<CharSequence, CharSequence> header = each.next();
            if (!headers.add(lowerCase(header.getKey()), header.getValue().toString())) {
                return manyHeaders(all, addLength);
            }
        }
        if (addLength && !headers.add(CONTENT_LENGTH, "0")) {
            return manyHeaders(all, true);
        }
        return headers;
    }

    /** {@link #headers} for a request with many names: a tree map, each name's values in a list. */
    private static Map<String, List<String>> manyHeaders(HttpHeaders all, boolean addLength) {
        Map<String, List<String>> headers = new TreeMap<>();
        Iterator<Map.Entry<CharSequence, CharSequence>> each = all.iteratorCharSequence();
        while (each.hasNext()) {
            Map.Entry<CharSequence, CharSequence> header = each.next();
            headers.computeIfAbsent(lowerCase(header.getKey()), name -> new ArrayList<>(1)).add(header.getValue().toString());
        }
        if (addLength) {
            headers.put(CONTENT_LENGTH, NO_LENGTH);
        }
        return headers;
    }

    private static String lowerCase(CharSequence name) {
        String text = name.toString();
        for (String known : KNOWN_NAMES) {
            if (known.length() == text.length() && known.equalsIgnoreCase(text)) {
                return known;
            }
        }
        return text.toLowerCase(Locale.ROOT);
    }
}
