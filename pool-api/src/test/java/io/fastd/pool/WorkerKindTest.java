package io.fastd.pool;

import static io.fastd.pool.WorkerKind.REQUEST;
import static io.fastd.pool.WorkerKind.TASK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WorkerKindTest {

    static class Undeclared implements PoolInterface {
        @Override
        public void initPool() {
        }
    }

    @ForWorkers(TASK)
    static class TaskOnly extends Undeclared {
    }

    @ForWorkers({REQUEST, TASK})
    static class Both extends Undeclared {
    }

    static class InheritsTaskOnly extends TaskOnly {
    }

    @ForWorkers({})
    static class Empty extends Undeclared {
    }

    @Test
    void poolsWithoutAMarkerBelongToRequestWorkersOnly() {
        assertThat(new Undeclared().workerKinds()).containsExactly(REQUEST);
    }

    @Test
    void markerSelectsTaskWorkers() {
        assertThat(new TaskOnly().workerKinds()).containsExactly(TASK);
        assertThat(new Both().workerKinds()).containsExactly(REQUEST, TASK);
    }

    @Test
    void markerIsInherited() {
        assertThat(new InheritsTaskOnly().workerKinds()).containsExactly(TASK);
    }

    @Test
    void emptyMarkerIsRejectedWithTheClassName() {
        assertThatThrownBy(() -> new Empty().workerKinds())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("@ForWorkers on io.fastd.pool.WorkerKindTest$Empty lists no worker kind; name REQUEST, TASK or both");
    }

    @Test
    void defaultHealthIsUnknownAndDescribeIsTheSimpleName() {
        Undeclared pool = new Undeclared();
        assertThat(pool.health().status()).isEqualTo(PoolHealth.Status.UNKNOWN);
        assertThat(pool.describe()).isEqualTo("Undeclared");
    }
}
