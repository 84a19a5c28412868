package io.fastd.kernel.server.api;

/**
 * Handles the requests of {@code http://} listeners (HTTP/1.1, keep-alive). Resolved per request
 * worker inside its worker scope (may inject that worker's pools) and called on that worker's
 * thread with the whole request body already read (at most {@code server.max_payload} bytes).
 */
@FunctionalInterface
public interface HttpHandler {

    /**
     * @return the response; never null
     * @throws BadRequestException the client gets 400 with a JSON error body
     * @throws Exception the client gets 500 with {@code {"error": "internal server error"}}; the
     *     worker lives and the cause is logged
     */
    HttpResponse handle(HttpRequest request) throws Exception;
}
