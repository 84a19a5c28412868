package io.fastd.kernel.server.api;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An HTTP request as a handler sees it: immutable, no network types.
 *
 * @param method the method in upper case, e.g. {@code GET}
 * @param path the decoded path without the query, e.g. {@code /users/1}
 * @param query the decoded query parameters, each name with all its values in order
 * @param headers the headers, names lower-cased, each with all its values in order
 * @param body the body bytes (empty if none); the array is copied in and out
 */
public record HttpRequest(String method, String path, Map<String, List<String>> query,
                          Map<String, List<String>> headers, byte[] body) {

    /** The body of every request without one: empty, so nothing can change it, and never handed out. */
    private static final byte[] NO_BODY = new byte[0];

    public HttpRequest {
        requireNonNull(method, "method is null");
        requireNonNull(path, "path is null");
        query = copy(requireNonNull(query, "query is null"), false);
        headers = copy(requireNonNull(headers, "headers is null"), true);
        body = requireNonNull(body, "body is null").length == 0 ? NO_BODY : body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The body decoded as UTF-8. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The first value of a query parameter. */
    public Optional<String> queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The first value of a header; the name is case-insensitive. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The copy of every empty map: immutable, so one serves all requests. */
    private static final Map<String, List<String>> EMPTY = Collections.unmodifiableMap(new TreeMap<>());

    private static Map<String, List<String>> copy(Map<String, List<String>> source, boolean lowerCase) {
        if (source.isEmpty()) {
            return EMPTY;
        }
        Map<String, List<String>> copy = new TreeMap<>();
        source.forEach((name, values) -> copy.put(lowerCase ? name.toLowerCase(Locale.ROOT) : name, List.copyOf(values)));
        return Collections.unmodifiableMap(copy);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HttpRequest that && method.equals(that.method) && path.equals(that.path)
                && query.equals(that.query) && headers.equals(that.headers) && java.util.Arrays.equals(body, that.body);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(method, path, query, headers, java.util.Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        return method + " " + path + (query.isEmpty() ? "" : " " + query) + " (" + body.length + " bytes)";
    }
}
