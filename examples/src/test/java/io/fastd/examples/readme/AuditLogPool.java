package io.fastd.examples.readme;

import com.google.inject.Inject;
import io.fastd.kernel.config.Config;
import io.fastd.kernel.worker.WorkerContext;
import io.fastd.pool.ForWorkers;
import io.fastd.pool.PoolHealth;
import io.fastd.pool.PoolInterface;
import io.fastd.pool.WorkerKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/** README: a custom pool. Each worker (request and task) appends to its own audit file. */
@ForWorkers({WorkerKind.REQUEST, WorkerKind.TASK})
public final class AuditLogPool implements PoolInterface {
    private final Path file;
    private FileChannel channel;                              // opened in initPool, never in the constructor
    private long written;

    @Inject
    AuditLogPool(Config config, WorkerContext worker) {
        Path dir = Path.of(config.getString("audit.dir", "/tmp"));
        this.file = dir.resolve("audit-" + worker.kind().name().toLowerCase() + "-" + worker.id() + ".log");
    }

    @Override
    public void initPool() throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Override
    public void closePool() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }

    public void record(String line) throws IOException {
        written += channel.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public PoolHealth health() {
        return channel != null && channel.isOpen() ? PoolHealth.up("open", Map.of("bytes", written))
                : PoolHealth.down("closed", Map.of("bytes", written));
    }

    @Override
    public String describe() {
        return "audit " + file;
    }
}
