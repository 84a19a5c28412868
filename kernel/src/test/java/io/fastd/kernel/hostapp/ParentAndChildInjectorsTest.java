package io.fastd.kernel.hostapp;

import static io.fastd.kernel.hostapp.HostPools.JournalPool.JOURNAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import com.google.inject.Inject;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Singleton;
import com.google.inject.Stage;
import com.google.inject.multibindings.Multibinder;
import io.fastd.kernel.Application;
import io.fastd.kernel.hostapp.HostPools.ChildPool;
import io.fastd.kernel.hostapp.HostPools.KeyValueClient;
import io.fastd.kernel.hostapp.HostPools.ProcessPool;
import io.fastd.kernel.worker.PoolBindingException;
import io.fastd.kernel.worker.PoolStatus;
import io.fastd.kernel.worker.Worker;
import io.fastd.kernel.worker.WorkerScope;
import io.fastd.kernel.worker.WorkerScoped;
import io.fastd.kernel.worker.internal.PoolPlan;
import io.fastd.pool.PoolInterface;
import io.fastd.pool.WorkerKind;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A host app with an injector of its own (the application's injector is its child) and with
 * child injectors made from the application's injector.
 */
class ParentAndChildInjectorsTest {

    @BeforeEach
    void clearJournal() {
        JOURNAL.clear();
    }

    /** A host's own service, bound in the host's injector. */
    public static final class Greeting {
        final String text = "hello";
    }

    /** A handler that injects a pool class nobody bound. */
    public static final class KeyValueHandler {
        final ChildPool pool;

        @Inject
        KeyValueHandler(ChildPool pool) {
            this.pool = pool;
        }
    }

    private static Application.Builder builder() {
        return Application.builder().environment(Map.of()).systemProperties(new Properties()).discoverProviders(false);
    }

    private static Multibinder<PoolInterface> pools(com.google.inject.Binder binder) {
        return Multibinder.newSetBinder(binder, PoolInterface.class);
    }

    @Test
    void aWorkerScopedLinkToAnUnboundPoolWorksWhenGuicePutsThePoolsBindingInTheParent() throws Exception {
        Injector host = Guice.createInjector(Stage.PRODUCTION, binder -> binder.bind(Greeting.class).in(Singleton.class));
        Application app = builder().parent(host)
                .provider(binder -> pools(binder).addBinding().to(ChildPool.class).in(WorkerScoped.class))
                .build().start();
        assertThat(host.getAllBindings()).as("Guice placed the target's just-in-time binding in the parent")
                .containsKey(Key.get(ChildPool.class));

        Worker first = app.startWorker(0, WorkerKind.REQUEST);
        Worker second = app.startWorker(1, WorkerKind.REQUEST);

        assertThat(first.pools()).extracting(PoolStatus::poolClass).containsExactly(ChildPool.class.getName());
        assertThat(first.pools().get(0).pool()).isNotSameAs(second.pools().get(0).pool());
        assertThat(JOURNAL).containsExactly("init:ChildPool", "init:ChildPool");
        assertThat(first.call(() -> app.injector().getInstance(Greeting.class).text)).isEqualTo("hello");
        first.stop();
        second.stop();
        assertThat(JOURNAL).containsExactly("init:ChildPool", "init:ChildPool", "close:ChildPool", "close:ChildPool");
    }

    @Test
    void aParentsSingletonPoolIsInitializedByStartAndClosedByStop() {
        Injector host = Guice.createInjector(Stage.PRODUCTION, binder -> binder.bind(ProcessPool.class).in(Singleton.class));
        Application app = builder().parent(host).build().start();

        assertThat(app.singletonPools()).extracting(PoolStatus::poolClass).containsExactly(ProcessPool.class.getName());
        assertThat(app.startWorker(0, WorkerKind.REQUEST).pools()).isEmpty();
        app.stop();
        assertThat(JOURNAL).containsExactly("init:ProcessPool", "close:ProcessPool");
    }

    @Test
    void anUnrelatedChildOfTheApplicationsInjectorNeverBreaksStart() {
        Application app = builder().build();
        Injector child = app.injector().createChildInjector(binder -> {
            binder.bind(KeyValueClient.class).to(ChildPool.class).in(WorkerScoped.class);
            binder.bind(Runnable.class).toInstance(() -> { });
        });
        assertThat(app.injector().getAllBindings()).as("Guice placed the child's link target in the application's injector")
                .containsKey(Key.get(ChildPool.class));
        assertThat(child.getParent()).isSameAs(app.injector());

        app.start();

        assertThat(PoolPlan.of(app.injector(), app.injector().getInstance(WorkerScope.class)).bindings()).isEmpty();
        assertThat(app.startWorker(0, WorkerKind.REQUEST).pools()).isEmpty();
        assertThat(JOURNAL).isEmpty();
    }

    @Test
    void anUnboundPoolThatABoundHandlerInjectsIsRefusedNamingTheHandler() {
        Application app = builder().provider(binder -> binder.bind(KeyValueHandler.class)).build();

        assertThatThrownBy(app::start)
                .isInstanceOf(PoolBindingException.class)
                .hasMessageStartingWith("Pool " + Key.get(ChildPool.class) + " is not bound, but "
                        + Key.get(KeyValueHandler.class) + " (bound at ")
                .hasMessageEndingWith(") injects it, so Guice binds it just in time without a scope: every injection would"
                        + " create a new instance that the walk never initializes. Bind it in a provider:"
                        + " bind(ChildPool.class).in(WorkerScoped.class) for one instance per worker, or"
                        + " .in(Singleton.class) for one per process");
    }

    @Test
    void anUnboundPoolInjectedDirectlyAndLinkedWithAScopeIsRefusedNamingTheInjection() {
        Application app = builder().provider(binder -> {
            pools(binder).addBinding().to(ChildPool.class).in(WorkerScoped.class);
            binder.bind(KeyValueHandler.class);
        }).build();

        assertThatThrownBy(app::start)
                .isInstanceOf(PoolBindingException.class)
                .hasMessageStartingWith("Pool " + Key.get(ChildPool.class) + " is injected directly by "
                        + Key.get(KeyValueHandler.class) + " (bound at ")
                .hasMessageEndingWith("), but only a link to it has a scope: ChildPool itself is unscoped, so that"
                        + " injection gets a new instance that the walk never initializes. Bind ChildPool"
                        + " .in(WorkerScoped.class) (or .in(Singleton.class)) and link to it without a scope:"
                        + " addBinding().to(ChildPool.class)");
    }
}
