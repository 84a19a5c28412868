package io.fastd.kernel.server.internal.manager;

import static java.util.Objects.requireNonNull;

import com.google.inject.Key;
import io.fastd.kernel.Application;
import io.netty.channel.EventLoop;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request worker's life on a Netty event loop (base mode): the worker starts on the loop's
 * thread, and every request that loop reads runs inline ({@link #runHere(Job)}), with no queue and
 * no hand-off. The loop outlives its workers: after a death, a recycle or a reload, the next
 * runner of the slot starts on the same loop, and requests read meanwhile wait in the slot's
 * queue, which the new runner empties first.
 *
 * <p>Everything but {@link #start()}, {@link #retire()}, {@link #drain()} and the getters runs
 * on the loop, so the runner's own state needs no locks. Like {@link WorkerRunner}, it never
 * closes its worker's pools: whoever handles {@link #exited()} does.
 */
final class LoopRunner extends AbstractRunner {

    private static final Logger log = LoggerFactory.getLogger(LoopRunner.class);

    private final EventLoop loop;
    private WorkerStart started;

    LoopRunner(WorkerSlot slot, EventLoop loop, Application app, Set<Key<?>> handlerTypes, int maxRequest) {
        super(slot, app, handlerTypes, maxRequest);
        this.loop = requireNonNull(loop, "loop is null");
    }

    @Override
    public LoopRunner start() {
        try {
            loop.execute(this::startOnLoop);
        } catch (RejectedExecutionException e) {
            ready().completeExceptionally(new IllegalStateException(slot().threadName() + ": event loop is shut down", e));
        }
        return this;
    }

    private void startOnLoop() {
        // The loop's thread is the worker now: name it so logs and thread dumps say which.
        Thread.currentThread().setName(slot().threadName());
        started = open();
        runQueued();
    }

    /** On the loop: true while this runner takes requests inline. */
    boolean accepting() {
        return started != null && !exited().isDone();
    }

    /**
     * On the loop: runs one request inline. Counts it, recycles the worker at
     * {@code max_request}, and lets the worker die (answering the request first) on an
     * {@link Error}, as a worker thread would.
     */
    @Override
    public boolean runsHere() {
        return loop.inEventLoop() && accepting();
    }

    @Override
    public void runHere(Job job) {
        Exit exit = serve(job, started);
        if (exit != null) {
            leave(exit);
        }
    }

    private void runQueued() {
        Job job;
        while (accepting() && (job = slot().queue().poll()) != null) {
            runHere(job);
        }
    }

    private void leave(Exit exit) {
        if (!accepting()) {
            return;
        }
        started.close();
        exited().complete(exit);
    }

    @Override
    public void retire() {
        onLoop(() -> leave(Exit.RETIRED));
    }

    @Override
    public void drain() {
        onLoop(() -> {
            runQueued();
            leave(Exit.DRAINED);
        });
    }

    /**
     * A loop cannot be interrupted out of a request (a blocking JDBC read ignores interrupts
     * anyway): the request keeps the loop until it returns, and the retire queued behind it
     * runs then.
     */
    @Override
    public void interrupt() {
        log.warn("{} is still in a request; it leaves when the request returns", slot().threadName());
    }

    private void onLoop(Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            log.debug("{}: event loop already shut down", slot().threadName());
        }
    }
}
