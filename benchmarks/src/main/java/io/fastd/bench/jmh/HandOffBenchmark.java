package io.fastd.bench.jmh;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The process-mode hand-off alone, as the kernel does it per request, with baselines from the same
 * run. One operation is a batch of {@code batch} requests started together (1: one connection with
 * one request in flight; 16: replies that could share a wake-up) and the benchmark thread waiting
 * until all are answered. A "request" is {@link #work()}: a few hundred ns of CPU, no I/O.
 *
 * <ul>
 *   <li>{@code direct}: the work on the calling thread. The floor.</li>
 *   <li>{@code queuePingPong}: caller -> {@link ArrayBlockingQueue} -> a thread in {@code take()}
 *       -> a second queue -> caller. The cost of two plain thread hand-offs.</li>
 *   <li>{@code loopInline}: caller -> the event loop ({@code execute}), which runs the work inline
 *       and signals back. Base mode's path (the caller stands in for the socket's readiness).</li>
 *   <li>{@code loopWorkerLoop}: caller -> the event loop, which queues each request to a worker
 *       ({@code ArrayBlockingQueue.offer}, as {@code Dispatcher.submit}); the worker takes it
 *       ({@code poll(50 ms)} as {@code WorkerRunner.loop}, after spinning {@code spinMicros} on an
 *       empty queue), runs it and hands the reply back to the loop with {@code execute} (as
 *       {@code ConnectionFlow.finish}); the loop signals the caller. Process mode's path.</li>
 * </ul>
 * The event loop is Netty's epoll loop when available (the kernel's default transport), NIO otherwise.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HandOffBenchmark {

    @Param({"1", "16"})
    public int batch;

    /** Busy-wait on an empty queue before parking in {@code poll}; 0 parks at once (today's worker). */
    @Param({"0", "20"})
    public int spinMicros;

    private EventLoopGroup group;
    private EventLoop loop;
    private final BlockingQueue<Runnable> workerQueue = new ArrayBlockingQueue<>(1024);
    private final BlockingQueue<Object> pingQueue = new ArrayBlockingQueue<>(1024);
    private final BlockingQueue<Object> pongQueue = new ArrayBlockingQueue<>(1024);
    private final BlockingQueue<Object> done = new ArrayBlockingQueue<>(1);
    private volatile boolean running;
    private Thread worker;
    private Thread ponger;
    private int answered;

    @Setup(Level.Trial)
    public void setUp() {
        group = Epoll.isAvailable() ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);
        loop = group.next();
        running = true;
        long spinNanos = TimeUnit.MICROSECONDS.toNanos(spinMicros);
        worker = new Thread(() -> workerLoop(spinNanos), "bench-worker");
        worker.setDaemon(true);
        worker.start();
        ponger = new Thread(this::pongLoop, "bench-ponger");
        ponger.setDaemon(true);
        ponger.start();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        running = false;
        worker.interrupt();
        ponger.interrupt();
        worker.join(5000);
        ponger.join(5000);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** The stand-in for a handler: a little CPU, a result that is never 0. */
    static long work() {
        Blackhole.consumeCPU(64);
        return System.identityHashCode(Thread.currentThread()) | 1;
    }

    private void workerLoop(long spinNanos) {
        try {
            while (running) {
                Runnable job = spinNanos > 0 ? spinPoll(spinNanos) : workerQueue.poll(50, TimeUnit.MILLISECONDS);
                if (job != null) {
                    job.run();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Runnable spinPoll(long spinNanos) throws InterruptedException {
        Runnable job = workerQueue.poll();
        if (job != null) {
            return job;
        }
        long until = System.nanoTime() + spinNanos;
        do {
            Thread.onSpinWait();
            job = workerQueue.poll();
        } while (job == null && System.nanoTime() - until < 0);
        return job != null ? job : workerQueue.poll(50, TimeUnit.MILLISECONDS);
    }

    private void pongLoop() {
        try {
            while (running) {
                Object ping = pingQueue.take();
                work();
                pongQueue.put(ping);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Benchmark
    public long direct() {
        long sum = 0;
        for (int i = 0; i < batch; i++) {
            sum += work();
        }
        return sum;
    }

    @Benchmark
    public Object queuePingPong() throws InterruptedException {
        for (int i = 0; i < batch; i++) {
            pingQueue.put(Boolean.TRUE);
        }
        Object last = null;
        for (int i = 0; i < batch; i++) {
            last = pongQueue.take();
        }
        return last;
    }

    @Benchmark
    public Object loopInline() throws InterruptedException {
        loop.execute(() -> {
            for (int i = 0; i < batch; i++) {
                work();
            }
            done.add(Boolean.TRUE);
        });
        return done.take();
    }

    @Benchmark
    public Object loopWorkerLoop() throws InterruptedException {
        loop.execute(() -> {
            answered = 0;
            for (int i = 0; i < batch; i++) {
                workerQueue.offer(() -> {
                    long reply = work();
                    loop.execute(() -> replied(reply));
                });
            }
        });
        return done.take();
    }

    /** On the loop: one reply back; the last of the batch signals the caller. */
    private void replied(long reply) {
        if (reply != 0 && ++answered == batch) {
            done.add(Boolean.TRUE);
        }
    }
}
