package io.fastd.pool;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares which kinds of worker hold a pool. Without it a pool belongs to request workers
 * only. {@code @ForWorkers(WorkerKind.TASK)} makes a pool task-worker-only;
 * {@code @ForWorkers({REQUEST, TASK})} puts it in both. A pool whose kinds depend on its
 * configuration overrides {@link PoolInterface#workerKinds()} instead.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ForWorkers {
    WorkerKind[] value();
}
