package io.fastd.kernel.server.api;

import java.util.Locale;

/**
 * The kernel's own listener schemes, to look a bound port up by
 * ({@code server.port(Protocol.HTTP)}). What a scheme means is its {@link io.fastd.kernel.server.api.protocol.ListenerProtocol}
 * binding; a provider's protocol is looked up by its scheme string.
 */
public enum Protocol {
    /** Datagrams; handled by {@link DatagramHandler}. */
    UDP,
    /** Length-prefixed frames (4-byte big-endian length); handled by {@link TcpHandler}. */
    TCP,
    /** HTTP/1.1 with keep-alive; handled by {@link HttpHandler}. */
    HTTP;

    /** {@code udp}, {@code tcp} or {@code http}. */
    public String scheme() {
        return name().toLowerCase(Locale.ROOT);
    }
}
