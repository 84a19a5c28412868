package io.fastd.kernel.worker;

/**
 * Hears about worker starts and stops, on the worker's own thread. Register with
 * {@code Multibinder.newSetBinder(binder(), WorkerListener.class).addBinding()...}.
 *
 * <p>{@link #onWorkerStart} runs after the worker's pools are initialized and before it takes its
 * first request; for example to put the worker id into the logging MDC. A listener that throws
 * fails the worker start like a failing pool (the pools are closed, and no listener hears
 * {@link #onWorkerStop} for that worker).
 */
@FunctionalInterface
public interface WorkerListener {

    void onWorkerStart(WorkerContext worker);

    /**
     * A started worker stops: graceful stop (after its queue drained), reload (before its
     * replacement starts), {@code max_request} recycling, a death (a handler threw an
     * {@link Error}; after the failed request was answered), or the stop of a start that failed
     * in another worker. Called once per started worker, listeners in reverse order of
     * registration, inside the worker's scope and always <em>before</em> its pools are closed, so
     * the listener may still use them. In the server it runs on the worker's own thread as the
     * worker leaves; a worker stopped directly through {@link Worker#stop()} without
     * {@link Worker#notifyStop()} hears it on the thread that stops it. A listener that throws is
     * logged (WARN) and does not keep the other listeners from hearing, nor the pools from closing.
     */
    default void onWorkerStop(WorkerContext worker) {
    }
}
