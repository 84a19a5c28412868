package io.fastd.kernel.hostapp;

import static io.fastd.kernel.hostapp.HostPools.JournalPool.JOURNAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import io.fastd.kernel.Application;
import io.fastd.kernel.hostapp.HostPools.ProcessPool;
import io.fastd.kernel.hostapp.HostPools.RequestPool;
import io.fastd.kernel.provider.ServiceProvider;
import io.fastd.kernel.worker.PoolBindingException;
import io.fastd.kernel.worker.PoolStatus;
import io.fastd.kernel.worker.Worker;
import io.fastd.kernel.worker.WorkerScoped;
import io.fastd.pool.PoolInterface;
import io.fastd.pool.WorkerKind;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A pool is one per process or one per worker, never both. */
class SingletonAndWorkerPoolsTest {

    @BeforeEach
    void clearJournal() {
        JOURNAL.clear();
    }

    /** One shared client for the process, added to the multibinder as it should be. */
    public static final class SharedClientProvider extends ServiceProvider {
        @Override
        protected void configure() {
            bind(ProcessPool.class).in(Singleton.class);
            Multibinder.newSetBinder(binder(), PoolInterface.class).addBinding().to(ProcessPool.class);
        }
    }

    /** The contradiction: a singleton linked into the multibinder with a worker scope. */
    public static final class ContradictingProvider extends ServiceProvider {
        @Override
        protected void configure() {
            bind(ProcessPool.class).in(Singleton.class);
            Multibinder.newSetBinder(binder(), PoolInterface.class).addBinding().to(ProcessPool.class).in(WorkerScoped.class);
        }
    }

    /** The reverse: a worker-scoped pool linked as a singleton under its interface. */
    public static final class ReverseProvider extends ServiceProvider {
        @Override
        protected void configure() {
            bind(RequestPool.class).in(WorkerScoped.class);
            bind(PoolInterface.class).to(RequestPool.class).in(Singleton.class);
        }
    }

    private static Application.Builder builder() {
        return Application.builder().environment(Map.of()).systemProperties(new Properties()).discoverProviders(false);
    }

    @Test
    void aSingletonPoolInTheMultibinderIsInitializedOnceAndOutlivesEveryWorker() {
        Application app = builder().provider(new SharedClientProvider()).build().start();
        Worker first = app.startWorker(0, WorkerKind.REQUEST);
        Worker second = app.startWorker(1, WorkerKind.REQUEST);

        assertThat(first.pools()).isEmpty();
        assertThat(app.singletonPools()).extracting(PoolStatus::poolClass).containsExactly(ProcessPool.class.getName());
        first.stop();
        second.stop();
        assertThat(JOURNAL).containsExactly("init:ProcessPool");

        app.stop();
        assertThat(JOURNAL).containsExactly("init:ProcessPool", "close:ProcessPool");
    }

    @Test
    void aSingletonLinkedIntoTheMultibinderInWorkerScopeIsRefusedAtStartNamingBothBindings() {
        Application app = builder().provider(new ContradictingProvider()).build();

        assertThatThrownBy(app::start)
                .isInstanceOf(PoolBindingException.class)
                .hasMessageMatching("Pool " + java.util.regex.Pattern.quote(com.google.inject.Key.get(ProcessPool.class).toString())
                        + " \\(bound at .*ContradictingProvider\\.configure\\(SingletonAndWorkerPoolsTest\\.java:\\d+\\)\\)"
                        + " is a singleton \\(one instance per process\\), but the Set<io\\.fastd\\.pool\\.PoolInterface> element"
                        + " added at .*ContradictingProvider\\.configure\\(SingletonAndWorkerPoolsTest\\.java:\\d+\\) links to it"
                        + " in WorkerScoped: every worker would get the process's one instance and initialize and close it"
                        + " again\\. Remove \\.in\\(WorkerScoped\\.class\\) from the link for one instance per process, or bind"
                        + " ProcessPool \\.in\\(WorkerScoped\\.class\\) for one per worker");
        assertThat(JOURNAL).isEmpty();
    }

    @Test
    void aWorkerScopedPoolLinkedAsASingletonFailsTheBuildNamingThePoolAndTheLink() {
        // Stage.PRODUCTION creates singletons eagerly, outside any worker; the walk refuses the same
        // shape too, for injectors in Stage.DEVELOPMENT (a parent's stage is inherited).
        assertThatThrownBy(() -> builder().provider(new ReverseProvider()).build())
                .isInstanceOf(com.google.inject.OutOfScopeException.class)
                .hasMessage("Cannot provide " + com.google.inject.Key.get(RequestPool.class) + " outside a worker:"
                        + " @WorkerScoped objects exist only on a worker's thread (inside Worker.run/call, or during worker start)")
                .satisfies(e -> assertThat(e.getSuppressed()[0]).hasMessageContaining(
                        "at SingletonAndWorkerPoolsTest$ReverseProvider.configure(SingletonAndWorkerPoolsTest.java:"));
        assertThat(JOURNAL).isEmpty();
    }
}
