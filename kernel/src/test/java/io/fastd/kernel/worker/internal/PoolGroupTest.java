package io.fastd.kernel.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.fastd.kernel.worker.PoolCloseException;
import io.fastd.kernel.worker.PoolFailure;
import io.fastd.kernel.worker.PoolInitializationException;
import io.fastd.kernel.worker.PoolStatus;
import io.fastd.pool.PoolInterface;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

class PoolGroupTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

    private static PoolInterface pool(String description) {
        PoolInterface pool = mock(PoolInterface.class);
        when(pool.describe()).thenReturn(description);
        return pool;
    }

    @Test
    void initializesInOrderAndRecordsTimes() throws Exception {
        PoolInterface first = pool("first");
        PoolInterface second = pool("second");

        PoolGroup group = PoolGroup.initialize("worker 0", List.of(first, second), CLOCK, UnaryOperator.identity());

        InOrder order = inOrder(first, second);
        order.verify(first).initPool();
        order.verify(second).initPool();
        assertThat(group.pools()).extracting(PoolStatus::pool).containsExactly(first, second);
        assertThat(group.pools()).allSatisfy(status -> {
            assertThat(status.initializedAt()).isEqualTo(CLOCK.instant());
            assertThat(status.initTime().isNegative()).isFalse();
        });
    }

    @Test
    void oneFailureDoesNotStopTheOthersAndEverythingIsClosedInReverse() throws Exception {
        PoolInterface a = pool("a=ok");
        PoolInterface b = pool("mysql default=db.example:3306/app");
        PoolInterface c = pool("redis cache:6379");
        PoolInterface d = pool("d=ok");
        doThrow(new ConnectException("Connection refused")).when(b).initPool();
        doThrow(new IllegalStateException("cache unreachable")).when(c).initPool();

        assertThatThrownBy(() -> PoolGroup.initialize("worker 2", List.of(a, b, c, d), CLOCK, UnaryOperator.identity()))
                .isInstanceOf(PoolInitializationException.class)
                .hasMessage("2 pools failed to initialize in worker 2:\n"
                        + "  - " + b.getClass().getName() + " (mysql default=db.example:3306/app): Connection refused\n"
                        + "  - " + c.getClass().getName() + " (redis cache:6379): cache unreachable")
                .satisfies(e -> {
                    PoolInitializationException error = (PoolInitializationException) e;
                    assertThat(error.owner()).isEqualTo("worker 2");
                    assertThat(error.failures()).extracting(PoolFailure::description)
                            .containsExactly("mysql default=db.example:3306/app", "redis cache:6379");
                    assertThat(error.getSuppressed()).extracting(Throwable::getMessage)
                            .containsExactly("Connection refused", "cache unreachable");
                });

        InOrder order = inOrder(a, b, c, d);
        order.verify(a).initPool();
        order.verify(b).initPool();
        order.verify(c).initPool();
        order.verify(d).initPool();
        order.verify(d).closePool();
        order.verify(a).closePool();
        order.verify(b).closePool();
        order.verify(c).closePool();
    }

    @Test
    void failureMessagesAreRedacted() throws Exception {
        PoolInterface leaky = pool("mysql default=db:3306/app");
        doThrow(new IllegalStateException("Access denied (using password: Sw0rdfish!)")).when(leaky).initPool();

        assertThatThrownBy(() -> PoolGroup.initialize("worker 0", List.of(leaky), CLOCK,
                text -> text.replace("Sw0rdfish!", "[REDACTED]")))
                .hasMessageEndingWith("Access denied (using password: [REDACTED])")
                .hasMessageNotContaining("Sw0rdfish!");
    }

    @Test
    void closeRunsInReverseAndOneFailingCloseDoesNotStopTheRest() throws Exception {
        PoolInterface first = pool("first");
        PoolInterface second = pool("second");
        PoolInterface third = pool("third");
        doThrow(new IOException("socket already closed")).when(second).closePool();
        PoolGroup group = PoolGroup.initialize("worker 1", List.of(first, second, third), CLOCK, UnaryOperator.identity());

        assertThatThrownBy(group::close)
                .isInstanceOf(PoolCloseException.class)
                .hasMessage("1 pool(s) failed to close in worker 1:\n  - " + second.getClass().getName()
                        + " (second): socket already closed");

        InOrder order = inOrder(first, second, third);
        order.verify(third).closePool();
        order.verify(second).closePool();
        order.verify(first).closePool();
        group.close();
        order.verifyNoMoreInteractions();
    }

    @Test
    void aMockThatDescribesNothingIsNamedByItsClass() throws Exception {
        PoolInterface silent = mock(PoolInterface.class);
        doThrow(new IllegalStateException("down")).when(silent).initPool();

        assertThatThrownBy(() -> PoolGroup.initialize("worker 0", List.of(silent), CLOCK, UnaryOperator.identity()))
                .hasMessage("Pool failed to initialize in worker 0: " + silent.getClass().getName() + " ("
                        + silent.getClass().getSimpleName() + "): down");
    }
}
