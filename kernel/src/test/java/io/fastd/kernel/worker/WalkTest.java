package io.fastd.kernel.worker;

import static io.fastd.kernel.worker.Fixtures.JOURNAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.Provider;
import com.google.inject.Singleton;
import com.google.inject.Stage;
import com.google.inject.multibindings.Multibinder;
import io.fastd.kernel.Application;
import io.fastd.kernel.worker.Fixtures.APool;
import io.fastd.kernel.worker.Fixtures.AnnotatedPool;
import io.fastd.kernel.worker.Fixtures.BPool;
import io.fastd.kernel.worker.Fixtures.CPool;
import io.fastd.kernel.worker.Fixtures.CachePool;
import io.fastd.kernel.worker.Fixtures.EverywherePool;
import io.fastd.kernel.worker.Fixtures.RedisPool;
import io.fastd.kernel.worker.Fixtures.TaskOnlyPool;
import io.fastd.kernel.worker.internal.PoolPlan;
import io.fastd.pool.PoolInterface;
import io.fastd.pool.WorkerKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WalkTest {

    @BeforeEach
    void clearJournal() {
        JOURNAL.clear();
    }

    static Application app(Module... modules) {
        return Application.builder().environment(Map.of()).systemProperties(new Properties())
                .discoverProviders(false).provider(modules).build().start();
    }

    static Multibinder<PoolInterface> pools(com.google.inject.Binder binder) {
        return Multibinder.newSetBinder(binder, PoolInterface.class);
    }

    @Test
    void poolOnlyInTheMultibinderIsInitializedOncePerWorker() {
        Application app = app(binder -> pools(binder).addBinding().to(APool.class).in(WorkerScoped.class));

        Worker worker = app.startWorker(0, WorkerKind.REQUEST);

        assertThat(worker.pools()).singleElement().satisfies(status -> {
            assertThat(status.pool()).isInstanceOf(APool.class);
            assertThat(((APool) status.pool()).inits).isEqualTo(1);
        });
    }

    @Test
    void poolOnlyBoundUnderItsOwnKeyIsFound() {
        Application app = app(binder -> binder.bind(APool.class).in(WorkerScoped.class));

        assertThat(app.startWorker(0, WorkerKind.REQUEST).pools()).extracting(PoolStatus::poolClass)
                .containsExactly(APool.class.getName());
    }

    @Test
    void poolBoundAndMultiboundIsOneInstanceInitializedOnce() throws Exception {
        Application app = app(binder -> {
            binder.bind(APool.class).in(WorkerScoped.class);
            pools(binder).addBinding().to(APool.class);
        });

        Worker worker = app.startWorker(0, WorkerKind.REQUEST);

        assertThat(worker.pools()).hasSize(1);
        assertThat(JOURNAL).containsExactly("init:APool");
        APool fromInjector = worker.call(() -> app.injector().getInstance(APool.class));
        Set<PoolInterface> fromSet = worker.call(() -> app.injector().getInstance(
                com.google.inject.Key.get(new com.google.inject.TypeLiteral<Set<PoolInterface>>() { })));
        assertThat(fromSet).singleElement().isSameAs(fromInjector).isSameAs(worker.pools().get(0).pool());
    }

    @Test
    void poolBehindAnInterfaceIsFoundAndItsLinkTargetIsNotRefused() throws Exception {
        Application app = app(binder -> binder.bind(CachePool.class).to(RedisPool.class).in(WorkerScoped.class));

        Worker worker = app.startWorker(0, WorkerKind.REQUEST);

        assertThat(worker.pools()).singleElement().extracting(PoolStatus::pool).isInstanceOf(RedisPool.class);
        assertThat(worker.call(() -> app.injector().getInstance(CachePool.class))).isSameAs(worker.pools().get(0).pool());
    }

    @Test
    void scopeAnnotationOnTheClassIsHonoured() {
        Application app = app(binder -> pools(binder).addBinding().to(AnnotatedPool.class));

        assertThat(app.startWorker(0, WorkerKind.REQUEST).pools()).hasSize(1);
        assertThat(app.startWorker(1, WorkerKind.REQUEST).pools().get(0).pool())
                .isNotSameAs(app.startWorker(2, WorkerKind.REQUEST).pools().get(0).pool());
    }

    static final class Widget {
    }

    @Test
    void theWalkProvisionsNothingThatIsNotAPool() {
        AtomicInteger provisioned = new AtomicInteger();
        Provider<Widget> counting = () -> {
            provisioned.incrementAndGet();
            return new Widget();
        };
        Application app = app(binder -> {
            binder.bind(Widget.class).toProvider(counting);
            binder.bind(Object.class).toProvider(() -> {
                provisioned.incrementAndGet();
                return new Object();
            });
            binder.bind(APool.class).in(WorkerScoped.class);
        });

        app.startWorker(0, WorkerKind.REQUEST);
        app.startWorker(1, WorkerKind.REQUEST);

        assertThat(provisioned).hasValue(0);
        PoolPlan plan = PoolPlan.of(app.injector(), app.injector().getInstance(WorkerScope.class));
        assertThat(plan.bindingsVisited()).isGreaterThan(plan.bindings().size());
    }

    @Test
    void unscopedPoolIsRefusedAtStartWithHowToBindIt() {
        Application built = Application.builder().environment(Map.of()).systemProperties(new Properties())
                .discoverProviders(false).provider(binder -> binder.bind(APool.class)).build();

        assertThatThrownBy(built::start)
                .isInstanceOf(PoolBindingException.class)
                .hasMessageStartingWith("Pool " + com.google.inject.Key.get(APool.class) + " (bound at ")
                .hasMessageContaining("has no scope, so every injection would create a new instance that the walk never"
                        + " initializes. Bind it .in(WorkerScoped.class) for one instance per worker, or"
                        + " .in(Singleton.class) for one per process");
    }

    @Test
    void everyUnscopedPoolIsListedTogether() {
        Application built = Application.builder().environment(Map.of()).systemProperties(new Properties())
                .discoverProviders(false).provider(binder -> {
                    binder.bind(APool.class);
                    pools(binder).addBinding().toProvider(BPool::new);
                }).build();

        assertThatThrownBy(built::start)
                .isInstanceOf(PoolBindingException.class)
                .hasMessageStartingWith("2 pools are bound in a way the kernel cannot manage:\n  - Pool ");
    }

    @Test
    void nWorkersGetNInstancesEachInitializedOnceOnItsOwnThread() throws Exception {
        Application app = app(binder -> {
            binder.bind(APool.class).in(WorkerScoped.class);
            pools(binder).addBinding().to(APool.class);
        });
        int workers = 4;
        List<Worker> started = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int id = 0; id < workers; id++) {
            int workerId = id;
            Thread thread = new Thread(() -> {
                Worker worker = app.startWorker(workerId, WorkerKind.REQUEST);
                synchronized (started) {
                    started.add(worker);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }

        Set<PoolInterface> distinct = new HashSet<>();
        for (Worker worker : started) {
            APool pool = (APool) worker.pools().get(0).pool();
            assertThat(pool.inits).isEqualTo(1);
            distinct.add(pool);
        }
        assertThat(distinct).hasSize(workers);
    }

    @Test
    void singletonPoolIsInitializedOnceForTheProcessAndClosedAtStop() {
        Application app = app(binder -> {
            binder.bind(APool.class).in(Singleton.class);
            pools(binder).addBinding().to(APool.class);
        });
        app.startWorker(0, WorkerKind.REQUEST);
        app.startWorker(1, WorkerKind.REQUEST);

        assertThat(app.singletonPools()).singleElement().satisfies(status ->
                assertThat(((APool) status.pool()).inits).isEqualTo(1));
        assertThat(JOURNAL).containsExactly("init:APool");

        app.stop();
        assertThat(JOURNAL).containsExactly("init:APool", "close:APool");
    }

    @Test
    void instanceBindingsCountAsSingletons() {
        APool pool = new APool();
        Application app = app(binder -> pools(binder).addBinding().toInstance(pool));

        assertThat(app.singletonPools()).extracting(PoolStatus::pool).containsExactly(pool);
        assertThat(app.startWorker(0, WorkerKind.REQUEST).pools()).isEmpty();
    }

    @Test
    void multibinderOrderDecidesAndUntargettedBindingsFollowAndStopReverses() {
        Application app = app(binder -> {
            binder.bind(BPool.class).in(WorkerScoped.class);
            binder.bind(CPool.class).in(WorkerScoped.class);
            pools(binder).addBinding().to(CPool.class);
            pools(binder).addBinding().to(APool.class).in(WorkerScoped.class);
        });

        Worker worker = app.startWorker(0, WorkerKind.REQUEST);
        worker.stop();

        // Elements in declaration order (C, A); the untargetted bind(BPool) comes after them.
        assertThat(JOURNAL).containsExactly("init:CPool", "init:APool", "init:BPool",
                "close:BPool", "close:APool", "close:CPool");
    }

    @Test
    void workerKindsDecideWhichWorkersHoldAPool() {
        Application app = app(binder -> {
            binder.bind(APool.class).in(WorkerScoped.class);
            binder.bind(TaskOnlyPool.class).in(WorkerScoped.class);
            binder.bind(EverywherePool.class).in(WorkerScoped.class);
        });

        assertThat(app.startWorker(0, WorkerKind.REQUEST).pools()).extracting(PoolStatus::poolClass)
                .containsExactly(APool.class.getName(), EverywherePool.class.getName());
        assertThat(app.startWorker(0, WorkerKind.TASK).pools()).extracting(PoolStatus::poolClass)
                .containsExactly(TaskOnlyPool.class.getName(), EverywherePool.class.getName());
    }

    @Test
    void parentInjectorsAreWalkedFirst() {
        WorkerScope scope = new WorkerScope();
        Module scopeModule = binder -> binder.bindScope(WorkerScoped.class, scope);
        Injector parent = Guice.createInjector(Stage.PRODUCTION, scopeModule, binder -> binder.bind(APool.class).in(WorkerScoped.class));
        Injector child = parent.createChildInjector(binder -> binder.bind(BPool.class).in(WorkerScoped.class));

        PoolPlan plan = PoolPlan.of(child, scope);

        assertThat(plan.bindings()).extracting(binding -> (Object) binding.key().getTypeLiteral().getRawType())
                .containsExactly(APool.class, BPool.class);
    }

    @Test
    void workerContextIsInjectableInsideAWorkerOnly() throws Exception {
        Application app = app(new AbstractModule() { });
        Worker worker = app.startWorker(7, WorkerKind.TASK);

        assertThat(worker.call(() -> app.injector().getInstance(WorkerContext.class)))
                .isEqualTo(new WorkerContext(7, WorkerKind.TASK));
        assertThatThrownBy(() -> app.injector().getInstance(WorkerContext.class))
                .hasMessageContaining("outside a worker: @WorkerScoped objects exist only on a worker's thread");
    }

    @Test
    void eachWorkerHasItsOwnRequestClock() throws Exception {
        Application app = app(new AbstractModule() { });
        Worker first = app.startWorker(0, WorkerKind.REQUEST);
        Worker second = app.startWorker(1, WorkerKind.REQUEST);

        RequestClock clock = first.call(() -> app.injector().getInstance(RequestClock.class));
        long before = clock.getAsLong();
        clock.tick();

        assertThat(clock.getAsLong()).isGreaterThanOrEqualTo(before);
        assertThat(first.call(() -> app.injector().getInstance(RequestClock.class))).isSameAs(clock);
        assertThat(second.call(() -> app.injector().getInstance(RequestClock.class))).isNotSameAs(clock);
    }

    @Test
    void listenersHearWorkerStartsOnTheWorkersThreadAfterItsPools() {
        List<String> heard = new ArrayList<>();
        Application app = app(binder -> {
            binder.bind(APool.class).in(WorkerScoped.class);
            Multibinder.newSetBinder(binder, WorkerListener.class).addBinding().toInstance(
                    worker -> heard.add(worker.label() + " on " + Thread.currentThread().getName() + " after " + JOURNAL));
        });

        app.startWorker(4, WorkerKind.REQUEST);

        assertThat(heard).containsExactly("worker 4 on " + Thread.currentThread().getName() + " after [init:APool]");
    }

    @Test
    void aFailingListenerFailsTheStartAndClosesThePools() {
        Application app = app(binder -> {
            binder.bind(APool.class).in(WorkerScoped.class);
            Multibinder.newSetBinder(binder, WorkerListener.class).addBinding().toInstance(worker -> {
                throw new IllegalStateException("listener broke");
            });
        });

        assertThatThrownBy(() -> app.startWorker(0, WorkerKind.REQUEST)).hasMessage("listener broke");
        assertThat(JOURNAL).containsExactly("init:APool", "close:APool");
    }

    /** Journals its stop as "stop:<name>" with the worker it is in. */
    private static WorkerListener stopJournal(String name, WorkerScope scope) {
        return new WorkerListener() {
            @Override
            public void onWorkerStart(WorkerContext worker) {
            }

            @Override
            public void onWorkerStop(WorkerContext worker) {
                JOURNAL.add("stop:" + name + " " + worker.label() + " in " + scope.currentWorker().map(WorkerContext::label)
                        .orElse("no worker") + " on " + Thread.currentThread().getName());
            }
        };
    }

    @Test
    void stoppingAWorkerTellsItsListenersInReverseOrderInsideItBeforeItsPoolsClose() throws Exception {
        WorkerScope[] scope = new WorkerScope[1];
        Application app = app(binder -> {
            binder.bind(APool.class).in(WorkerScoped.class);
            Multibinder<WorkerListener> listeners = Multibinder.newSetBinder(binder, WorkerListener.class);
            listeners.addBinding().toProvider(() -> stopJournal("first", scope[0]));
            listeners.addBinding().toProvider(() -> stopJournal("second", scope[0]));
        });
        scope[0] = app.injector().getInstance(WorkerScope.class);
        Worker worker = app.startWorker(2, WorkerKind.REQUEST);
        String stopper = "test-stopper";
        Thread thread = new Thread(worker::stop, stopper);
        thread.start();
        thread.join(10_000);
        worker.stop();
        worker.notifyStop();

        assertThat(JOURNAL).containsExactly("init:APool", "stop:second worker 2 in worker 2 on " + stopper,
                "stop:first worker 2 in worker 2 on " + stopper, "close:APool");
    }

    @Test
    void notifyStopTellsOnceOnTheCallingThreadAndAFailingListenerKeepsNeitherOthersNorThePoolsFromClosing() {
        WorkerScope[] scope = new WorkerScope[1];
        Application app = app(binder -> {
            binder.bind(APool.class).in(WorkerScoped.class);
            Multibinder<WorkerListener> listeners = Multibinder.newSetBinder(binder, WorkerListener.class);
            listeners.addBinding().toProvider(() -> stopJournal("first", scope[0]));
            listeners.addBinding().toInstance(new WorkerListener() {
                @Override
                public void onWorkerStart(WorkerContext worker) {
                }

                @Override
                public void onWorkerStop(WorkerContext worker) {
                    throw new IllegalStateException("stop listener broke");
                }
            });
        });
        scope[0] = app.injector().getInstance(WorkerScope.class);
        Worker worker = app.startWorker(1, WorkerKind.REQUEST);

        worker.notifyStop();
        worker.notifyStop();
        assertThat(JOURNAL).containsExactly("init:APool", "stop:first worker 1 in worker 1 on " + Thread.currentThread().getName());
        worker.stop();
        assertThat(JOURNAL).containsExactly("init:APool", "stop:first worker 1 in worker 1 on " + Thread.currentThread().getName(),
                "close:APool");
    }

    @Test
    void aWorkerWhoseStartFailedIsNotAnnouncedAsStopped() {
        WorkerScope[] scope = new WorkerScope[1];
        Application app = app(binder -> {
            binder.bind(APool.class).in(WorkerScoped.class);
            Multibinder<WorkerListener> listeners = Multibinder.newSetBinder(binder, WorkerListener.class);
            listeners.addBinding().toProvider(() -> stopJournal("first", scope[0]));
            listeners.addBinding().toInstance(worker -> {
                throw new IllegalStateException("listener broke");
            });
        });
        scope[0] = app.injector().getInstance(WorkerScope.class);

        assertThatThrownBy(() -> app.startWorker(0, WorkerKind.REQUEST)).hasMessage("listener broke");
        assertThat(JOURNAL).containsExactly("init:APool", "close:APool");
    }

    @Test
    void aStoppedWorkerCannotBeEntered() {
        Application app = app(binder -> binder.bind(APool.class).in(WorkerScoped.class));
        Worker worker = app.startWorker(3, WorkerKind.REQUEST);
        worker.stop();
        worker.stop();

        assertThat(JOURNAL).containsExactly("init:APool", "close:APool");
        assertThatThrownBy(worker::enter).isInstanceOf(IllegalStateException.class).hasMessage("worker 3 is stopped");
    }

    @Test
    void workersNeedAStartedApplication() {
        Application built = Application.builder().environment(Map.of()).systemProperties(new Properties())
                .discoverProviders(false).build();

        assertThatThrownBy(() -> built.startWorker(0, WorkerKind.REQUEST))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("application fast-d is new; call start() before starting workers");
    }

    @Test
    void aWorkerScopedLinkToASingletonPoolIsRefusedNamingBothBindings() {
        Application built = Application.builder().environment(Map.of()).systemProperties(new Properties())
                .discoverProviders(false).provider(binder -> {
                    binder.bind(APool.class).in(Singleton.class);
                    pools(binder).addBinding().to(APool.class).in(WorkerScoped.class);
                }).build();

        assertThatThrownBy(built::start)
                .isInstanceOf(PoolBindingException.class)
                .hasMessageStartingWith("Pool " + com.google.inject.Key.get(APool.class) + " (bound at ")
                .hasMessageContaining(") is a singleton (one instance per process), but the Set<io.fastd.pool.PoolInterface>"
                        + " element added at ")
                .hasMessageEndingWith(" links to it in WorkerScoped: every worker would get the process's one instance and"
                        + " initialize and close it again. Remove .in(WorkerScoped.class) from the link for one instance per"
                        + " process, or bind APool .in(WorkerScoped.class) for one per worker");
        assertThat(JOURNAL).isEmpty();
    }

    @Test
    void aSingletonLinkToAWorkerScopedPoolIsRefusedInADevelopmentStageInjector() {
        WorkerScope scope = new WorkerScope();
        Injector injector = Guice.createInjector(Stage.DEVELOPMENT, binder -> {
            binder.bindScope(WorkerScoped.class, scope);
            binder.bind(APool.class).in(WorkerScoped.class);
            binder.bind(PoolInterface.class).to(APool.class).in(Singleton.class);
        });

        assertThatThrownBy(() -> PoolPlan.of(injector, scope))
                .isInstanceOf(PoolBindingException.class)
                .hasMessageContaining("is worker-scoped (one instance per worker), but " + com.google.inject.Key.get(PoolInterface.class))
                .hasMessageEndingWith(" links to it as a singleton: the process-wide instance would have to be taken from"
                        + " one worker. Remove the singleton scope from the link for one instance per worker, or bind APool"
                        + " .in(Singleton.class) for one per process");
    }

    @Test
    void aScopedLinkInAChildToAPoolWhoseBindingGuicePutInTheParentIsOneWorkerScopedPool() {
        WorkerScope scope = new WorkerScope();
        Injector parent = Guice.createInjector(Stage.PRODUCTION, binder -> binder.bindScope(WorkerScoped.class, scope));
        Injector child = parent.createChildInjector(binder -> pools(binder).addBinding().to(APool.class).in(WorkerScoped.class));

        PoolPlan plan = PoolPlan.of(child, scope);

        assertThat(parent.getAllBindings()).containsKey(com.google.inject.Key.get(APool.class));
        assertThat(plan.bindings()).singleElement().satisfies(binding -> {
            assertThat(binding.perWorker()).isTrue();
            assertThat(binding.key().getTypeLiteral().getRawType()).isEqualTo(PoolInterface.class);
        });
    }

    @Test
    void aJustInTimePoolMadeForAnInvisibleChildIsNotAPoolOfTheParent() {
        WorkerScope scope = new WorkerScope();
        Injector parent = Guice.createInjector(Stage.PRODUCTION, binder -> binder.bindScope(WorkerScoped.class, scope));
        parent.createChildInjector(binder -> binder.bind(CachePool.class).to(RedisPool.class));

        assertThat(PoolPlan.of(parent, scope).bindings()).isEmpty();
    }
}
