package io.fastd.bench.e2e;

import io.fastd.kernel.server.api.DatagramHandler;
import io.fastd.kernel.server.api.HttpHandler;
import io.fastd.kernel.server.api.HttpRequest;
import io.fastd.kernel.server.api.HttpResponse;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The single-query answer over HTTP (200 JSON) and UDP (the JSON as the reply datagram); each
 * contestant on the kernel's server says only how it reads the random row.
 */
abstract class WorldHandler implements HttpHandler, DatagramHandler {

    /** One random row of {@code world} as {@link World#json}. */
    abstract String query() throws Exception;

    @Override
    public final HttpResponse handle(HttpRequest request) throws Exception {
        return HttpResponse.json(200, query());
    }

    @Override
    public final byte[] onPacket(byte[] data, InetSocketAddress sender) throws Exception {
        return query().getBytes(StandardCharsets.UTF_8);
    }
}
