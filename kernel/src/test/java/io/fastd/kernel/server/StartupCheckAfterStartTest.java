package io.fastd.kernel.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.Inject;
import com.google.inject.multibindings.Multibinder;
import io.fastd.kernel.server.api.ServerPlan;
import io.fastd.kernel.server.api.ServerStartException;
import io.fastd.kernel.server.api.StartupCheck;
import java.nio.file.Path;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link StartupCheck#afterStart}: the instance that checked hears, once, that the workers' start
 * is over, with their pools open (started) or closed again (failed or refused).
 */
@Timeout(60)
class StartupCheckAfterStartTest {

    /** What every check instance heard, with the pools open at that moment. */
    static final class Heard {
        final Queue<String> events = new ConcurrentLinkedQueue<>();
    }

    /** Records check and afterStart per instance; refuses when told to. */
    static final class RecordingCheck implements StartupCheck {
        private final Heard heard;
        private final Probe probe;
        private final int instance = System.identityHashCode(this);

        @Inject
        RecordingCheck(Heard heard, Probe probe) {
            this.heard = heard;
            this.probe = probe;
        }

        @Override
        public void check(ServerPlan plan) {
            heard.events.add("check " + instance + ", pools open " + probe.open.get());
            if (plan.config().getBoolean("app.test_refuse", false)) {
                throw new IllegalStateException("refused on purpose");
            }
        }

        @Override
        public void afterStart(boolean started) {
            heard.events.add("afterStart(" + started + ") " + instance + ", pools open " + probe.open.get());
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
                Multibinder.newSetBinder(binder(), StartupCheck.class).addBinding().to(RecordingCheck.class);
            }
        }, keyValues);
    }

    private String instance() {
        String first = heard.events.peek();
        return first.substring("check ".length(), first.indexOf(','));
    }

    @Test
    void theCheckingInstanceHearsOnceAfterEveryWorkerOpenedItsPools() {
        Server server = server("server.worker_num", "3").start();
        try {
            assertThat(heard.events).containsExactly("check " + instance() + ", pools open 0",
                    "afterStart(true) " + instance() + ", pools open 3");
        } finally {
            server.stop();
        }
        assertThat(heard.events).hasSize(2);
    }

    @Test
    void aFailedWorkerStartIsHeardAfterThePoolsClosedAgain() {
        probe.failFor.add(1);
        Server server = server("server.worker_num", "3");

        assertThatThrownBy(server::start).isInstanceOf(ServerStartException.class).hasMessageContaining("database away for worker 1");
        assertThat(heard.events).containsExactly("check " + instance() + ", pools open 0",
                "afterStart(false) " + instance() + ", pools open 0");
    }

    @Test
    void aRefusedStartIsHeardToo() {
        Server server = server("server.worker_num", "2", "app.test_refuse", "true");

        assertThatThrownBy(server::start).isInstanceOf(ServerStartException.class).hasMessageContaining("refused on purpose");
        assertThat(heard.events).containsExactly("check " + instance() + ", pools open 0",
                "afterStart(false) " + instance() + ", pools open 0");
        assertThat(probe.inits).hasValue(0);
    }
}
