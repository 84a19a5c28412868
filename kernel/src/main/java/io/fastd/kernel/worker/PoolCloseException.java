package io.fastd.kernel.worker;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One or more pools failed to close. Every other pool was still closed; each failure is listed
 * and attached as a suppressed exception.
 */
public final class PoolCloseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<PoolFailure> failures;

    public PoolCloseException(String owner, List<PoolFailure> failures, UnaryOperator<String> redactor) {
        super(redactor.apply(failures.size() + " pool(s) failed to close in " + owner + ":\n  - "
                + String.join("\n  - ", failures.stream().map(PoolFailure::summary).toList())));
        this.failures = List.copyOf(failures);
        failures.forEach(failure -> addSuppressed(failure.cause()));
    }

    public List<PoolFailure> failures() {
        return failures;
    }
}
