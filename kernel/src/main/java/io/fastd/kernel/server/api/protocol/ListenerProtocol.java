package io.fastd.kernel.server.api.protocol;

import io.netty.channel.Channel;

/**
 * A listener protocol: what a listen URL's scheme means. The kernel binds {@code udp},
 * {@code tcp} and {@code http}; a service provider adds another with a Guice multibinder:
 * <pre>{@code
 * Multibinder.newSetBinder(binder(), new TypeLiteral<ListenerProtocol<?>>() { })
 *         .addBinding().to(LineProtocol.class);
 * }</pre>
 * A listen URL whose scheme no bound protocol has, or a scheme bound twice, fails the start
 * naming the URL and the schemes bound.
 *
 * <p>Each listener resolves its handler in every request worker, inside that worker's scope (so a
 * {@code @WorkerScoped} handler injects that worker's pools): the unannotated binding of
 * {@link #handlerType()}, or {@code @Named(NAME)} for a listener URL ending in
 * {@code ?handler=NAME}.
 *
 * @param <H> the handler interface a listener of this protocol calls
 */
public interface ListenerProtocol<H> {

    /** The URL scheme, lower case, e.g. {@code line} for {@code line://0.0.0.0:7000}. */
    String scheme();

    /**
     * True for a datagram protocol (one channel per listener, per worker in base mode: no
     * connections, no order across messages); false for a stream protocol (connections, limited
     * by {@code server.max_connections}, answered in order).
     */
    boolean datagram();

    /** The handler interface a listener of this protocol needs bound. */
    Class<H> handlerType();

    /**
     * Sets up a new channel's pipeline (a connection's for a stream protocol, the listener's own for
     * a datagram one): the decoders and encoders of the protocol, ending with
     * {@link ListenerContext#handOff}. Runs on the channel's event loop; must not block.
     */
    void initialize(Channel channel, ListenerContext<H> context);
}
