package io.fastd.kernel.server.api;

import java.net.InetSocketAddress;

/**
 * Handles the datagrams of {@code udp://} listeners (FastD's {@code onPacket}). Bind it in a
 * service provider; each request worker resolves its own instance inside its worker scope, so an
 * implementation may inject that worker's pools. Called on a worker thread, never on a network
 * thread, so blocking calls (JDBC) block only this worker.
 */
@FunctionalInterface
public interface DatagramHandler {

    /**
     * @param data the datagram's bytes (at most {@code server.max_payload})
     * @param sender where it came from
     * @return the reply datagram's bytes, or {@code null} for no reply
     * @throws BadRequestException if the datagram is malformed: it is dropped with a log line
     * @throws Exception anything else: the sender gets an {@code ERROR ...} line, the worker lives
     */
    byte[] onPacket(byte[] data, InetSocketAddress sender) throws Exception;
}
