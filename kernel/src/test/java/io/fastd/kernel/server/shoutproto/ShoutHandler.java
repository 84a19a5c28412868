package io.fastd.kernel.server.shoutproto;

/** The handler of the test provider's {@code shout://} datagram protocol. */
public interface ShoutHandler {

    /** The answer to one datagram's text. */
    String shout(String text) throws Exception;
}
