package io.fastd.kernel.hostapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import com.google.inject.Inject;
import com.google.inject.multibindings.Multibinder;
import io.fastd.kernel.Application;
import io.fastd.kernel.provider.ServiceProvider;
import io.fastd.kernel.worker.Worker;
import io.fastd.kernel.worker.WorkerScoped;
import io.fastd.pool.PoolInterface;
import io.fastd.pool.WorkerKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Written the way a host application tests itself: its real providers, one pool swapped for a
 * Mockito mock through {@link Application.Builder#override}, N workers started without a network.
 */
class HostAppTest {

    /** The host app's pool: would talk to a real search cluster. */
    public static class SearchPool implements PoolInterface {
        @Override
        public void initPool() {
            throw new IllegalStateException("no search cluster in unit tests");
        }
    }

    /** The host app's handler: injects its worker's pool. */
    public static class SearchHandler {
        final SearchPool pool;

        @Inject
        SearchHandler(SearchPool pool) {
            this.pool = pool;
        }
    }

    /** The host app's provider, exactly as in production. */
    public static class SearchProvider extends ServiceProvider {
        @Override
        protected void configure() {
            bind(SearchPool.class).in(WorkerScoped.class);
            Multibinder.newSetBinder(binder(), PoolInterface.class).addBinding().to(SearchPool.class);
        }
    }

    @Test
    void eachWorkerInitializesItsOwnMockedPoolOnce() throws Exception {
        List<SearchPool> mocks = new ArrayList<>();
        Application app = Application.builder()
                .environment(Map.of()).systemProperties(new Properties()).discoverProviders(false)
                .provider(new SearchProvider())
                .override(binder -> binder.bind(SearchPool.class).toProvider(() -> {
                    SearchPool mock = mock(SearchPool.class);
                    mocks.add(mock);
                    return mock;
                }).in(WorkerScoped.class))
                .build()
                .start();

        int workers = 3;
        List<Worker> started = new ArrayList<>();
        for (int id = 0; id < workers; id++) {
            started.add(app.startWorker(id, WorkerKind.REQUEST));
        }

        assertThat(mocks).hasSize(workers).doesNotHaveDuplicates();
        for (SearchPool mock : mocks) {
            verify(mock, times(1)).initPool();
        }
        for (int id = 0; id < workers; id++) {
            SearchHandler handler = started.get(id).call(() -> app.injector().getInstance(SearchHandler.class));
            assertThat(handler.pool).isSameAs(mocks.get(id));
        }
        started.forEach(Worker::stop);
        for (SearchPool mock : mocks) {
            verify(mock, times(1)).closePool();
        }
    }
}
