package io.fastd.kernel.server;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A listener the server has bound, as a host app sees it.
 *
 * @param scheme its protocol's scheme, e.g. {@code http}
 * @param host the host or address it is bound to, as configured
 * @param port the port actually bound
 * @param handler the name of its handler binding ({@code ?handler=NAME}), if it names one
 */
public record Listener(String scheme, String host, int port, Optional<String> handler) {

    public Listener {
        requireNonNull(scheme, "scheme is null");
        requireNonNull(host, "host is null");
        requireNonNull(handler, "handler is null");
    }

    /** The URL with the bound port, as the banner shows it. */
    public String url() {
        String shownHost = host.contains(":") ? "[" + host + "]" : host;
        return scheme + "://" + shownHost + ":" + port + handler.map(name -> "?handler=" + name).orElse("");
    }
}
