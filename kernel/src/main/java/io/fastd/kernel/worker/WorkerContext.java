package io.fastd.kernel.worker;

import static java.util.Objects.requireNonNull;

import io.fastd.pool.WorkerKind;

/**
 * Who the current worker is. Injectable anywhere inside a worker (it is seeded into the worker
 * scope), for example to put the worker id in a response or a log line.
 *
 * @param id the worker id, unique among live workers of the same kind
 * @param kind request worker or task worker
 */
public record WorkerContext(int id, WorkerKind kind) {

    public WorkerContext {
        requireNonNull(kind, "kind is null");
        if (id < 0) {
            throw new IllegalArgumentException("worker id must not be negative: " + id);
        }
    }

    /** {@code worker 3} or {@code task worker 1}. */
    public String label() {
        return (kind == WorkerKind.TASK ? "task worker " : "worker ") + id;
    }
}
