package io.fastd.kernel.worker;

/**
 * Hears about worker starts, on the worker's own thread, after its pools are initialized and
 * before it takes its first request; for example to put the worker id into the logging MDC.
 * Register with {@code Multibinder.newSetBinder(binder(), WorkerListener.class).addBinding()...}.
 * A listener that throws fails the worker start like a failing pool (the pools are closed).
 */
@FunctionalInterface
public interface WorkerListener {

    void onWorkerStart(WorkerContext worker);
}
