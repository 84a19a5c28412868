package io.fastd.bench.e2e;

import io.fastd.kernel.server.api.DatagramHandler;
import io.fastd.kernel.server.api.HttpHandler;
import io.fastd.kernel.server.api.HttpRequest;
import io.fastd.kernel.server.api.HttpResponse;
import java.net.InetSocketAddress;

/** A handler that touches no database and allocates nothing itself: isolates the kernel's dispatch. */
public final class ConstantHandler implements HttpHandler, DatagramHandler {

    private static final byte[] PONG = "pong".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final HttpResponse OK = HttpResponse.text(200, "pong");

    @Override
    public HttpResponse handle(HttpRequest request) {
        return OK;
    }

    @Override
    public byte[] onPacket(byte[] data, InetSocketAddress sender) {
        return PONG;
    }
}
