package io.fastd.kernel.server.api;

import io.fastd.kernel.server.TaskDispatcher;

/**
 * Runs the payloads given to {@link TaskDispatcher#task(Object)} on task workers (FastD's
 * {@code onTask}; the returned future is its {@code onFinish}). Resolved per task worker inside
 * its worker scope, so it may inject task-worker pools ({@code @ForWorkers(TASK)}).
 */
@FunctionalInterface
public interface TaskHandler {

    /** @return the task's result (may be null); an exception completes the task's future exceptionally */
    Object onTask(Object payload) throws Exception;
}
