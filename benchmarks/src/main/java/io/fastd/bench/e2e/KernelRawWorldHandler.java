package io.fastd.bench.e2e;

import com.google.inject.Inject;
import io.fastd.pool.mysql.Database;
import java.sql.SQLException;

/**
 * Contestant (d-raw), a diagnostic: the kernel's per-worker connection ({@link Database#connection()},
 * same pool, same check) but the query written in plain JDBC exactly as {@link HikariWorldHandler}
 * writes it. (d) minus (d-raw) is the cost of the {@link Database} API; (d-raw) minus (b) the cost
 * of the pool.
 */
public final class KernelRawWorldHandler extends WorldHandler {

    private final Database db;

    @Inject
    public KernelRawWorldHandler(Database db) {
        this.db = db;
    }

    @Override
    String query() throws SQLException {
        return World.readRandom(db.connection());
    }
}
