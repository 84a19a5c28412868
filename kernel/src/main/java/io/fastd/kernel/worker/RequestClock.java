package io.fastd.kernel.worker;

import java.util.function.LongSupplier;

/**
 * A worker's coarse clock: a {@link System#nanoTime()} reading taken once per request the worker
 * dispatches ({@link #tick()}), read for free by everything on the request's path. Pools use it
 * for idle-window checks so that handing out a connection never reads the real clock (about
 * 30 ns on virtual machines). One per worker (bound {@link WorkerScoped}); written by the
 * worker's thread, readable from any thread.
 */
public final class RequestClock implements LongSupplier {

    private volatile long nanos = System.nanoTime();

    /** Reads the real clock; call once per dispatched request, before the handler runs. */
    public void tick() {
        nanos = System.nanoTime();
    }

    /** The reading of the last {@link #tick()}, in {@link System#nanoTime()} units. */
    @Override
    public long getAsLong() {
        return nanos;
    }
}
