package io.fastd.kernel.server.api;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * A listen address as FastD writes it: {@code <scheme>://<host>:<port>}, optionally followed by
 * {@code ?handler=NAME}; port 0 picks a free port. The scheme names a bound
 * {@link io.fastd.kernel.server.api.protocol.ListenerProtocol} ({@code udp}, {@code tcp}, {@code http} or one a provider adds),
 * checked when the server starts. {@code handler=NAME}: the listener's handler is the binding
 * annotated {@code @Named("NAME")} instead of the unannotated one.
 *
 * @param url the URL as configured
 * @param scheme its scheme, lower case
 * @param host the host or address to bind
 * @param port the port to bind, 0 to 65535
 * @param handler the name of the listener's handler binding, if it names one
 */
public record ListenUrl(String url, String scheme, String host, int port, Optional<String> handler) {

    private static final String EXAMPLE = "udp://0.0.0.0:9527";

    public ListenUrl {
        requireNonNull(url, "url is null");
        requireNonNull(scheme, "scheme is null");
        requireNonNull(host, "host is null");
        requireNonNull(handler, "handler is null");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must lie in [0, 65535]: " + port);
        }
    }

    /**
     * Parses a listen URL.
     *
     * @throws IllegalArgumentException naming the URL and what is wrong with it
     */
    public static ListenUrl parse(String url) {
        requireNonNull(url, "url is null");
        String trimmed = url.trim();
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + url + "' is not a listen URL like " + EXAMPLE + ": " + e.getMessage(), e);
        }
        if (uri.getScheme() == null || uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException("'" + url + "' is not a listen URL like " + EXAMPLE
                    + " (scheme, host and port are required)");
        }
        if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) {
            throw new IllegalArgumentException("'" + url + "' has path '" + uri.getRawPath()
                    + "'; a listen URL has none (" + EXAMPLE + "?handler=NAME)");
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new ListenUrl(trimmed, uri.getScheme().toLowerCase(Locale.ROOT), host, uri.getPort(), handler(url, uri));
    }

    private static Optional<String> handler(String url, URI uri) {
        String query = uri.getRawQuery();
        if (query == null) {
            return Optional.empty();
        }
        if (!query.startsWith("handler=") || query.contains("&")) {
            throw new IllegalArgumentException("'" + url + "' has query '" + query
                    + "'; a listen URL takes only handler=NAME");
        }
        String name = query.substring("handler=".length());
        if (!name.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("'" + url + "' names handler '" + name
                    + "'; a handler name is letters, digits, '_', '.' or '-'");
        }
        return Optional.of(name);
    }

    /** The URL with another port, e.g. the one actually bound (and its {@code ?handler=}, if any). */
    public String withPort(int boundPort) {
        String shownHost = host.contains(":") ? "[" + host + "]" : host;
        return scheme + "://" + shownHost + ":" + boundPort + handler.map(name -> "?handler=" + name).orElse("");
    }

    @Override
    public String toString() {
        return url;
    }
}
