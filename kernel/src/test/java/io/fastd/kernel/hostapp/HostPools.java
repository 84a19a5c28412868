package io.fastd.kernel.hostapp;

import io.fastd.pool.ForWorkers;
import io.fastd.pool.PoolInterface;
import io.fastd.pool.WorkerKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A host app's pools for these tests: each records its calls in a journal the test owns. */
final class HostPools {

    private HostPools() {
    }

    /** A pool that writes "init:Name" / "close:Name" into its journal. */
    abstract static class JournalPool implements PoolInterface {
        static final List<String> JOURNAL = Collections.synchronizedList(new ArrayList<>());
        volatile boolean open;

        @Override
        public void initPool() {
            open = true;
            JOURNAL.add("init:" + getClass().getSimpleName());
        }

        @Override
        public void closePool() {
            open = false;
            JOURNAL.add("close:" + getClass().getSimpleName());
        }
    }

    /** Meant to be one per process (a shared client). */
    public static final class ProcessPool extends JournalPool {
    }

    /** Meant to be one per worker; request workers only (the default). */
    public static final class RequestPool extends JournalPool {
    }

    /** For task workers only. */
    @ForWorkers(WorkerKind.TASK)
    public static final class TaskPool extends JournalPool {
    }

    /** A key-value client behind an interface, as a host app would bind it. */
    public interface KeyValueClient extends PoolInterface {
    }

    /** Never bound itself: only linked to, so Guice binds it just in time. */
    public static final class ChildPool extends JournalPool implements KeyValueClient {
    }
}
