package io.fastd.examples.readme;

import com.google.inject.Inject;
import com.google.inject.name.Named;
import io.fastd.kernel.server.api.DatagramHandler;
import io.fastd.pool.mysql.Database;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** README: the 30-second host app's handler. */
public final class HelloHandler implements DatagramHandler {
    private final Database db;                               // this worker's own connection

    @Inject
    HelloHandler(@Named("default") Database db) {
        this.db = db;
    }

    @Override
    public byte[] onPacket(byte[] data, InetSocketAddress sender) {
        Object id = db.query("SELECT CONNECTION_ID() AS id").get(0).get("id");
        return ("connection " + id + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
