package io.fastd.providers;

import static org.assertj.core.api.Assertions.assertThat;

import io.fastd.kernel.Application;
import io.fastd.kernel.server.Server;
import io.fastd.pool.mysql.TestDatabase;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pool meters of a server whose workers hold real MariaDB connections: read from the
 * database pool's own health counters, tagged by worker and by the pool as status describes it.
 */
class PoolMetersTest {

    @TempDir
    Path dir;

    /** The sum of the samples of {@code name} whose label text contains {@code fragment}; -1 if none. */
    private static double sum(String scrape, String name, String fragment) {
        return scrape.lines().filter(line -> line.startsWith(name + "{") && line.contains(fragment))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .reduce(Double::sum).orElse(-1);
    }

    @Test
    void thePoolConnectionsGaugeEqualsTheConfiguredConnectionsAndTheCountersOfThePoolAreThere() throws Exception {
        String db = TestDatabase.createDatabase("srv_meters");
        Properties properties = new Properties();
        for (String key : new String[] {"default", "logs"}) {
            properties.putAll(TestDatabase.config(key, db));
        }
        properties.setProperty("server.host", "udp://127.0.0.1:0");
        properties.setProperty("server.worker_num", "3");
        properties.setProperty("server.pid_file", dir.resolve("server.pid").toString());
        Application app = Application.builder().environment(Map.of()).systemProperties(properties).discoverProviders(false)
                .provider(new LoggingProvider(), new DatabaseProvider(), ServerWithDatabaseTest.ECHO_HANDLER).build();
        Server server = new Server(app, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)).start();
        try {
            PrometheusMeterRegistry registry = app.injector().getInstance(PrometheusMeterRegistry.class);
            String pool = server.status().workers().get(0).pools().get(0).description();
            assertThat(pool).startsWith("mysql default=").contains(", logs=");
            String scrape = registry.scrape();
            String tag = "pool=\"" + pool + "\"";
            assertThat(sum(scrape, "fastd_pool_connections", tag)).as("3 workers x 2 keys").isEqualTo(6.0);
            for (int worker = 0; worker < 3; worker++) {
                assertThat(sum(scrape, "fastd_pool_connections", "worker=\"" + worker + "\"")).isEqualTo(2.0);
            }
            assertThat(sum(scrape, "fastd_pool_connections", "key=\"default\"")).as("3 workers, key default").isEqualTo(3.0);
            assertThat(sum(scrape, "fastd_pool_connections", "key=\"logs\"")).as("3 workers, key logs").isEqualTo(3.0);
            assertThat(sum(scrape, "fastd_pool_up", tag)).isEqualTo(3.0);
            assertThat(sum(scrape, "fastd_pool_reconnects_total", tag)).isZero();
            assertThat(sum(scrape, "fastd_pool_failures_total", tag)).isZero();
            assertThat(sum(scrape, "fastd_pool_pings_total", tag)).isGreaterThanOrEqualTo(0.0);
            assertThat(sum(scrape, "fastd_pool_init_seconds", tag)).as("three real connects took some time").isPositive();
            Awaitility.await("connections counted by the server").atMost(Duration.ofSeconds(20))
                    .until(() -> TestDatabase.scalar("SELECT COUNT(*) FROM information_schema.processlist WHERE db = ?", db)
                            == 6L);
        } finally {
            server.stop();
        }
        assertThat(app.injector().getInstance(PrometheusMeterRegistry.class).scrape()).doesNotContain("fastd_pool_");
    }
}
