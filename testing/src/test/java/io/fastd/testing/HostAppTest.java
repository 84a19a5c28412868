package io.fastd.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import com.google.inject.Inject;
import com.google.inject.multibindings.Multibinder;
import io.fastd.kernel.provider.ServiceProvider;
import io.fastd.kernel.worker.WorkerScoped;
import io.fastd.pool.PoolInterface;
import io.fastd.pool.WorkerKind;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Written the way a host application tests itself: its real providers, one pool swapped for a
 * Mockito mock per worker, N workers started without a network by the test kit.
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

    @RegisterExtension
    final FastdAppExtension app = FastdAppExtension.builder()
            .provider(new SearchProvider())
            .mockPerWorker(SearchPool.class)
            .requestWorkers(3)
            .build();

    @Test
    void eachWorkerInitializesItsOwnMockedPoolOnce() throws Exception {
        List<SearchPool> mocks = app.perWorker(SearchPool.class);

        assertThat(mocks).hasSize(3).doesNotHaveDuplicates();
        for (SearchPool mock : mocks) {
            verify(mock, times(1)).initPool();
        }
        for (int id = 0; id < 3; id++) {
            assertThat(app.inWorker(id, SearchHandler.class).pool).isSameAs(mocks.get(id));
        }
        assertThat(app.workers(WorkerKind.REQUEST)).hasSize(3);

        app.stop();
        for (SearchPool mock : mocks) {
            verify(mock, times(1)).closePool();
        }
    }
}
