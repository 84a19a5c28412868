package io.fastd.kernel.server.api;

import java.util.Locale;

/** The schemes a listener URL may use, with the handler interface each needs. */
public enum Protocol {
    /** Datagrams; handled by {@link DatagramHandler}. */
    UDP(DatagramHandler.class),
    /** Length-prefixed frames (4-byte big-endian length); handled by {@link TcpHandler}. */
    TCP(TcpHandler.class),
    /** HTTP/1.1 with keep-alive; handled by {@link HttpHandler}. */
    HTTP(HttpHandler.class);

    private final Class<?> handlerType;

    Protocol(Class<?> handlerType) {
        this.handlerType = handlerType;
    }

    /** The handler interface a listener of this protocol needs bound. */
    public Class<?> handlerType() {
        return handlerType;
    }

    /** {@code udp}, {@code tcp} or {@code http}. */
    public String scheme() {
        return name().toLowerCase(Locale.ROOT);
    }
}
