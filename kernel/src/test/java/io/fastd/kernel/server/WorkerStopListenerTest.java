package io.fastd.kernel.server;

import static io.fastd.kernel.server.Harness.await;
import static io.fastd.kernel.server.Harness.get;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Inject;
import com.google.inject.Provider;
import com.google.inject.multibindings.Multibinder;
import io.fastd.kernel.server.api.Protocol;
import io.fastd.kernel.worker.WorkerContext;
import io.fastd.kernel.worker.WorkerListener;
import java.nio.file.Path;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link WorkerListener#onWorkerStop} in a running server: heard once per worker, on the worker's
 * own thread, while its pool is still open, for a graceful stop, a reload, a recycle and a death.
 */
@Timeout(60)
class WorkerStopListenerTest {

    /** What the listener heard, one line per event. */
    static final class Heard {
        final Queue<String> events = new ConcurrentLinkedQueue<>();

        List<String> stops() {
            return events.stream().filter(event -> event.startsWith("stop ")).toList();
        }
    }

    /** Records starts and stops with the thread and whether this worker's pool is still open. */
    static final class Recorder implements WorkerListener {
        private final Heard heard;
        private final Provider<TestPools.CountingPool> pool;

        @Inject
        Recorder(Heard heard, Provider<TestPools.CountingPool> pool) {
            this.heard = heard;
            this.pool = pool;
        }

        @Override
        public void onWorkerStart(WorkerContext worker) {
            heard.events.add("start " + worker.label());
        }

        @Override
        public void onWorkerStop(WorkerContext worker) {
            long open = pool.get().health().counters().get("connections.default");
            heard.events.add("stop " + worker.label() + " on " + Thread.currentThread().getName() + ", pool open " + open);
        }
    }

    @TempDir
    Path dir;

    private final Probe probe = new Probe();
    private final Heard heard = new Heard();

    private Server server(String... keyValues) {
        return Harness.probeServer(dir, probe, new AbstractModule() {
            @Override
            protected void configure() {
                bind(Heard.class).toInstance(heard);
                Multibinder.newSetBinder(binder(), WorkerListener.class).addBinding().to(Recorder.class);
            }
        }, keyValues);
    }

    @ParameterizedTest
    @ValueSource(strings = {"process", "base"})
    void aGracefulStopTellsEveryWorkerOnItsThreadBeforeItsPoolCloses(String mode) {
        Server server = server("server.worker_num", "2", "server.mode", mode).start();
        assertThat(heard.stops()).isEmpty();

        server.stop();

        assertThat(heard.stops()).containsExactlyInAnyOrder("stop worker 0 on fastd-worker-0, pool open 1",
                "stop worker 1 on fastd-worker-1, pool open 1");
        assertThat(probe.open).hasValue(0);
    }

    @Test
    void aReloadTellsEachOldWorkerBeforeItsReplacementStarts() throws Exception {
        Server server = server("server.worker_num", "2").start();
        try {
            assertThat(server.reload().get(20, TimeUnit.SECONDS)).isEqualTo("reloaded 2 workers");
            List<String> events = List.copyOf(heard.events);
            assertThat(events).hasSize(6);
            assertThat(events.subList(0, 2)).as("the first start, in parallel").containsExactlyInAnyOrder("start worker 0",
                    "start worker 1");
            assertThat(events.subList(2, 6)).as("the reload, one worker at a time").containsExactly(
                    "stop worker 0 on fastd-worker-0, pool open 1", "start worker 0",
                    "stop worker 1 on fastd-worker-1, pool open 1", "start worker 1");
        } finally {
            server.stop();
        }
    }

    @Test
    void aRecycledWorkerIsToldOnceBeforeItsPoolCloses() throws Exception {
        Server server = server("server.worker_num", "1", "server.max_request", "2").start();
        try {
            int port = server.port(Protocol.HTTP).orElseThrow();
            assertThat(get(port, "/a").statusCode()).isEqualTo(200);
            assertThat(get(port, "/b").statusCode()).isEqualTo(200);
            await("the recycled worker replaced", () -> heard.events.size() == 3
                    && server.status().workers().get(0).state().equals("RUNNING"));
            assertThat(heard.events).containsExactly("start worker 0", "stop worker 0 on fastd-worker-0, pool open 1",
                    "start worker 0");
        } finally {
            server.stop();
        }
    }

    @Test
    void aDyingWorkerIsToldOnItsThreadAfterAnsweringAndBeforeItsPoolCloses() throws Exception {
        Server server = server("server.worker_num", "1").start();
        try {
            int port = server.port(Protocol.HTTP).orElseThrow();
            assertThat(get(port, "/fatal").statusCode()).isEqualTo(500);
            await("the dead worker replaced", () -> heard.events.size() == 3
                    && server.status().workers().get(0).state().equals("RUNNING"));
            assertThat(heard.events).containsExactly("start worker 0", "stop worker 0 on fastd-worker-0, pool open 1",
                    "start worker 0");
            assertThat(probe.open).hasValue(1);
        } finally {
            server.stop();
        }
        assertThat(heard.stops()).hasSize(2);
    }
}
