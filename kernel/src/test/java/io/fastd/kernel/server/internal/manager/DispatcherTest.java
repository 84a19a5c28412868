package io.fastd.kernel.server.internal.manager;

import static org.assertj.core.api.Assertions.assertThat;

import io.fastd.kernel.server.api.DispatchMode;
import io.fastd.pool.WorkerKind;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The dispatcher alone: which slot a job goes to, and what it answers when it cannot queue it. */
class DispatcherTest {

    private final RejectionRecorder recorder = new RejectionRecorder();

    private Job job() {
        return recorder.job();
    }

    private static List<WorkerSlot> slots(int count, int queueSize) {
        List<WorkerSlot> slots = new ArrayList<>();
        for (int id = 0; id < count; id++) {
            slots.add(new WorkerSlot(id, WorkerKind.REQUEST, queueSize));
        }
        return slots;
    }

    @Test
    void roundRobinTakesTheRunningSlotsInTurnAndSkipsOneThatIsNotRunning() {
        List<WorkerSlot> slots = slots(3, 4);
        slots.get(0).started();
        slots.get(2).started();
        Dispatcher dispatcher = new Dispatcher(slots, DispatchMode.ROUND_ROBIN);

        List<Integer> picked = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            picked.add(dispatcher.next().id());
        }

        assertThat(picked).containsExactly(0, 2, 2, 0);
    }

    @Test
    void aFullQueueRejectsTheJobAsBusyAndCountsTheRefusal() {
        WorkerSlot slot = slots(1, 1).get(0);
        Dispatcher dispatcher = new Dispatcher(List.of(slot), DispatchMode.ROUND_ROBIN);

        assertThat(dispatcher.submit(slot, job())).as("queued: a worker owns it now").isFalse();
        assertThat(dispatcher.submit(slot, job())).as("refused: done with").isTrue();

        assertThat(slot.queue()).hasSize(1);
        assertThat(recorder.reasons()).containsExactly(Dispatcher.BUSY);
        assertThat(slot.refused()).isEqualTo(1);
    }

    @Test
    void afterCloseEveryJobIsRejectedAsStoppingAndNothingIsQueued() {
        WorkerSlot slot = slots(1, 4).get(0);
        Dispatcher dispatcher = new Dispatcher(List.of(slot), DispatchMode.ROUND_ROBIN);

        dispatcher.close();
        assertThat(dispatcher.submit(slot, job())).as("refused: done with").isTrue();

        assertThat(slot.queue()).isEmpty();
        assertThat(recorder.reasons()).containsExactly(Dispatcher.STOPPING);
    }

    @Test
    void connectionModeKeepsASendersDatagramsOnOneSlotAndRoundRobinDoesNot() {
        List<WorkerSlot> slots = slots(4, 4);
        slots.forEach(WorkerSlot::started);
        Dispatcher connection = new Dispatcher(slots, DispatchMode.CONNECTION);
        Dispatcher roundRobin = new Dispatcher(slots, DispatchMode.ROUND_ROBIN);
        EmbeddedChannel channel = new EmbeddedChannel();
        InetSocketAddress sender = new InetSocketAddress("127.0.0.1", 40000);

        WorkerSlot first = connection.forDatagram(channel, sender);
        assertThat(connection.forDatagram(channel, sender)).isSameAs(first);
        assertThat(connection.forConnection(channel)).isNotNull();
        assertThat(roundRobin.forConnection(channel)).as("round robin picks per request").isNull();
        assertThat(List.of(roundRobin.forDatagram(channel, sender).id(), roundRobin.forDatagram(channel, sender).id()))
                .doesNotHaveDuplicates();
        channel.finishAndReleaseAll();
    }

    @Test
    void inBaseModeAJobGoesToTheSlotThatOwnsTheChannelsLoop() {
        List<WorkerSlot> slots = slots(1, 4);
        EmbeddedChannel channel = new EmbeddedChannel();
        Dispatcher dispatcher = new Dispatcher(slots, DispatchMode.CONNECTION, Map.of(channel.eventLoop(), slots.get(0)));

        assertThat(dispatcher.forConnection(channel)).isSameAs(slots.get(0));
        assertThat(dispatcher.forDatagram(channel, new InetSocketAddress("127.0.0.1", 1))).isSameAs(slots.get(0));
        channel.finishAndReleaseAll();
    }
}
