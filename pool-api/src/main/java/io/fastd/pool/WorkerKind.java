package io.fastd.pool;

import java.util.EnumSet;
import java.util.Set;

/** The two kinds of worker a server runs: request workers and task workers. */
public enum WorkerKind {
    /** Workers that handle network requests ({@code server.worker_num} of them). */
    REQUEST,
    /** Workers that run submitted tasks ({@code server.task_worker_num} of them). */
    TASK;

    /**
     * The kinds declared by {@link ForWorkers} on {@code type} or its superclasses, or
     * {@code {REQUEST}} when none is declared.
     *
     * @throws IllegalArgumentException if {@code @ForWorkers} is present but lists no kind
     */
    public static Set<WorkerKind> declaredBy(Class<?> type) {
        ForWorkers declared = type.getAnnotation(ForWorkers.class);
        if (declared == null) {
            return EnumSet.of(REQUEST);
        }
        if (declared.value().length == 0) {
            throw new IllegalArgumentException(
                    "@ForWorkers on " + type.getName() + " lists no worker kind; name REQUEST, TASK or both");
        }
        return EnumSet.of(declared.value()[0], declared.value());
    }
}
