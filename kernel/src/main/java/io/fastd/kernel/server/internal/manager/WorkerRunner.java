package io.fastd.kernel.server.internal.manager;

import com.google.inject.Key;
import io.fastd.kernel.Application;
import io.fastd.kernel.worker.Worker;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker's life on its own platform thread ({@code fastd-worker-<id>}): start the worker
 * (its pools initialized on this thread), enter it, resolve its handlers, then take jobs from
 * the slot's queue until told to leave, {@code max_request} is reached, or a handler throws an
 * {@link Error}. Used by every task worker, and by request workers in process mode.
 *
 * <p>The runner never closes its worker's pools: whoever handles its {@link #exited()} does
 * (the manager after a death or a recycle, reload or stop otherwise), so a dead worker's
 * connections are always closed by someone else's thread.
 */
final class WorkerRunner extends AbstractRunner implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(WorkerRunner.class);
    private static final long POLL_MILLIS = 50;

    private final Thread thread;
    private volatile boolean retire;
    private volatile boolean drain;

    WorkerRunner(WorkerSlot slot, Application app, Set<Key<?>> handlerTypes, int maxRequest) {
        super(slot, app, handlerTypes, maxRequest);
        this.thread = new Thread(this, slot.threadName());
        this.thread.setDaemon(true);
    }

    /** Starts the thread; {@link #ready()} completes once the pools are initialized. */
    @Override
    public WorkerRunner start() {
        thread.start();
        return this;
    }

    @Override
    public void interrupt() {
        thread.interrupt();
    }

    /** Leave after the current job; the queue stays with the slot. */
    @Override
    public void retire() {
        retire = true;
    }

    /** Leave once the slot's queue is empty. */
    @Override
    public void drain() {
        drain = true;
    }

    @Override
    public void run() {
        WorkerStart started = open();
        if (started == null) {
            return;
        }
        Exit exit = Exit.DIED;
        try (started) {
            exit = loop(started);
        } catch (Throwable e) {
            died(e);
        } finally {
            exited().complete(exit);
        }
    }

    private Exit loop(WorkerStart started) throws InterruptedException {
        WorkerSlot slot = slot();
        while (true) {
            if (retire) {
                return Exit.RETIRED;
            }
            Job job = slot.queue().poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            if (job == null) {
                if (drain) {
                    return Exit.DRAINED;
                }
                continue;
            }
            Exit exit = serve(job, started);
            if (exit != null) {
                return exit;
            }
        }
    }

    static void closeQuietly(Worker worker) {
        if (worker == null) {
            return;
        }
        try {
            worker.stop();
        } catch (RuntimeException e) {
            log.warn("{}", e.getMessage(), e);
        }
    }
}
