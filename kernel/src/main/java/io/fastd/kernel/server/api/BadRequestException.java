package io.fastd.kernel.server.api;

/**
 * Thrown by a handler when the input is malformed: HTTP answers 400 with the message in a JSON
 * body, TCP answers an {@code ERROR bad request: ...} frame, UDP drops the datagram with a log line.
 * The message is shown to the client, so keep secrets out of it.
 */
public class BadRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BadRequestException(String message) {
        super(message);
    }
}
