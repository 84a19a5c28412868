package io.fastd.kernel.worker;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One or more pools of a worker (or of the process) failed to initialize. Every failure is
 * listed, each naming the pool class and what it tried to reach; the causes are attached as
 * suppressed exceptions. By the time this is thrown, the pools that had initialized were closed
 * in reverse order.
 */
public final class PoolInitializationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String owner;
    private final transient List<PoolFailure> failures;

    public PoolInitializationException(String owner, List<PoolFailure> failures, UnaryOperator<String> redactor) {
        super(redactor.apply(format(owner, failures)));
        this.owner = owner;
        this.failures = List.copyOf(failures);
        failures.forEach(failure -> addSuppressed(failure.cause()));
    }

    /** Whose pools failed: {@code worker 3}, {@code task worker 0} or {@code process}. */
    public String owner() {
        return owner;
    }

    public List<PoolFailure> failures() {
        return failures;
    }

    private static String format(String owner, List<PoolFailure> failures) {
        if (failures.size() == 1) {
            return "Pool failed to initialize in " + owner + ": " + failures.get(0).summary();
        }
        StringBuilder message = new StringBuilder(failures.size() + " pools failed to initialize in " + owner + ":");
        failures.forEach(failure -> message.append("\n  - ").append(failure.summary()));
        return message.toString();
    }
}
