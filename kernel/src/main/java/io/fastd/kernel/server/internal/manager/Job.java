package io.fastd.kernel.server.internal.manager;

/**
 * One unit of work queued to a worker slot: a request from a listener, or a task. Exactly one of
 * {@link #run} (then possibly {@link #fail}) or {@link #reject} is called, once.
 */
public interface Job {

    /** Runs the job on a worker thread, inside the worker, with that worker's handlers. */
    void run(HandlerSet handlers) throws Exception;

    /** {@link #run} threw: answer with an error (never a stack trace). */
    void fail(Throwable error);

    /** The job never ran ({@code reason}: busy, stopping): answer or drop it. */
    void reject(String reason);
}
