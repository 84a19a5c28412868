package io.fastd.kernel.server.api.protocol;

/**
 * What a worker does with one message of a {@link ListenerProtocol}: call the handler, and say
 * what to write back. A reply is any message the pipeline's encoders take; null writes nothing.
 *
 * @param <H> the protocol's handler interface
 * @param <M> the decoded message type
 */
public interface WorkerCall<H, M> {

    /** On the worker's thread, inside the worker: the reply to {@code message}, or null. */
    Object call(H handler, M message) throws Exception;

    /**
     * On the worker's thread: the reply when {@link #call} threw {@code error} (a
     * {@link BadRequestException} for a bad message), or null. Never show a stack trace.
     */
    Object failed(M message, Throwable error);

    /**
     * The reply when the message was never run ({@code reason}: the worker's queue is full, or
     * the server is stopping), or null; on any thread.
     */
    Object rejected(M message, String reason);
}
