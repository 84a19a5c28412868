package io.fastd.examples.reliability;

import io.fastd.kernel.testing.RawHttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import io.fastd.kernel.server.Protocol;
import io.fastd.kernel.server.TcpHandler;
import io.fastd.kernel.server.WorkerStatus;
import io.fastd.pool.mysql.Database;
import io.fastd.pool.mysql.DatabasePool;
import io.fastd.pool.mysql.TestDatabase;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 9: identifier injection through the {@link Database} API, oversized payloads on every
 * protocol, and slow clients that never finish a request: each is refused, and the workers keep
 * serving (none died, later traffic is answered).
 */
class HostileInputTest {

    static final int WORKERS = 2;
    static final int MAX_PAYLOAD = 4096;

    /** Echoes TCP frames, so that the example gets a tcp:// listener too. */
    static final class Echo implements TcpHandler {
        @Override
        public byte[] onReceive(long connectionId, byte[] frame) {
            return frame;
        }
    }

    @Test
    void identifiersAreValidatedAndValuesAreBoundNeverSpliced() {
        String database = TestDatabase.createDatabase("inject");
        TestDatabase.exec("CREATE TABLE `" + database + "`.`items` (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(200))");
        DatabasePool pool = new DatabasePool(Map.of("default", TestDatabase.settings("default", database).build()));
        pool.initPool();
        try {
            Database db = pool.getConnection("default");
            List<String> hostile = List.of("items`; DROP TABLE items; --", "items WHERE 1=1", "items/*", "`items`",
                    "a.b.c", "", "items\u0000", "ítems", "x".repeat(65));
            for (String name : hostile) {
                assertThatThrownBy(() -> db.select(name, Map.of())).as(name).isInstanceOf(IllegalArgumentException.class);
                assertThatThrownBy(() -> db.insert(name, Map.of("name", "x"))).as(name).isInstanceOf(IllegalArgumentException.class);
                assertThatThrownBy(() -> db.select("items", List.of(name), Map.of())).as(name)
                        .isInstanceOf(IllegalArgumentException.class);
                assertThatThrownBy(() -> db.select("items", Map.of(name, 1))).as(name).isInstanceOf(IllegalArgumentException.class);
                assertThatThrownBy(() -> db.update("items", Map.of(name, 1), Map.of("id", 1))).as(name)
                        .isInstanceOf(IllegalArgumentException.class);
            }
            String value = "'); DROP TABLE items; -- \" ` \\ \u0000 😀";
            long id = db.insert("items", Map.of("name", value));
            assertThat(db.get("items", Map.of("id", id)).orElseThrow()).containsEntry("name", value);
            assertThat(db.count("items", Map.of("name", "x' OR '1'='1"))).isZero();
            assertThat(TestDatabase.scalar("SELECT COUNT(*) FROM `" + database + "`.`items`")).isEqualTo(1L);
            Report.add("9 identifier injection", hostile.size() * 5L + 3, 0, 0,
                    hostile.size() * 5 + " hostile identifiers refused before any SQL; hostile values stored literally");
        } finally {
            pool.closePool();
        }
    }

    @Test
    void oversizedPayloadsAndSlowClientsAreRefusedAndTheWorkersKeepServing(@TempDir Path dir) throws Exception {
        String database = TestDatabase.createDatabase("hostile");
        try (Rig rig = Rig.start(dir, database, WORKERS, List.of(new AbstractModule() {
                    @Override
                    protected void configure() {
                        bind(TcpHandler.class).to(Echo.class);
                    }
                }), "server.listeners", "http://127.0.0.1:0, tcp://127.0.0.1:0", "server.max_payload", Integer.toString(MAX_PAYLOAD),
                "server.read_timeout", "1s", "server.body_timeout", "1s")) {
            int tcpPort = rig.server.port(Protocol.TCP).orElseThrow();

            // HTTP body over max_payload: 413 before it is buffered.
            Rig.Reply big = rig.post("/items", "{\"name\":\"" + "x".repeat(MAX_PAYLOAD * 3) + "\"}");
            assertThat(big.status()).as("%s", big).isEqualTo(413);

            // A JSON name longer than the column: a clear 400 from the handler.
            assertThat(rig.post("/items", "{\"name\":\"" + "y".repeat(300) + "\"}").status()).isEqualTo(400);

            // TCP frame announcing more than max_payload: an ERROR frame, then the connection closes.
            try (Socket socket = connect(tcpPort)) {
                DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                out.writeInt(MAX_PAYLOAD * 10);
                out.write(new byte[64]);
                out.flush();
                DataInputStream in = new DataInputStream(socket.getInputStream());
                byte[] reply = new byte[in.readInt()];
                in.readFully(reply);
                assertThat(new String(reply, StandardCharsets.UTF_8)).isEqualTo("ERROR frame too large");
                assertThat(in.read()).as("closed after the error").isEqualTo(-1);
            }

            // UDP datagram over max_payload: dropped, no reply; the next one is answered.
            assertThat(Rig.udp(rig.udpPort(), new byte[MAX_PAYLOAD + 100], 1_000)).isNull();
            assertThat(rig.ping("after-big-datagram").kind()).isEqualTo(Load.Kind.OK);

            // Slow clients: half an HTTP request body, a TCP length prefix with no body: answered 408 /
            // an ERROR frame and closed after body_timeout (within the sockets' own 10 s read timeout;
            // how long it took is reported, not asserted: the box is shared).
            long started = System.nanoTime();
            try (RawHttp slowHttp = new RawHttp(rig.httpPort(), 10_000); Socket slowTcp = connect(tcpPort)) {
                slowHttp.write("POST /items HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{\"na");
                new DataOutputStream(slowTcp.getOutputStream()).writeInt(100);
                // Meanwhile the workers serve everyone else.
                assertThat(IdleDeathTest.traffic(rig, "during-slow-", 9)).isEmpty();
                assertThat(slowHttp.readResponse()).isEqualTo("408\n{\"error\": \"request not complete within its deadline\"}");
                assertThat(slowHttp.closedByServer()).isTrue();
                DataInputStream tcpIn = new DataInputStream(slowTcp.getInputStream());
                byte[] timedOut = new byte[tcpIn.readInt()];
                tcpIn.readFully(timedOut);
                assertThat(new String(timedOut, StandardCharsets.UTF_8)).isEqualTo("ERROR frame not complete in time");
                assertThat(tcpIn.read()).isEqualTo(-1);
            }
            long closedAfterMillis = (System.nanoTime() - started) / 1_000_000; // reported, never asserted

            // Garbage on HTTP: control characters before a request line are refused (Netty 4.1.137 no
            // longer skips them), and so is an unknown version behind a well-formed line.
            try (RawHttp garbage = new RawHttp(rig.httpPort(), 10_000)) {
                garbage.write("\u0000\u0001GARBAGE / HTTP/1.1\r\n\r\n");
                assertThat(garbage.readResponse()).isEqualTo("400\n{\"error\": \"malformed request\"}");
                assertThat(garbage.closedByServer()).isTrue();
            }
            try (RawHttp garbage = new RawHttp(rig.httpPort(), 10_000)) {
                garbage.write("GARBAGE / HTTP/9.9\r\n\r\n");
                assertThat(garbage.readResponse()).startsWith("505\n");
                assertThat(garbage.closedByServer()).isTrue();
            }

            assertThat(IdleDeathTest.traffic(rig, "after-hostile-", 9)).isEmpty();
            assertThat(rig.server.status().workers()).extracting(WorkerStatus::generation).containsOnly(1L);
            assertThat(rig.connections()).isEqualTo(WORKERS);
            assertThat(TestDatabase.scalar("SELECT COUNT(*) FROM " + rig.table() + " WHERE name LIKE 'xxx%'")).isZero();
            Report.add("9 oversized + slow clients", 8 + 18, 0, 0, "HTTP 413, TCP 'ERROR frame too large' + close, UDP dropped,"
                    + " slow HTTP/TCP clients closed after " + closedAfterMillis + " ms (body_timeout 1s); no worker died");
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
        return socket;
    }
}
