package io.fastd.kernel.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import io.fastd.kernel.server.api.HttpHandler;
import io.fastd.kernel.server.api.Protocol;
import io.fastd.kernel.worker.WorkerScoped;
import io.fastd.pool.PoolInterface;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** While a dead worker's pools are still closing, status must not show its slot as RUNNING. */
@Timeout(60)
class ReplacementStatusTest {

    static final CountDownLatch CLOSING = new CountDownLatch(1);
    static final CountDownLatch RELEASE = new CountDownLatch(1);

    /** A pool whose first close blocks until the test releases it. */
    public static final class SlowClosePool implements PoolInterface {
        @Override
        public void initPool() {
        }

        @Override
        public void closePool() throws InterruptedException {
            if (CLOSING.getCount() > 0) {
                CLOSING.countDown();
                assertThat(RELEASE.await(30, TimeUnit.SECONDS)).isTrue();
            }
        }
    }

    @TempDir
    Path dir;

    @Test
    void aDyingWorkerIsReportedAsStoppingNotRunning() throws Exception {
        Server server = Harness.server(Harness.app(Harness.config(dir, "http://127.0.0.1:0", "server.worker_num", "1"),
                new AbstractModule() {
                    @Override
                    protected void configure() {
                        bind(SlowClosePool.class).in(WorkerScoped.class);
                        bind(HttpHandler.class).toInstance(request -> {
                            throw new AssertionError("this worker dies");
                        });
                    }
                }), new ByteArrayOutputStream()).start();
        try {
            Harness.HTTP.sendAsync(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                    "http://127.0.0.1:" + server.port(Protocol.HTTP).orElseThrow() + "/die")).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
            assertThat(CLOSING.await(20, TimeUnit.SECONDS)).as("the dead worker's pools are closing").isTrue();

            assertThat(server.status().workers()).singleElement()
                    .satisfies(worker -> assertThat(worker.state()).isEqualTo("STOPPING"));
        } finally {
            RELEASE.countDown();
        }
        Harness.await("the replacement to run", () -> server.status().workers().get(0).state().equals("RUNNING")
                && server.status().workers().get(0).generation() == 2);
        server.stop();
    }
}
