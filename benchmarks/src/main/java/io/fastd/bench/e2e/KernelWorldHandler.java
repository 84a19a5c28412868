package io.fastd.bench.e2e;

import com.google.inject.Inject;
import io.fastd.pool.mysql.Database;
import java.util.List;
import java.util.Map;

/** Contestant (d): the kernel, the worker's own connection through the {@link Database} API. */
public final class KernelWorldHandler extends WorldHandler {

    private static final List<String> COLUMNS = List.of("id", "randomNumber");
    private final Database db;

    @Inject
    public KernelWorldHandler(Database db) {
        this.db = db;
    }

    @Override
    String query() {
        int id = World.randomId();
        Map<String, Object> row = db.get(World.TABLE, COLUMNS, Map.of("id", id)).orElseThrow();
        return World.json(((Number) row.get("id")).intValue(), ((Number) row.get("randomNumber")).intValue());
    }
}
