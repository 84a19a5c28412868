package io.fastd.bench.e2e;

import com.google.inject.Inject;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Contestant (b'): the same kernel server (same Netty listeners, dispatch and workers), but the
 * handler borrows from one process-wide HikariCP pool of W connections per request instead of
 * using the worker's own connection.
 */
public final class HikariWorldHandler extends WorldHandler {

    private final HikariDataSource dataSource;

    @Inject
    public HikariWorldHandler(HikariDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    String query() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return World.readRandom(c);
        }
    }
}
