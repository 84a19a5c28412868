package io.fastd.kernel.server.api;

/**
 * Handles the frames of {@code tcp://} listeners (FastD's {@code onReceive}). Frames are
 * length-prefixed: a 4-byte big-endian unsigned length, then that many bytes, in both
 * directions. All frames of one connection go to the same worker, in order.
 *
 * <p>Resolved per request worker inside its worker scope (may inject that worker's pools) and
 * called on that worker's thread.
 */
@FunctionalInterface
public interface TcpHandler {

    /**
     * @param connectionId a process-unique id of the connection the frame came on
     * @param frame the frame's payload (at most {@code server.max_payload} bytes)
     * @return the reply frame's payload, or {@code null} for no reply
     * @throws Exception the client gets an {@code ERROR ...} frame, the connection and worker live
     */
    byte[] onReceive(long connectionId, byte[] frame) throws Exception;
}
