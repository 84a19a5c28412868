package io.fastd.kernel.server.api.protocol;

import io.fastd.kernel.server.api.ListenUrl;
import io.fastd.kernel.server.api.ServerSettings;
import io.netty.channel.ChannelHandler;

/**
 * What the kernel gives a {@link ListenerProtocol} to set up one channel: the listener, the
 * server's settings, and the hand-off to the workers that ends every pipeline.
 *
 * @param <H> the protocol's handler interface
 */
public interface ListenerContext<H> {

    /** The listener as configured. */
    ListenUrl url();

    /** The server's settings ({@code max_payload}, timeouts...), to size decoders by. */
    ServerSettings settings();

    /**
     * The last handler of the pipeline, a new one per call: every decoded message of type
     * {@code messageType} goes to a request worker, which calls {@code call} with its own handler
     * of this listener; the reply is written back to the channel. The dispatch follows the
     * server's mode and {@code server.dispatch_mode} as for the kernel's protocols: on a stream
     * connection, replies are written in message order whichever worker produced them, at most
     * {@code server.max_pipelined} messages are in flight (reading pauses beyond, and while the
     * client does not read), an idle connection closes after {@code server.read_timeout}, a
     * message refused because the worker's queue is full gets {@link WorkerCall#rejected}'s reply
     * in its place, and the connection closes after the replies of a stopping server. A message
     * of another type closes the connection. Messages should be plain values (decode to a
     * {@code String}, {@code byte[]} or a record before the hand-off); a reference-counted one is
     * the call's to release.
     */
    <M> ChannelHandler handOff(Class<M> messageType, WorkerCall<H, M> call);
}
