package io.fastd.examples.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;

/**
 * Client threads sending requests until told to stop, a request budget is spent or a deadline
 * passes, whichever comes first. Each request is a function of its sequence number returning an
 * {@link Outcome}; every outcome is counted by kind, failures keep their message.
 */
final class Load implements AutoCloseable {

    /** What one request gave. */
    enum Kind { OK, FAILED, NO_ANSWER }

    record Outcome(Kind kind, String detail) {
        static Outcome ok() {
            return new Outcome(Kind.OK, "");
        }

        static Outcome failed(String detail) {
            return new Outcome(Kind.FAILED, detail);
        }

        static Outcome noAnswer(String detail) {
            return new Outcome(Kind.NO_ANSWER, detail);
        }

        /** An HTTP reply: 2xx ok, a status failed, a client failure no answer. */
        static Outcome of(Rig.Reply reply) {
            if (reply.failure() != null) {
                return noAnswer(reply.failure());
            }
            return reply.ok() ? ok() : failed(reply.status() + " " + reply.body());
        }
    }

    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLong sequence = new AtomicLong();
    private final Map<Kind, LongAdder> counts = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> details = new ConcurrentLinkedQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private final long budget;
    private final long deadline;

    private Load(long budget, Duration limit) {
        this.budget = budget;
        this.deadline = System.nanoTime() + limit.toNanos();
        for (Kind kind : Kind.values()) {
            counts.put(kind, new LongAdder());
        }
    }

    /** Starts {@code threads} clients sending at most {@code budget} requests within {@code limit}. */
    static Load start(String name, int threads, long budget, Duration limit, IntFunction<Outcome> request) {
        Load load = new Load(budget, limit);
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> load.run(request), name + "-client-" + t);
            thread.setDaemon(true);
            load.threads.add(thread);
            thread.start();
        }
        return load;
    }

    private void run(IntFunction<Outcome> request) {
        while (!stop.get() && System.nanoTime() - deadline < 0) {
            long n = sequence.getAndIncrement();
            if (n >= budget) {
                return;
            }
            Outcome outcome;
            try {
                outcome = request.apply((int) n);
            } catch (RuntimeException e) {
                outcome = Outcome.failed("client error: " + e);
            }
            counts.get(outcome.kind()).increment();
            if (outcome.kind() != Kind.OK && details.size() < 200) {
                details.add(outcome.kind() + " #" + n + ": " + outcome.detail());
            }
        }
    }

    /** Requests sent so far (done or in flight). */
    long started() {
        return Math.min(sequence.get(), budget);
    }

    long count(Kind kind) {
        return counts.get(kind).sum();
    }

    long total() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    List<String> details() {
        return List.copyOf(details);
    }

    /** Tells the clients to stop and waits for them (each request is bounded by its own timeout). */
    Load stop() {
        stop.set(true);
        return await();
    }

    /** Waits until every client finished (budget or deadline), at most 60 s after the deadline. */
    Load await() {
        long limit = deadline + TimeUnit.SECONDS.toNanos(60);
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(limit - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + thread.getName(), e);
            }
            if (thread.isAlive()) {
                throw new AssertionError(thread.getName() + " still running: a request hangs");
            }
        }
        return this;
    }

    @Override
    public void close() {
        stop.set(true);
    }

    @Override
    public String toString() {
        return "ok=" + count(Kind.OK) + " failed=" + count(Kind.FAILED) + " no_answer=" + count(Kind.NO_ANSWER)
                + (details.isEmpty() ? "" : " first: " + details.peek());
    }
}
