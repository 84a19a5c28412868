package io.fastd.kernel.server.internal.manager;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Jobs that do nothing when run and record why they were rejected; thread-safe. */
final class RejectionRecorder {

    private final List<String> reasons = new CopyOnWriteArrayList<>();

    /** A new job whose rejection reason lands in {@link #reasons()}. */
    Job job() {
        return new Job() {
            @Override
            public void run(HandlerSet handlers) {
            }

            @Override
            public void fail(Throwable error) {
            }

            @Override
            public void reject(String reason) {
                reasons.add(reason);
            }
        };
    }

    /** Every rejection so far, in order. */
    List<String> reasons() {
        return reasons;
    }
}
