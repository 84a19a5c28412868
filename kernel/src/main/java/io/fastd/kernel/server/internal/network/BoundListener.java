package io.fastd.kernel.server.internal.network;

import static java.util.Objects.requireNonNull;

import io.fastd.kernel.server.api.ListenUrl;
import io.fastd.kernel.server.api.Protocol;
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

    public Protocol protocol() {
        return configured.protocol();
    }

    public int port() {
        return address.getPort();
    }

    /** The URL with the bound port, as the banner shows it. */
    public String url() {
        return configured.withPort(address.getPort());
    }
}
