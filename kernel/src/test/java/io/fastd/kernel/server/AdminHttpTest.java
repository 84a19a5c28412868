package io.fastd.kernel.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.AbstractModule;
import io.fastd.kernel.Application;
import io.fastd.kernel.server.api.Protocol;
import io.fastd.kernel.server.internal.admin.PidFile;
import io.fastd.kernel.worker.WorkerScoped;
import io.fastd.pool.PoolHealth;
import io.fastd.pool.PoolInterface;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The admin endpoint of a live server, over real sockets: every route, its codes, types and bodies. */
@Timeout(120)
class AdminHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_TYPE = "application/json; charset=utf-8";
    private static final Duration BOUND = Duration.ofSeconds(30);

    private final Probe probe = new Probe();
    private final ByteArrayOutputStream banner = new ByteArrayOutputStream();
    private Application app;

    @TempDir
    Path dir;

    private Server start(String... keyValues) {
        return start(new AbstractModule() {
            @Override
            protected void configure() {
            }
        }, keyValues);
    }

    private Server start(AbstractModule extra, String... keyValues) {
        Map<String, String> config = Harness.config(dir, "http://127.0.0.1:0", keyValues);
        app = Harness.app(config, Harness.module(probe, false), extra);
        return Harness.server(app, banner).start();
    }

    @Test
    void bannerAndAdminFileNameTheBoundUrl() throws Exception {
        Server server = start();
        try {
            String url = server.adminUrl().orElseThrow();
            assertThat(url).isEqualTo("http://127.0.0.1:" + server.adminPort()).doesNotEndWith(":0");
            String http = "Server http://127.0.0.1:" + server.port(Protocol.HTTP).orElseThrow();
            assertThat(banner.toString(StandardCharsets.UTF_8)).contains(http + "\nServer admin " + url + "\n");
            String adminFile = Files.readString(dir.resolve("fast-d.pid.admin"));
            assertThat(adminFile.lines()).contains("url=" + url).anySatisfy(line -> assertThat(line).startsWith("token="));
            PidFile.AdminEndpoint endpoint = new PidFile(dir.resolve("fast-d.pid")).readAdmin().orElseThrow();
            assertThat(endpoint.url()).isEqualTo(url);
            assertThat(endpoint).hasToString("AdminEndpoint[" + url + ", token=[REDACTED]]");
            assertThat(endpoint.token()).hasSize(32);
        } finally {
            server.stop();
        }
    }

    @Test
    void healthStatusAndMetricsAnswerWithoutTheToken() throws Exception {
        Server server = start();
        try {
            HttpResponse<String> live = send(server, "GET", "/health/live", null);
            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(live.headers().firstValue("content-type")).hasValue(JSON_TYPE);
            assertThat(JSON.readTree(live.body())).isEqualTo(JSON.readTree("{\"status\":\"UP\"}"));

            HttpResponse<String> ready = send(server, "GET", "/health/ready", null);
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(ready.body())).isEqualTo(JSON.readTree("{\"status\":\"UP\"}"));

            HttpResponse<String> status = send(server, "GET", "/status", null);
            assertThat(status.statusCode()).isEqualTo(200);
            assertThat(status.headers().firstValue("content-type")).hasValue(JSON_TYPE);
            JsonNode json = JSON.readTree(status.body());
            assertThat(json.get("state").asText()).isEqualTo("RUNNING");
            assertThat(json.get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
            assertThat(json.get("listeners")).hasSize(1);
            assertThat(json.get("listeners").get(0).asText()).isEqualTo("http://127.0.0.1:" + server.port(Protocol.HTTP).orElseThrow());
            assertThat(json.get("workers")).hasSize(2);
            for (JsonNode worker : json.get("workers")) {
                assertThat(worker.fieldNames()).toIterable().contains("id", "kind", "state", "served", "servedTotal",
                        "generation", "queued", "uptimeMillis", "failedStarts", "lastError", "nextRetryAt", "pools");
                assertThat(worker.get("kind").asText()).isEqualTo("request");
                assertThat(worker.get("state").asText()).isEqualTo("RUNNING");
                assertThat(worker.get("generation").asLong()).isEqualTo(1);
                assertThat(worker.get("lastError").isNull()).isTrue();
                JsonNode pool = worker.get("pools").get(0);
                assertThat(pool.get("description").asText()).isEqualTo("counting default=memory");
                assertThat(pool.get("health").get("status").asText()).isEqualTo("UP");
                assertThat(pool.get("health").get("detail").asText()).isEqualTo("ok");
                assertThat(pool.get("health").get("counters").get("connections.default").asLong()).isEqualTo(1);
                assertThat(pool.get("initTimeMillis").isNumber()).isTrue();
                assertThat(pool.get("initializedAt").asText()).isNotBlank();
            }
            assertThat(json.get("incidents").isObject()).isTrue();

            HttpResponse<String> text = send(server, "GET", "/status?format=text", null);
            assertThat(text.statusCode()).isEqualTo(200);
            assertThat(text.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
            String table = server.status().render();
            assertThat(text.body().lines().findFirst()).isEqualTo(table.lines().findFirst());
            assertThat(text.body()).contains("ID   KIND     STATE").contains("pool counting default=memory: UP");
            assertThat(send(server, "GET", "/status?format=xml", null).statusCode()).isEqualTo(400);

            app.injector().getInstance(MeterRegistry.class).counter("admin.test.hits", "listener", "x").increment(3);
            HttpResponse<String> metrics = send(server, "GET", "/metrics", null);
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("content-type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
            assertThat(metrics.body()).contains("# TYPE admin_test_hits_total counter")
                    .contains("admin_test_hits_total{listener=\"x\"} 3.0");
        } finally {
            server.stop();
        }
    }

    @Test
    void unknownPathsWrongMethodsAndBigBodiesAreJsonErrors() throws Exception {
        Server server = start();
        try {
            HttpResponse<String> missing = send(server, "GET", "/nope", null);
            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.headers().firstValue("content-type")).hasValue(JSON_TYPE);
            assertThat(JSON.readTree(missing.body()).get("error").asText()).isEqualTo("no route for /nope");

            HttpResponse<String> post = send(server, "POST", "/status", null);
            assertThat(post.statusCode()).isEqualTo(405);
            assertThat(post.headers().firstValue("allow")).hasValue("GET");
            assertThat(JSON.readTree(post.body()).get("error").asText()).isEqualTo("method POST not allowed on /status");

            HttpResponse<String> getStop = send(server, "GET", "/stop", token());
            assertThat(getStop.statusCode()).isEqualTo(405);
            assertThat(getStop.headers().firstValue("allow")).hasValue("POST");

            HttpResponse<String> big = Harness.HTTP.send(HttpRequest.newBuilder(uri(server, "/reload"))
                    .header("Authorization", "Bearer " + token())
                    .POST(HttpRequest.BodyPublishers.ofString("x".repeat(20_000))).timeout(BOUND).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(big.statusCode()).isEqualTo(413);
            assertThat(JSON.readTree(big.body()).get("error").asText()).contains("request body over");
            assertThat(server.status().workers()).allSatisfy(worker -> assertThat(worker.generation()).isEqualTo(1));
        } finally {
            server.stop();
        }
    }

    @Test
    void identityReloadAndStopNeedTheToken() throws Exception {
        Server server = start();
        try {
            for (String[] route : List.of(new String[] {"GET", "/identity"}, new String[] {"POST", "/reload"},
                    new String[] {"POST", "/stop"})) {
                for (String token : new String[] {null, "wrong", token() + "x"}) {
                    HttpResponse<String> refused = send(server, route[0], route[1], token);
                    assertThat(refused.statusCode()).as("%s %s with token %s", route[0], route[1], token).isEqualTo(401);
                    assertThat(refused.headers().firstValue("www-authenticate")).hasValue("Bearer");
                    assertThat(refused.headers().firstValue("content-type")).hasValue(JSON_TYPE);
                    assertThat(JSON.readTree(refused.body()).get("error").asText()).contains("needs the admin token")
                            .doesNotContain(token());
                }
            }
            assertThat(server.state()).isEqualTo(Server.State.RUNNING);
            assertThat(server.status().workers()).allSatisfy(worker -> assertThat(worker.generation()).isEqualTo(1));

            HttpResponse<String> identity = send(server, "GET", "/identity", token());
            assertThat(identity.statusCode()).isEqualTo(200);
            JsonNode who = JSON.readTree(identity.body());
            assertThat(who.get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
            assertThat(who.get("nonce").asText()).isEqualTo(server.nonce());
        } finally {
            server.stop();
        }
    }

    @Test
    void reloadReplacesEveryWorkerAndStopStops() throws Exception {
        Server server = start();
        HttpResponse<String> reload = send(server, "POST", "/reload", token());
        assertThat(reload.statusCode()).as(reload.body()).isEqualTo(200);
        assertThat(JSON.readTree(reload.body()).get("result").asText()).isEqualTo("reloaded 2 workers");
        JsonNode workers = JSON.readTree(send(server, "GET", "/status", null).body()).get("workers");
        assertThat(workers).hasSize(2).allSatisfy(worker -> assertThat(worker.get("generation").asLong()).isEqualTo(2));

        HttpResponse<String> stop = send(server, "POST", "/stop", token());
        assertThat(stop.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(stop.body())).isEqualTo(JSON.readTree("{\"result\":\"stopping\"}"));
        assertThat(server.awaitTermination(BOUND)).isTrue();
        assertThat(server.state()).isEqualTo(Server.State.STOPPED);
        assertThat(dir.resolve("fast-d.pid")).doesNotExist();
        assertThat(probe.open).hasValue(0);
    }

    @Test
    void readinessNamesAWorkerThatIsNotRunningUntilItRuns() throws Exception {
        Server server = start("server.worker_num", "1", "server.restart_backoff", "20ms", "server.restart_backoff_max", "200ms");
        try {
            probe.failing.set(true);
            assertThat(Harness.get(server.port(Protocol.HTTP).orElseThrow(), "/fatal").statusCode()).isEqualTo(500);
            await().atMost(BOUND).untilAsserted(() -> {
                HttpResponse<String> ready = send(server, "GET", "/health/ready", null);
                assertThat(ready.statusCode()).isEqualTo(503);
                assertThat(ready.headers().firstValue("content-type")).hasValue(JSON_TYPE);
                JsonNode json = JSON.readTree(ready.body());
                assertThat(json.get("status").asText()).isEqualTo("DOWN");
                assertThat(json.get("problems")).singleElement().satisfies(problem -> {
                    assertThat(problem.get("worker").asInt()).isZero();
                    assertThat(problem.get("kind").asText()).isEqualTo("request");
                    assertThat(problem.get("state").asText()).isNotEqualTo("RUNNING");
                    assertThat(problem.get("reason").asText()).contains("database away for worker 0");
                });
            });
            assertThat(send(server, "GET", "/health/live", null).statusCode()).isEqualTo(200);

            probe.failing.set(false);
            await().atMost(BOUND).until(() -> send(server, "GET", "/health/ready", null).statusCode() == 200);
        } finally {
            server.stop();
        }
    }

    /** A pool whose health the test switches. */
    public static final class SwitchedPool implements PoolInterface {
        static final AtomicBoolean DOWN = new AtomicBoolean();

        @Override
        public void initPool() {
        }

        @Override
        public void closePool() {
        }

        @Override
        public PoolHealth health() {
            return DOWN.get() ? PoolHealth.down("connection refused by 127.0.0.1:1", Map.of("failures", 1L))
                    : PoolHealth.up("reachable", Map.of());
        }

        @Override
        public String describe() {
            return "switched default=127.0.0.1:1";
        }
    }

    @Test
    void readinessNamesAPoolThatIsDownUntilItIsUp() throws Exception {
        SwitchedPool.DOWN.set(false);
        Server server = start(new AbstractModule() {
            @Override
            protected void configure() {
                bind(SwitchedPool.class).in(WorkerScoped.class);
            }
        }, "server.worker_num", "2");
        try {
            assertThat(send(server, "GET", "/health/ready", null).statusCode()).isEqualTo(200);
            SwitchedPool.DOWN.set(true);
            HttpResponse<String> ready = send(server, "GET", "/health/ready", null);
            assertThat(ready.statusCode()).isEqualTo(503);
            JsonNode problems = JSON.readTree(ready.body()).get("problems");
            assertThat(problems).hasSize(2);
            for (int worker = 0; worker < 2; worker++) {
                JsonNode problem = problems.get(worker);
                assertThat(problem.get("worker").asInt()).isEqualTo(worker);
                assertThat(problem.get("pool").asText()).isEqualTo("switched default=127.0.0.1:1");
                assertThat(problem.get("health").asText()).isEqualTo("DOWN");
                assertThat(problem.get("reason").asText()).isEqualTo("connection refused by 127.0.0.1:1");
            }
            SwitchedPool.DOWN.set(false);
            assertThat(send(server, "GET", "/health/ready", null).statusCode()).isEqualTo(200);
        } finally {
            SwitchedPool.DOWN.set(false);
            server.stop();
        }
    }

    private String token() {
        return new PidFile(dir.resolve("fast-d.pid")).readAdmin().orElseThrow().token();
    }

    private static URI uri(Server server, String path) {
        return URI.create(server.adminUrl().orElseThrow() + path);
    }

    /** {@code method path} on the admin endpoint, with {@code Authorization: Bearer token} unless null. */
    private static HttpResponse<String> send(Server server, String method, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(server, path)).timeout(BOUND)
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return Harness.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
