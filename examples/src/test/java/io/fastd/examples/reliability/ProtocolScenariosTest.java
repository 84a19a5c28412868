package io.fastd.examples.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.fastd.kernel.testing.RawHttp;
import io.fastd.kernel.server.WorkerStatus;
import io.fastd.pool.mysql.TestDatabase;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Scenario 11 (issue 13): the example API probed from raw sockets as a client would. Pipelined
 * requests answered in order with every executed write acknowledged; a client that never reads
 * its answers cannot grow the server; a slowloris does not stop other clients; the API's ids and
 * names are validated as text, not as UTF-16.
 */
class ProtocolScenariosTest {

    private static final String[] BASE = {"server.mode", "base"};
    private static final String[] PROCESS = {"server.mode", "process", "server.dispatch_mode", "round_robin"};

    private static String[] mode(String mode, String... extra) {
        List<String> config = new ArrayList<>(List.of(mode.equals("base") ? BASE : PROCESS));
        config.addAll(List.of(extra));
        return config.toArray(String[]::new);
    }

    private static String status(String response) {
        return response.substring(0, response.indexOf('\n'));
    }

    @ParameterizedTest
    @ValueSource(strings = {"process", "base"})
    void pipelinedRequestsAreAnsweredInOrderAndEveryExecutedPostIsAcknowledged(String mode, @TempDir Path dir) throws Exception {
        try (Rig rig = Rig.start(dir, "pipe", 3, mode(mode, "server.queue_size", "16"))) {
            try (RawHttp http = new RawHttp(rig.httpPort())) {
                http.write("GET /items/999999999 HTTP/1.1\r\nHost: x\r\n\r\nGET /items/abc HTTP/1.1\r\nHost: x\r\n\r\n"
                        + "GET /items HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(status(http.readResponse())).isEqualTo("404");
                assertThat(status(http.readResponse())).isEqualTo("400");
                assertThat(status(http.readResponse())).isEqualTo("200");
            }
            StringBuilder posts = new StringBuilder();
            for (int i = 0; i < 50; i++) {
                String body = "{\"name\":\"p" + i + "\"}";
                posts.append("POST /items HTTP/1.1\r\nHost: x\r\nContent-Length: ").append(body.length())
                        .append(i == 49 ? "\r\nConnection: close" : "").append("\r\n\r\n").append(body);
            }
            java.util.Set<Long> ids = new java.util.HashSet<>();
            int created = 0;
            try (RawHttp http = new RawHttp(rig.httpPort())) {
                http.write(posts.toString());
                for (int i = 0; i < 50; i++) {
                    String response = http.readResponse();
                    assertThat(response).as("answer %d", i).startsWith("201\n").endsWith(",\"name\":\"p" + i + "\"}");
                    long id = Long.parseLong(response.substring(response.indexOf("\"id\":") + 5, response.indexOf(',')));
                    // round_robin runs them on several workers at once: ids follow insert order, answers request order.
                    assertThat(ids.add(id)).as("id %d answered once", id).isTrue();
                    created++;
                }
                assertThat(http.closedByServer()).isTrue();
            }
            assertThat(TestDatabase.scalar("SELECT COUNT(*) FROM " + rig.table())).isEqualTo((long) created);
            Report.add("11 pipelining (" + mode + ")", 53, 0, 0, "3 pipelined GETs answered 404, 400, 200 in order;"
                    + " 50 pipelined POSTs with queue_size=16: 50 x 201 in order, 50 rows");
        }
    }

    @Test
    void aClientThatNeverReadsCannotGrowTheServerAndOthersAreServed(@TempDir Path dir) throws Exception {
        try (Rig rig = Rig.start(dir, "noread", 2)) {
            for (int i = 0; i < 100; i++) {
                assertThat(rig.post("/items", "{\"name\":\"" + "n".repeat(100) + i + "\"}").status()).isEqualTo(201);
            }
            int listBytes = rig.get("/items").body().length();
            // Baselines: heap retained after a full collection; then, after warming up again (the
            // JIT, and enough garbage that the young generation's pages are resident: churn is not
            // growth), the resident set.
            warmUp(rig);
            long heapBefore = heapAfterGcKb();
            warmUp(rig);
            long servedBefore = served(rig);
            long before = rssKb();
            int requests = 20_000;
            AtomicLong written = new AtomicLong();
            try (Socket flood = new Socket()) {
                flood.connect(new InetSocketAddress("127.0.0.1", rig.httpPort()), 5_000);
                Thread writer = new Thread(() -> {
                    try {
                        OutputStream out = flood.getOutputStream();
                        byte[] request = "GET /items HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
                        for (int i = 0; i < requests; i++) {
                            out.write(request);
                            written.incrementAndGet();
                        }
                    } catch (IOException e) {
                        written.addAndGet(0); // the socket closed under the writer: the test is ending
                    }
                }, "never-reading-client");
                writer.setDaemon(true);
                writer.start();
                // The server answers until its outbound buffer and the client's receive buffer are full, then stops.
                long[] last = {-1};
                int[] stable = {0};
                Rig.await("the server to stop answering the client that never reads", Duration.ofSeconds(60), () -> {
                    long now = served(rig);
                    stable[0] = now == last[0] ? stable[0] + 1 : 0;
                    last[0] = now;
                    return stable[0] >= 40 && now > servedBefore;
                });
                long peak = rssKb();
                long heapRetained = heapAfterGcKb() - heapBefore;
                long servedToFlood = served(rig) - servedBefore;
                List<String> others = IdleDeathTest.traffic(rig, "beside-flood-", 30);
                assertThat(others).as("other clients served meanwhile").isEmpty();
                long growthMb = (peak - before) / 1024;
                assertThat(servedToFlood).as("answers the server produced for the flood").isLessThan(requests);
                assertThat(growthMb).as("RSS growth in MB").isLessThan(64);
                Report.add("11 never-reading client", requests, 0, 0, "20,000 pipelined GET /items (" + listBytes
                        + " bytes each answer) written " + written.get() + ", server answered " + servedToFlood
                        + " then stopped reading; RSS " + before / 1024 + " MB -> " + peak / 1024 + " MB (+" + growthMb
                        + " MB); heap retained after a full GC " + (heapRetained >= 0 ? "+" : "") + heapRetained
                        + " KB; 30 requests of another client all OK meanwhile");
            }
        }
    }

    @Test
    void aSlowlorisOfHundredsOfConnectionsDoesNotStopOtherClients(@TempDir Path dir) throws Exception {
        int slow = 300;
        try (Rig rig = Rig.start(dir, "loris", 2, "server.header_timeout", "3s", "server.max_connections", "400")) {
            List<Socket> sockets = new ArrayList<>();
            try {
                long started = System.nanoTime();
                for (int i = 0; i < slow; i++) {
                    Socket socket = new Socket();
                    socket.connect(new InetSocketAddress("127.0.0.1", rig.httpPort()), 5_000);
                    socket.setSoTimeout(30_000);
                    socket.getOutputStream().write("GET /items HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.ISO_8859_1));
                    sockets.add(socket);
                }
                List<String> problems = IdleDeathTest.traffic(rig, "during-loris-", 60);
                long servedDuringMillis = (System.nanoTime() - started) / 1_000_000;
                assertThat(problems).as("other clients during the slowloris").isEmpty();
                int timedOut = 0;
                for (Socket socket : sockets) {
                    String answer;
                    try {
                        answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                    } catch (SocketException e) {
                        answer = "reset";
                    }
                    if (answer.startsWith("HTTP/1.1 408 ")) {
                        timedOut++;
                    }
                }
                long allClosedMillis = (System.nanoTime() - started) / 1_000_000;
                assertThat(timedOut).as("slow connections answered 408 and closed").isEqualTo(slow);
                assertThat(rig.server.status().workers()).extracting(WorkerStatus::generation).containsOnly(1L);
                Report.add("11 slowloris", 60 + slow, slow, 0, slow + " connections holding half a head; 60 mixed requests"
                        + " of another client all OK within " + servedDuringMillis + " ms of the first slow connect; all "
                        + slow + " answered 408 and closed " + allClosedMillis + " ms after (header_timeout 3s)");
            } finally {
                for (Socket socket : sockets) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void theApiTakesAsciiIdsAndUnicodeNamesCountedInCodePoints(@TempDir Path dir) throws Exception {
        try (Rig rig = Rig.start(dir, "names", 2)) {
            assertThat(rig.post("/items", "{\"name\":\"first\"}").status()).isEqualTo(201);
            try (RawHttp http = new RawHttp(rig.httpPort())) {
                http.write("GET /items/%EF%BC%91 HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(http.readResponse()).isEqualTo("400\n{\"error\":\"item id must be a positive number\"}");
                http.write("GET /items/%D9%A1 HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(status(http.readResponse())).isEqualTo("400");
                http.write("PUT /items HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
                assertThat(http.readHead()).startsWith("HTTP/1.1 405 ").containsIgnoringCase("allow: GET, POST\r\n");
            }
            Rig.Reply lone = rig.post("/items", "{\"name\":\"a\\ud800b\"}");
            assertThat(lone.status()).isEqualTo(400);
            assertThat(lone.body()).isEqualTo("{\"error\":\"name is not valid Unicode: lone surrogate U+D800 at character 2\"}");
            String emoji200 = "😀".repeat(200);
            Rig.Reply created = rig.post("/items", "{\"name\":\"" + emoji200 + "\"}");
            assertThat(created.status()).as("%s", created).isEqualTo(201);
            long id = Long.parseLong(created.body().substring(created.body().indexOf(':') + 1, created.body().indexOf(',')));
            assertThat(rig.get("/items/" + id).body()).contains(emoji200);
            assertThat(rig.post("/items", "{\"name\":\"" + "😀".repeat(201) + "\"}").body())
                    .isEqualTo("{\"error\":\"name is longer than 200 characters\"}");
            assertThat(TestDatabase.scalar("SELECT COUNT(*) FROM " + rig.table())).isEqualTo(2L);
        }
    }

    private static long served(Rig rig) {
        return rig.server.status().workers().stream().mapToLong(WorkerStatus::servedTotal).sum();
    }

    private static void warmUp(Rig rig) {
        for (int i = 0; i < 1_000; i++) {
            assertThat(rig.get("/items").status()).isEqualTo(200);
        }
    }

    /** Heap in use after a full collection, in KB: what the server retains, without garbage. */
    private static long heapAfterGcKb() {
        System.gc();
        return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024;
    }

    /** This JVM's resident set (the server runs in it; the database is another process), in KB. */
    private static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
