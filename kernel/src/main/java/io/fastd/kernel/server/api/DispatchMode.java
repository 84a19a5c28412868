package io.fastd.kernel.server.api;

import java.util.Locale;

/**
 * How the master picks the request worker for a message ({@code server.dispatch_mode}).
 *
 * <p>In every mode, a TCP connection picks its worker once, when it opens, and all its frames go
 * to that worker in order (so replies come back in order). The modes differ for the rest:
 */
public enum DispatchMode {
    /**
     * {@code round_robin} (default): every UDP datagram and every HTTP request goes to the next
     * worker in turn, skipping workers that are being replaced. Pipelined HTTP requests on one
     * connection may then be answered out of order; use {@code connection} if clients pipeline.
     */
    ROUND_ROBIN,
    /**
     * {@code connection}: an HTTP connection, like a TCP one, sticks to the worker picked when it
     * opened; UDP datagrams stick to a worker by sender address (FastD's fixed mode).
     */
    CONNECTION;

    /** Parses {@code round_robin} or {@code connection}. */
    public static DispatchMode parse(String text) {
        for (DispatchMode mode : values()) {
            if (mode.name().toLowerCase(Locale.ROOT).equals(text.trim().toLowerCase(Locale.ROOT))) {
                return mode;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a dispatch mode; use round_robin or connection");
    }
}
