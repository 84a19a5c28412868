package io.fastd.bench.e2e;

import com.google.inject.Inject;
import com.zaxxer.hikari.HikariDataSource;
import io.fastd.kernel.server.DatagramHandler;
import io.fastd.kernel.server.HttpHandler;
import io.fastd.kernel.server.HttpRequest;
import io.fastd.kernel.server.HttpResponse;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Contestant (b'): the same kernel server (same Netty listeners, dispatch and workers), but the
 * handler borrows from one process-wide HikariCP pool of W connections per request instead of
 * using the worker's own connection.
 */
public final class HikariWorldHandler implements HttpHandler, DatagramHandler {

    private final HikariDataSource dataSource;

    @Inject
    public HikariWorldHandler(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    private String query() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return World.readRandom(c);
        }
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
