package io.fastd.kernel.server.internal.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link ConnectionFlow#closeWhenQuiet}, on an embedded channel whose clock the test moves: a
 * stopping server closes a connection only at a check that finds it quiet.
 */
class ConnectionFlowQuietCloseTest {

    private static final long QUIET = TimeUnit.MILLISECONDS.toNanos(500);
    private static final Duration NEVER = Duration.ofHours(1);

    /** Starts every message and leaves it to the test to answer. */
    private static final class HeldFlow extends ConnectionFlow {
        final List<Long> started = new ArrayList<>();

        HeldFlow() {
            super(4);
        }

        @Override
        void start(Object message, long seq) {
            started.add(seq);
        }

        @Override
        boolean endsInput(Object message) {
            return false;
        }

        @Override
        void timedOut() {
        }
    }

    /** A decoder whose phase the test sets. */
    private static final class Phase implements Deadlines.Phase {
        int phase = BETWEEN;

        @Override
        public int phase() {
            return phase;
        }

        @Override
        public long phaseStart() {
            return System.nanoTime();
        }
    }

    private final HeldFlow flow = new HeldFlow();
    private final Phase decoder = new Phase();
    private final EmbeddedChannel channel;

    ConnectionFlowQuietCloseTest() {
        flow.deadlines(new Deadlines(flow, decoder, NEVER, NEVER, NEVER));
        channel = new EmbeddedChannel(flow);
        channel.freezeTime();
    }

    private void advance(long nanos) {
        channel.advanceTimeBy(nanos, TimeUnit.NANOSECONDS);
        channel.runScheduledPendingTasks();
    }

    private void answer(long seq) {
        flow.finish(seq, "answer " + seq, false);
        assertThat((String) channel.readOutbound()).isEqualTo("answer " + seq);
    }

    @Test
    void anIdleConnectionClosesAtTheFirstCheck() {
        channel.writeInbound("request 0");
        answer(0);

        flow.closeWhenQuiet(QUIET);
        advance(QUIET - 1);
        assertThat(channel.isOpen()).isTrue();
        advance(1);

        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aRequestReadBetweenTwoChecksKeepsTheConnectionOpenUntilAQuietCheck() {
        flow.closeWhenQuiet(QUIET);
        advance(QUIET / 2);
        channel.writeInbound("request 0");
        answer(0);
        advance(QUIET / 2);
        assertThat(channel.isOpen()).as("open at the check after a request").isTrue();

        advance(QUIET);

        assertThat(channel.isOpen()).isFalse();
        assertThat(flow.started).containsExactly(0L);
    }

    @Test
    void aRequestNotYetAnsweredHoldsTheCloseUntilItsAnswerIsOut() {
        channel.writeInbound("request 0");
        flow.closeWhenQuiet(QUIET);
        advance(3 * QUIET);
        assertThat(channel.isOpen()).as("open while an answer is due").isTrue();

        answer(0);
        advance(QUIET);

        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void aRequestPartlyReadHoldsTheClose() {
        decoder.phase = Deadlines.Phase.HEAD;
        flow.closeWhenQuiet(QUIET);
        advance(3 * QUIET);
        assertThat(channel.isOpen()).as("open inside a request head").isTrue();

        decoder.phase = Deadlines.Phase.BETWEEN;
        advance(QUIET);

        assertThat(channel.isOpen()).isFalse();
    }
}
