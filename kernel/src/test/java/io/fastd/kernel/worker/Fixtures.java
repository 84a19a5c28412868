package io.fastd.kernel.worker;

import io.fastd.pool.ForWorkers;
import io.fastd.pool.PoolInterface;
import io.fastd.pool.WorkerKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Small pools for the walk tests. Each records what happened to it in a shared journal. */
final class Fixtures {

    /** Every initPool/closePool call, in order, as "init:Name#n" / "close:Name#n". */
    static final List<String> JOURNAL = Collections.synchronizedList(new ArrayList<>());

    private Fixtures() {
    }

    abstract static class RecordingPool implements PoolInterface {
        private static int counter;
        final int number;
        int inits;
        int closes;

        RecordingPool() {
            synchronized (RecordingPool.class) {
                number = counter++;
            }
        }

        String name() {
            return getClass().getSimpleName() + "#" + number;
        }

        @Override
        public void initPool() throws Exception {
            inits++;
            JOURNAL.add("init:" + getClass().getSimpleName());
        }

        @Override
        public void closePool() throws Exception {
            closes++;
            JOURNAL.add("close:" + getClass().getSimpleName());
        }
    }

    static final class APool extends RecordingPool {
    }

    static final class BPool extends RecordingPool {
    }

    static final class CPool extends RecordingPool {
    }

    /** A pool interface, as a host app would put a cache behind. */
    interface CachePool extends PoolInterface {
    }

    static final class RedisPool extends RecordingPool implements CachePool {
    }

    @WorkerScoped
    static final class AnnotatedPool extends RecordingPool {
    }

    @ForWorkers(WorkerKind.TASK)
    static final class TaskOnlyPool extends RecordingPool {
    }

    @ForWorkers({WorkerKind.REQUEST, WorkerKind.TASK})
    static final class EverywherePool extends RecordingPool {
    }

    static final class FailingPool extends RecordingPool {
        @Override
        public void initPool() throws Exception {
            super.initPool();
            throw new java.net.ConnectException("Connection refused to db.example:3306");
        }

        @Override
        public String describe() {
            return "mysql default=db.example:3306/app";
        }
    }

    static final class OtherFailingPool extends RecordingPool {
        @Override
        public void initPool() throws Exception {
            super.initPool();
            throw new IllegalStateException("cache unreachable at cache:6379");
        }
    }

    static final class FailingClosePool extends RecordingPool {
        @Override
        public void closePool() throws Exception {
            super.closePool();
            throw new java.io.IOException("socket already closed");
        }
    }
}
