package io.fastd.kernel.hostapp;

import static io.fastd.kernel.hostapp.HostPools.JournalPool.JOURNAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Inject;
import com.google.inject.Key;
import com.google.inject.ProvisionException;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.Multibinder;
import io.fastd.kernel.Application;
import io.fastd.kernel.hostapp.HostPools.RequestPool;
import io.fastd.kernel.hostapp.HostPools.TaskPool;
import io.fastd.kernel.provider.ServiceProvider;
import io.fastd.kernel.worker.PoolNotInWorkerException;
import io.fastd.kernel.worker.PoolStatus;
import io.fastd.kernel.worker.Worker;
import io.fastd.kernel.worker.WorkerScoped;
import io.fastd.pool.PoolInterface;
import io.fastd.pool.WorkerKind;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A worker holds the pools of its kind, and injecting any other pool there fails at once. */
class WorkerKindsTest {

    private static final String REQUEST_POOL_IN_A_TASK_WORKER = "Pool " + RequestPool.class.getName()
            + " (RequestPool) is not held by task worker 1: it is for request workers only, so task workers never"
            + " initialize it. To give every task worker its own, declare @ForWorkers({WorkerKind.REQUEST,"
            + " WorkerKind.TASK}) on RequestPool; otherwise do not inject it into code that runs on task workers";

    @BeforeEach
    void clearJournal() {
        JOURNAL.clear();
    }

    /** The host app's pools: one for request workers (the default), one for task workers. */
    public static final class PoolsProvider extends ServiceProvider {
        @Override
        protected void configure() {
            bind(RequestPool.class).in(WorkerScoped.class);
            bind(TaskPool.class).in(WorkerScoped.class);
            Multibinder<PoolInterface> pools = Multibinder.newSetBinder(binder(), PoolInterface.class);
            pools.addBinding().to(RequestPool.class);
            pools.addBinding().to(TaskPool.class);
        }
    }

    /** A task handler that (wrongly) injects the request workers' pool. */
    public static final class ReportTask {
        final RequestPool pool;

        @Inject
        ReportTask(RequestPool pool) {
            this.pool = pool;
        }
    }

    private static Application app() {
        return Application.builder().environment(Map.of()).systemProperties(new Properties()).discoverProviders(false)
                .provider(new PoolsProvider()).build().start();
    }

    @Test
    void aTaskWorkerInjectingARequestOnlyPoolFailsAtOnceNamingThePoolTheWorkerAndTheFix() {
        Application app = app();
        Worker task = app.startWorker(1, WorkerKind.TASK);

        assertThat(task.pools()).extracting(PoolStatus::poolClass).containsExactly(TaskPool.class.getName());
        assertThatThrownBy(() -> task.call(() -> app.injector().getInstance(ReportTask.class)))
                .isInstanceOf(ProvisionException.class)
                .hasMessageContaining("PoolNotInWorkerException: Pool HostPools$RequestPool (RequestPool) is not held by"
                        + " task worker 1")
                .cause().isInstanceOf(PoolNotInWorkerException.class).hasMessage(REQUEST_POOL_IN_A_TASK_WORKER);
        assertThat(JOURNAL).containsExactly("init:TaskPool");
    }

    @Test
    void everyKeyThatReachesThePoolFailsTheSameWayIncludingThePoolSet() {
        Application app = app();
        Worker task = app.startWorker(1, WorkerKind.TASK);

        assertThatThrownBy(() -> task.call(() -> app.injector().getInstance(RequestPool.class)))
                .cause().hasMessage(REQUEST_POOL_IN_A_TASK_WORKER);
        assertThatThrownBy(() -> task.call(() -> app.injector().getInstance(Key.get(new TypeLiteral<Set<PoolInterface>>() { }))))
                .cause().hasMessage(REQUEST_POOL_IN_A_TASK_WORKER);
    }

    @Test
    void aRequestWorkerGetsItsOwnInitializedPoolAndIsRefusedTheTaskPool() throws Exception {
        Application app = app();
        Worker request = app.startWorker(0, WorkerKind.REQUEST);

        ReportTask handler = request.call(() -> app.injector().getInstance(ReportTask.class));
        assertThat(handler.pool).isSameAs(request.pools().get(0).pool());
        assertThat(handler.pool.open).isTrue();
        assertThatThrownBy(() -> request.call(() -> app.injector().getInstance(TaskPool.class)))
                .cause().hasMessageStartingWith("Pool " + TaskPool.class.getName() + " (TaskPool) is not held by worker 0: it is for"
                        + " task workers only, so request workers never initialize it. To give every request worker its"
                        + " own, declare @ForWorkers({WorkerKind.REQUEST, WorkerKind.TASK}) on TaskPool");
    }
}
