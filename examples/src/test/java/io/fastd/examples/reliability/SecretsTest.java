package io.fastd.examples.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.fastd.kernel.cli.Cli;
import io.fastd.kernel.server.internal.admin.PidFile;
import io.fastd.pool.mysql.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario 10: a real MariaDB user whose password is a recognizable canary
 * ({@value BadConfigMatrixTest#CANARY}); a normal start, {@code status}, {@code reload}
 * and a stop through {@code ExampleMain.run}, with everything printed and logged captured: the
 * canary appears nowhere. (The bad-config matrix, including a wrong-password start, asserts the
 * same for each of its cases.)
 */
class SecretsTest {

    @Test
    void aNormalStartStatusReloadAndStopNeverPrintThePassword(@TempDir Path dir) throws Exception {
        Path config = BadConfigMatrixTest.goodConfig(dir);
        Path pidFile = dir.resolve("server.pid");
        Properties properties = new Properties();
        CompletableFuture<Captured> start = CompletableFuture.supplyAsync(() -> Captured.run(config, properties, "start"));
        PidFile pid = new PidFile(pidFile);
        Rig.await("the server to serve (admin file written)", () -> start.isDone() || pid.readAdmin().isPresent());
        assertThat(start.isDone()).as("start returned early: %s", start.getNow(null)).isFalse();

        Captured status = Captured.run(config, properties, "status");
        Captured reload = Captured.run(config, properties, "reload");
        String stopAnswer = admin(pid.readAdmin().orElseThrow(), "stop");
        Captured started = start.get(Captured.BOUND.toSeconds(), TimeUnit.SECONDS);

        assertThat(status.exit()).as("%s", status).isEqualTo(Cli.OK);
        assertThat(status.out()).contains("mysql default=127.0.0.1:" + TestDatabase.port());
        assertThat(reload.exit()).as("%s", reload).isEqualTo(Cli.OK);
        assertThat(stopAnswer).isEqualTo("202 {\"result\":\"stopping\"}");
        assertThat(started.exit()).as("%s", started).isEqualTo(Cli.OK);
        assertThat(started.out()).contains("Server Master[").contains("is stopped");
        assertThat(Files.exists(pidFile)).isFalse();
        for (Captured run : new Captured[] {started, status, reload}) {
            assertThat(run.all()).as("everything printed or logged").doesNotContain(BadConfigMatrixTest.CANARY);
            assertThat(run.all()).doesNotContain("Sekr3t");
        }
        Report.add("10 secrets: start/status/reload/stop", 3, 0, 0, "canary password in no output, error or log line");
    }

    /** {@code POST /stop} on the admin endpoint, with the token (the CLI's stop waits for this very process to exit). */
    private static String admin(PidFile.AdminEndpoint endpoint, String command) throws IOException, InterruptedException {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(endpoint.url() + "/" + command))
                .header("Authorization", "Bearer " + endpoint.token()).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        return answer.statusCode() + " " + answer.body();
    }
}
