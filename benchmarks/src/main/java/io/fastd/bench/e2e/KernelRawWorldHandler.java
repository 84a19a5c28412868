package io.fastd.bench.e2e;

import com.google.inject.Inject;
import io.fastd.kernel.server.DatagramHandler;
import io.fastd.kernel.server.HttpHandler;
import io.fastd.kernel.server.HttpRequest;
import io.fastd.kernel.server.HttpResponse;
import io.fastd.pool.mysql.Database;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;

/**
 * Contestant (d-raw), a diagnostic: the kernel's per-worker connection ({@link Database#connection()},
 * same pool, same check) but the query written in plain JDBC exactly as {@link HikariWorldHandler}
 * writes it. (d) minus (d-raw) is the cost of the {@link Database} API; (d-raw) minus (b) the cost
 * of the pool.
 */
public final class KernelRawWorldHandler implements HttpHandler, DatagramHandler {

    private final Database db;

    @Inject
    public KernelRawWorldHandler(Database db) {
        this.db = db;
    }

    private String query() throws SQLException {
        return World.readRandom(db.connection());
    }

    @Override
    public HttpResponse handle(HttpRequest request) throws SQLException {
        return HttpResponse.json(200, query());
    }

    @Override
    public byte[] onPacket(byte[] data, InetSocketAddress sender) throws SQLException {
        return query().getBytes(StandardCharsets.UTF_8);
    }
}
