package io.fastd.kernel.server.lineproto;

/** The handler of the test provider's {@code line://} protocol: one answer line per line. */
public interface LineHandler {

    /** The answer to {@code line} (without its newline). */
    String onLine(String line) throws Exception;
}
