package io.fastd.kernel.server.api;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A listen address as FastD writes it: {@code <scheme>://<host>:<port>}, scheme {@code udp},
 * {@code tcp} or {@code http}; port 0 picks a free port.
 *
 * @param url the URL as configured
 * @param protocol its protocol
 * @param host the host or address to bind
 * @param port the port to bind, 0 to 65535
 */
public record ListenUrl(String url, Protocol protocol, String host, int port) {

    public ListenUrl {
        requireNonNull(url, "url is null");
        requireNonNull(protocol, "protocol is null");
        requireNonNull(host, "host is null");
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
            throw new IllegalArgumentException("'" + url + "' is not a listen URL like udp://0.0.0.0:9527: " + e.getMessage(), e);
        }
        if (uri.getScheme() == null || uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException("'" + url + "' is not a listen URL like udp://0.0.0.0:9527"
                    + " (scheme, host and port are required)");
        }
        Protocol protocol;
        try {
            protocol = Protocol.valueOf(uri.getScheme().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + url + "' has scheme '" + uri.getScheme()
                    + "'; use udp, tcp or http", e);
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new ListenUrl(trimmed, protocol, host, uri.getPort());
    }

    /** The URL with another port, e.g. the one actually bound. */
    public String withPort(int boundPort) {
        String shownHost = host.contains(":") ? "[" + host + "]" : host;
        return protocol.scheme() + "://" + shownHost + ":" + boundPort;
    }

    @Override
    public String toString() {
        return url;
    }
}
