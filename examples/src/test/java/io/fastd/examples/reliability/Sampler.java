package io.fastd.examples.reliability;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/** Samples a value (the server-side connection count) every few ms on its own thread; keeps the max. */
final class Sampler implements AutoCloseable {

    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong max = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong samples = new AtomicLong();
    private final Thread thread;

    private Sampler(LongSupplier value, long periodMillis) {
        thread = new Thread(() -> {
            while (!stop.get()) {
                long v = value.getAsLong();
                max.accumulateAndGet(v, Math::max);
                samples.incrementAndGet();
                LockSupport.parkNanos(periodMillis * 1_000_000L);
            }
        }, "connection-sampler");
        thread.setDaemon(true);
    }

    static Sampler start(LongSupplier value, long periodMillis) {
        Sampler sampler = new Sampler(value, periodMillis);
        sampler.thread.start();
        return sampler;
    }

    long max() {
        return max.get();
    }

    long samples() {
        return samples.get();
    }

    @Override
    public void close() {
        stop.set(true);
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
