package io.fastd.kernel.server.api;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP response as a handler returns it: immutable, no network types. The server adds
 * {@code content-length} and the keep-alive headers itself.
 *
 * @param status the status code, 100 to 599
 * @param headers header names and values (one value per name)
 * @param body the body bytes; the array is copied in and out
 */
public record HttpResponse(int status, Map<String, String> headers, byte[] body) {

    public HttpResponse {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("HTTP status must lie in [100, 599]: " + status);
        }
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(headers, "headers is null")));
        body = requireNonNull(body, "body is null").clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** A JSON response ({@code application/json; charset=utf-8}); {@code json} is sent as is. */
    public static HttpResponse json(int status, String json) {
        requireNonNull(json, "json is null");
        return new HttpResponse(status, Map.of("content-type", "application/json; charset=utf-8"),
                json.getBytes(StandardCharsets.UTF_8));
    }

    /** A plain text response ({@code text/plain; charset=utf-8}). */
    public static HttpResponse text(int status, String text) {
        requireNonNull(text, "text is null");
        return new HttpResponse(status, Map.of("content-type", "text/plain; charset=utf-8"),
                text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code {"error": "<message>"}} with the given status; the message is JSON-escaped. */
    public static HttpResponse error(int status, String message) {
        return json(status, "{\"error\": " + Json.quote(message) + "}");
    }

    /** The body decoded as UTF-8. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HttpResponse that && status == that.status && headers.equals(that.headers)
                && java.util.Arrays.equals(body, that.body);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(status, headers, java.util.Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        return "HttpResponse{" + status + ", " + body.length + " bytes}";
    }
}
