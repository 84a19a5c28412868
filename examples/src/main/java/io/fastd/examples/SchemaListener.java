package io.fastd.examples;

import com.google.inject.Inject;
import com.google.inject.Provider;
import com.google.inject.name.Named;
import io.fastd.kernel.worker.WorkerContext;
import io.fastd.kernel.worker.WorkerListener;
import io.fastd.pool.WorkerKind;
import io.fastd.pool.mysql.Database;

/**
 * Creates the example's table when a request worker starts, on that worker's own {@code default}
 * connection: idempotent ({@code IF NOT EXISTS}) and needing no extra connection, so the example
 * never holds more connections than it has workers.
 */
public final class SchemaListener implements WorkerListener {

    private final Provider<Database> database;

    @Inject
    public SchemaListener(@Named("default") Provider<Database> database) {
        this.database = database;
    }

    @Override
    public void onWorkerStart(WorkerContext worker) {
        if (worker.kind() != WorkerKind.REQUEST) {
            return;
        }
        Database db = database.get();
        db.exec("CREATE TABLE IF NOT EXISTS `" + db.settings().prefix() + ItemsHandler.TABLE + "` ("
                + " id BIGINT AUTO_INCREMENT PRIMARY KEY,"
                + " name VARCHAR(" + ItemsHandler.MAX_NAME + ") NOT NULL,"
                + " created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP"
                + ") DEFAULT CHARSET = utf8mb4");
    }
}
