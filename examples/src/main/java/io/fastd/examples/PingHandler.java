package io.fastd.examples;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.inject.Inject;
import com.google.inject.name.Named;
import io.fastd.kernel.server.api.DatagramHandler;
import io.fastd.kernel.worker.WorkerContext;
import io.fastd.pool.mysql.Database;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The seed's UDP listener: answers every datagram with one line of JSON naming the worker that
 * handled it and the server-side id of that worker's {@code default} connection, so a user sees
 * that each worker owns its own connection:
 * {@code {"worker":3,"connection_id":41,"received":"hello"}}.
 */
public final class PingHandler implements DatagramHandler {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ECHO_LIMIT = 256;

    private final WorkerContext worker;
    private final Database database;
    private final StatsPool stats;

    @Inject
    public PingHandler(WorkerContext worker, @Named("default") Database database, StatsPool stats) {
        this.worker = requireNonNull(worker, "worker is null");
        this.database = requireNonNull(database, "database is null");
        this.stats = requireNonNull(stats, "stats is null");
    }

    @Override
    public byte[] onPacket(byte[] data, InetSocketAddress sender) throws Exception {
        stats.countDatagram();
        Object connectionId = database.query("SELECT CONNECTION_ID() AS id").get(0).get("id");
        String received = new String(data, 0, Math.min(data.length, ECHO_LIMIT), StandardCharsets.UTF_8).strip();
        ObjectNode reply = JSON.createObjectNode()
                .put("worker", worker.id())
                .put("connection_id", ((Number) connectionId).longValue())
                .put("received", received);
        return (JSON.writeValueAsString(reply) + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
