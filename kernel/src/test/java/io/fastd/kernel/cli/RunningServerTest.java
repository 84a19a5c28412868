package io.fastd.kernel.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.AbstractModule;
import io.fastd.kernel.Application;
import io.fastd.kernel.server.Server;
import io.fastd.kernel.server.api.HttpHandler;
import io.fastd.kernel.server.api.HttpResponse;
import io.fastd.kernel.server.internal.admin.PidFile;
import io.fastd.kernel.worker.WorkerScoped;
import io.fastd.pool.PoolHealth;
import io.fastd.pool.PoolInterface;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What the command line reads over HTTP from a verified server (here in this JVM): the old commands, status JSON, readiness. */
@Timeout(60)
class RunningServerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final AtomicBoolean DOWN = new AtomicBoolean();

    /** A pool whose health the test switches. */
    public static final class SwitchedPool implements PoolInterface {
        @Override
        public void initPool() {
        }

        @Override
        public void closePool() {
        }

        @Override
        public PoolHealth health() {
            return DOWN.get() ? PoolHealth.down("0 of 1 connection(s) open", Map.of()) : PoolHealth.up("1 of 1", Map.of());
        }

        @Override
        public String describe() {
            return "switched default=test";
        }
    }

    @TempDir
    Path dir;

    @Test
    void commandsStatusJsonAndReadinessGoOverHttpAfterTheIdentityCheck() throws Exception {
        DOWN.set(false);
        Properties properties = new Properties();
        properties.putAll(Map.of("server.pid_file", dir.resolve("fast-d.pid").toString(), "server.host", "http://127.0.0.1:0",
                "server.worker_num", "2", "app.version", "1.0.0"));
        Application app = Application.builder().environment(Map.of()).systemProperties(properties).discoverProviders(false)
                .provider(new AbstractModule() {
                    @Override
                    protected void configure() {
                        bind(SwitchedPool.class).in(WorkerScoped.class);
                        bind(HttpHandler.class).toInstance(request -> HttpResponse.text(200, "hello"));
                    }
                }).build();
        Server server = new Server(app, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).start();
        try {
            PidFile pidFile = new PidFile(dir.resolve("fast-d.pid"));
            RunningServer running = RunningServer.find(pidFile, "fast-d");
            PidFile.AdminEndpoint endpoint = running.endpoint().orElseThrow();
            assertThat(endpoint.url()).isEqualTo(server.adminUrl().orElseThrow());

            assertThat(running.send(endpoint, "status", TIMEOUT)).startsWith("OK\nServer: fast-d 1.0.0, PID "
                    + ProcessHandle.current().pid() + ", RUNNING\n").contains("pool switched default=test: UP");
            JsonNode status = new ObjectMapper().readTree(running.statusJson(endpoint, TIMEOUT));
            assertThat(status.get("state").asText()).isEqualTo("RUNNING");
            assertThat(status.get("workers")).hasSize(2);

            assertThat(running.readiness(endpoint, TIMEOUT)).isEqualTo(new RunningServer.Readiness(true, "{\"status\":\"UP\"}"));
            DOWN.set(true);
            RunningServer.Readiness notReady = running.readiness(endpoint, TIMEOUT);
            assertThat(notReady.ready()).isFalse();
            assertThat(notReady.body()).contains("\"status\":\"DOWN\"", "\"pool\":\"switched default=test\"",
                    "\"reason\":\"0 of 1 connection(s) open\"");
            DOWN.set(false);

            assertThat(running.send(endpoint, "reload", TIMEOUT)).isEqualTo("OK reloaded 2 workers\n");
            assertThat(server.status().workers()).allSatisfy(worker -> assertThat(worker.generation()).isEqualTo(2));

            String admin = Files.readString(pidFile.adminPath());
            Files.writeString(pidFile.adminPath(), admin.replaceAll("nonce=[0-9a-f]+", "nonce=0123"));
            RunningServer impostor = RunningServer.find(pidFile, "fast-d");
            assertThatThrownBy(() -> impostor.readiness(endpoint, TIMEOUT)).isInstanceOf(RunningServer.Refusal.class)
                    .hasMessageContaining("did not confirm its identity (another PID or nonce)");
            Files.writeString(pidFile.adminPath(), admin);

            assertThat(running.send(endpoint, "stop", TIMEOUT)).isEqualTo("OK stopping\n");
            assertThat(server.awaitTermination(TIMEOUT)).isTrue();
        } finally {
            DOWN.set(false);
            server.stop();
        }
    }

    @Test
    void jsonStringFieldsAreUnescaped() {
        assertThat(AdminClient.field("{\"error\": \"a \\\"b\\\" \\\\ \\n\\u00e9\"}", "error")).hasValue("a \"b\" \\ \n\u00e9");
        assertThat(AdminClient.field("{\"result\":\"x\"}", "error")).isEmpty();
    }
}
