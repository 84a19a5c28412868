package io.fastd.kernel.server.internal.manager;

import io.fastd.kernel.server.api.BadRequestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one job the same way on every kind of worker: a failure is answered, never lost. */
final class Jobs {

    private static final Logger log = LoggerFactory.getLogger(Jobs.class);

    private Jobs() {
    }

    /**
     * Runs {@code job}; an exception becomes {@link Job#fail} (a bad request at debug level, any
     * other failure counted per exception class and worker in the slot's {@link Incidents},
     * which logs the first in full and then summaries). An {@link Error} is answered too, then
     * rethrown: the worker that ran it must die.
     */
    static void run(Job job, HandlerSet handlers, WorkerSlot slot) {
        String worker = slot.threadName();
        try {
            job.run(handlers);
        } catch (BadRequestException e) {
            log.debug("{}: bad request: {}", worker, e.getMessage());
            job.fail(e);
        } catch (Exception e) {
            slot.incidents().record("handler failed", e.getClass().getName() + " on " + worker, e);
            job.fail(e);
        } catch (Error e) {
            job.fail(e);
            throw e;
        }
    }
}
