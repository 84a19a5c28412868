package io.fastd.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.Inject;
import io.fastd.kernel.config.Config;
import io.fastd.kernel.server.api.DatagramHandler;
import io.fastd.kernel.server.api.Protocol;
import io.fastd.kernel.worker.PoolStatus;
import io.fastd.kernel.worker.WorkerContext;
import io.fastd.kernel.worker.WorkerScoped;
import io.fastd.pool.ForWorkers;
import io.fastd.pool.PoolInterface;
import io.fastd.pool.WorkerKind;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FastdAppExtensionTest {

    /** Counts open instances across workers. */
    @ForWorkers({WorkerKind.REQUEST, WorkerKind.TASK})
    public static final class CountingPool implements PoolInterface {
        static final AtomicInteger OPEN = new AtomicInteger();

        @Override
        public void initPool() {
            OPEN.incrementAndGet();
        }

        @Override
        public void closePool() {
            OPEN.decrementAndGet();
        }
    }

    static final AbstractModule POOLS = new AbstractModule() {
        @Override
        protected void configure() {
            bind(CountingPool.class).in(WorkerScoped.class);
        }
    };

    /** Answers a datagram with the worker that handled it. */
    public static final class WhoHandler implements DatagramHandler {
        private final WorkerContext worker;

        @Inject
        WhoHandler(WorkerContext worker) {
            this.worker = worker;
        }

        @Override
        public byte[] onPacket(byte[] data, java.net.InetSocketAddress sender) {
            return (worker.label() + ": " + new String(data, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        }
    }

    @Nested
    class Workers {
        @RegisterExtension
        final FastdAppExtension kit = FastdAppExtension.builder().provider(POOLS)
                .config("cache.capacity", "7").requestWorkers(2).taskWorkers(1).build();

        @Test
        void startsRequestAndTaskWorkersWithoutANetworkEachWithItsOwnPools() throws Exception {
            assertThat(kit.workers(WorkerKind.REQUEST)).hasSize(2);
            assertThat(kit.workers(WorkerKind.TASK)).hasSize(1);
            assertThat(CountingPool.OPEN).hasValue(3);
            assertThat(kit.taskWorker(0).pools()).extracting(PoolStatus::poolClass).containsExactly(CountingPool.class.getName());
            assertThat(kit.inWorker(1, WorkerContext.class)).isEqualTo(new WorkerContext(1, WorkerKind.REQUEST));
            assertThatThrownBy(kit::server).isInstanceOf(IllegalStateException.class);
        }

        @Test
        void isIsolatedFromTheJvmsPropertiesAndEnvironmentAndTakesConfigInline() {
            Config config = kit.app().config();

            assertThat(System.getProperty("java.home")).isNotNull();
            assertThat(config.getString("java.home")).isEmpty();
            assertThat(config.getInt("cache.capacity", 1024)).isEqualTo(7);
            assertThat(config.source("cache.capacity")).contains("inline");
            assertThat(config.keys()).containsExactly("cache.capacity");
        }

        @Test
        void stopClosesEveryPoolAndIsIdempotent() throws Exception {
            kit.stop();
            kit.stop();

            assertThat(CountingPool.OPEN).hasValue(0);
            assertThatThrownBy(kit::app).isInstanceOf(IllegalStateException.class)
                    .hasMessage("not started (outside a test, or not in this mode)");
        }

        @Test
        void awaitPollsUntilTheConditionHolds() {
            AtomicInteger polls = new AtomicInteger();

            kit.await("three polls", () -> polls.incrementAndGet() >= 3);

            assertThat(polls).hasValueGreaterThanOrEqualTo(3);
        }
    }

    @Nested
    class FullServer {
        @RegisterExtension
        final FastdAppExtension kit = FastdAppExtension.builder().server().requestWorkers(2)
                .config("server.host", "udp://127.0.0.1:0")
                .provider(binder -> binder.bind(DatagramHandler.class).to(WhoHandler.class))
                .build();

        @Test
        void listensOnAPortItReportsAndAnswers() throws Exception {
            int port = kit.port(Protocol.UDP);

            try (DatagramSocket socket = new DatagramSocket()) {
                socket.setSoTimeout(10_000);
                byte[] data = "hi".getBytes(StandardCharsets.UTF_8);
                socket.send(new DatagramPacket(data, data.length, InetAddress.getLoopbackAddress(), port));
                DatagramPacket reply = new DatagramPacket(new byte[256], 256);
                socket.receive(reply);
                assertThat(new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8)).matches("worker [01]: hi");
            }
            assertThat(kit.banner()).contains("is started [1]");
            assertThat(kit.server().status().workers()).hasSize(2);
            assertThat(kit.directory().resolve("fastd-test.pid")).exists();
        }
    }

    @Nested
    class PerWorkerInstances {
        @RegisterExtension
        final FastdAppExtension kit = FastdAppExtension.builder().provider(POOLS).requestWorkers(2)
                .perWorker(CountingPool.class, CountingPool::new).build();

        @Test
        void areCreatedOncePerWorkerAndListedInOrder() throws Exception {
            assertThat(kit.perWorker(CountingPool.class)).hasSize(2).doesNotHaveDuplicates();
            assertThat(kit.inWorker(1, CountingPool.class)).isSameAs(kit.perWorker(CountingPool.class).get(1));
            assertThatThrownBy(() -> kit.perWorker(String.class)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("java.lang.String is not replaced per worker; use Builder.perWorker");
        }
    }
}
