package io.fastd.kernel.worker;

import com.google.inject.ScopeAnnotation;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * One instance per worker: every worker that asks gets its own, created on first use within that
 * worker and dropped when the worker stops. Bind pools this way
 * ({@code bind(MyPool.class).in(WorkerScoped.class)}) so that N workers hold N pools.
 */
@Documented
@ScopeAnnotation
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface WorkerScoped {
}
