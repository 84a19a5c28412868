package io.fastd.kernel.server.internal.network;

import static java.util.Objects.requireNonNull;

import io.fastd.kernel.server.api.ListenUrl;
import java.net.InetSocketAddress;

/**
 * A listener once bound.
 *
 * @param configured the URL as configured (port may be 0)
 * @param address the address actually bound (the real port)
 */
public record BoundListener(ListenUrl configured, InetSocketAddress address) {

    public BoundListener {
        requireNonNull(configured, "configured is null");
        requireNonNull(address, "address is null");
    }

    /** The listener's scheme, e.g. {@code http}. */
    public String scheme() {
        return configured.scheme();
    }

    public int port() {
        return address.getPort();
    }

    /** The URL with the bound port, as the banner shows it. */
    public String url() {
        return configured.withPort(address.getPort());
    }
}
