package io.fastd.kernel.server.api;

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
    CONNECTION
}
