package io.fastd.kernel.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fastd.kernel.Application;
import io.fastd.kernel.server.api.Protocol;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus tool reads the exposition: {@code promtool check metrics} accepts the scrape of
 * a server after traffic on every protocol, with no lint problem. Runs where promtool is found
 * ({@code -Dfastd.test.promtool=PATH}, else {@code promtool} on the PATH); skipped elsewhere.
 */
class PromtoolCheckTest {

    @TempDir
    Path dir;

    private static Optional<Path> promtool() {
        String configured = System.getProperty("fastd.test.promtool");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isExecutable);
        }
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(entry -> !entry.isEmpty()).map(entry -> Path.of(entry, "promtool"))
                .filter(Files::isExecutable).findFirst();
    }

    @Test
    void promtoolFindsNoProblemInTheScrapeOfAServerAfterTraffic() throws Exception {
        Optional<Path> promtool = promtool();
        assumeTrue(promtool.isPresent(), "promtool not found (-Dfastd.test.promtool=PATH or on the PATH);"
                + " install it with: apt-get install prometheus");
        Application app = Harness.app(Harness.config(dir, "http://127.0.0.1:0", "server.listeners",
                "tcp://127.0.0.1:0,udp://127.0.0.1:0", "server.task_worker_num", "1"), Harness.module(new Probe(), true));
        Server server = Harness.server(app, new ByteArrayOutputStream()).start();
        Path exposition = dir.resolve("metrics.txt");
        try {
            assertThat(Harness.get(server.port(Protocol.HTTP).orElseThrow(), "/hello").statusCode()).isEqualTo(200);
            try (Harness.FrameClient tcp = new Harness.FrameClient(server.port(Protocol.TCP).orElseThrow())) {
                assertThat(tcp.call("ping")).startsWith("worker=");
            }
            ServerMetersTest.datagrams(server.port(Protocol.UDP).orElseThrow(), 2);
            Files.writeString(exposition, Scrape.of(app), StandardCharsets.UTF_8);
        } finally {
            server.stop();
        }
        assertThat(Files.readString(exposition)).contains("fastd_requests_total{", "fastd_pool_connections{", "jvm_gc_");

        Process check = new ProcessBuilder(promtool.get().toString(), "check", "metrics")
                .redirectInput(exposition.toFile()).redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).as("promtool ended").isTrue();
        assertThat(output).as("promtool's lint output").isEmpty();
        assertThat(check.exitValue()).isZero();
    }
}
