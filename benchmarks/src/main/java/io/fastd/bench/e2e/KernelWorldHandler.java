package io.fastd.bench.e2e;

import com.google.inject.Inject;
import io.fastd.kernel.server.DatagramHandler;
import io.fastd.kernel.server.HttpHandler;
import io.fastd.kernel.server.HttpRequest;
import io.fastd.kernel.server.HttpResponse;
import io.fastd.pool.mysql.Database;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Contestant (d): the kernel, the worker's own connection through the {@link Database} API. */
public final class KernelWorldHandler implements HttpHandler, DatagramHandler {

    private static final List<String> COLUMNS = List.of("id", "randomNumber");
    private final Database db;

    @Inject
    public KernelWorldHandler(Database db) {
        this.db = db;
    }

    private String query() {
        int id = World.randomId();
        Map<String, Object> row = db.get(World.TABLE, COLUMNS, Map.of("id", id)).orElseThrow();
        return World.json(((Number) row.get("id")).intValue(), ((Number) row.get("randomNumber")).intValue());
    }

    @Override
    public HttpResponse handle(HttpRequest request) {
        return HttpResponse.json(200, query());
    }

    @Override
    public byte[] onPacket(byte[] data, InetSocketAddress sender) {
        return query().getBytes(StandardCharsets.UTF_8);
    }
}
