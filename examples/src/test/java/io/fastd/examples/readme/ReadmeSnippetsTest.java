package io.fastd.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.fastd.kernel.Application;
import io.fastd.kernel.server.api.DatagramHandler;
import io.fastd.kernel.worker.Worker;
import io.fastd.pool.WorkerKind;
import io.fastd.pool.mysql.TestDatabase;
import io.fastd.providers.DatabaseProvider;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's snippets, booted for real: they compile and do what the README says. */
class ReadmeSnippetsTest {

    @TempDir
    Path dir;

    @Test
    void helloAndAuditProvidersWorkAsDocumented() throws Exception {
        String db = TestDatabase.createDatabase("readme");
        Properties properties = new Properties();
        properties.putAll(TestDatabase.config("default", db));
        properties.setProperty("app.services", AuditProvider.class.getName());
        Files.writeString(dir.resolve("audit.yml"), "dir: " + dir + "\n");

        Application app = Application.builder().configDirectory(dir).environment(Map.of()).systemProperties(properties)
                .discoverProviders(false).provider(new DatabaseProvider(), new HelloProvider()).build().start();
        Worker worker = app.startWorker(0, WorkerKind.REQUEST);
        Worker task = app.startWorker(0, WorkerKind.TASK);

        DatagramHandler hello = worker.call(() -> app.injector().getInstance(DatagramHandler.class));
        String reply = new String(hello.onPacket(new byte[0], new InetSocketAddress("127.0.0.1", 9)), StandardCharsets.UTF_8);
        assertThat(reply).matches("connection \\d+\n");
        // app.services providers install before the builder's, so their pools come first.
        assertThat(worker.pools()).extracting(status -> status.pool().getClass().getSimpleName())
                .containsExactly("AuditLogPool", "DatabasePool");
        assertThat(task.pools()).extracting(status -> status.pool().getClass().getSimpleName())
                .containsExactly("AuditLogPool");
        AuditLogPool audit = worker.call(() -> app.injector().getInstance(AuditLogPool.class));
        audit.record("hello");
        assertThat(Files.readString(dir.resolve("audit-request-0.log"))).isEqualTo("hello\n");
        assertThat(dir.resolve("audit-task-0.log")).exists();

        worker.stop();
        task.stop();
        assertThat(audit.health().status()).isEqualTo(io.fastd.pool.PoolHealth.Status.DOWN);
    }
}
