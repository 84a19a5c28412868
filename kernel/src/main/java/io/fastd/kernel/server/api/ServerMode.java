package io.fastd.kernel.server.api;

/**
 * Where request handlers run ({@code server.mode}), after Swoole's two server modes. The default is
 * {@link #BASE}, unlike Swoole's (and so FastD's): on the benchmarks of {@code docs/BENCHMARKS.md}
 * base mode costs 0.55–0.95 of process mode's CPU per request at one worker per core, about
 * Vert.x's or less there, and serves more requests per second; Swoole itself recommends its base
 * mode for servers whose connections do not interact. Choose {@link #PROCESS} for handlers of very uneven duration, where one slow request
 * must not hold up the other connections of its worker.
 */
public enum ServerMode {
    /**
     * {@code process} (Swoole's {@code SWOOLE_PROCESS}, its default): Netty I/O threads read and
     * decode requests and queue each to a request worker's own thread ({@code server.dispatch_mode}
     * picks which); the worker runs the handler and hands the reply back to the I/O thread. A slow
     * handler delays only its own worker's queue; every request costs two thread hand-offs.
     */
    PROCESS,
    /**
     * {@code base} (the default; Swoole's {@code SWOOLE_BASE}): each request worker is an event loop that owns
     * its connections (accepted connections are spread over the workers in turn) and, for UDP, its
     * own socket on the shared port ({@code SO_REUSEPORT}: the operating system picks the socket by
     * sender address). Handlers run inline on the worker that read the request: no hand-off, no
     * queue. A slow handler delays every connection of its worker; {@code server.dispatch_mode}
     * does not apply (every connection, and every UDP sender, sticks to one worker).
     */
    BASE
}
