package io.fastd.kernel.worker;

import static java.util.Objects.requireNonNull;

/**
 * A pool that failed to initialize or close.
 *
 * @param poolClass the pool's class name
 * @param description what the pool reaches ({@code PoolInterface.describe()}), never a secret
 * @param cause what it threw
 */
public record PoolFailure(String poolClass, String description, Throwable cause) {

    public PoolFailure {
        requireNonNull(poolClass, "poolClass is null");
        requireNonNull(description, "description is null");
        requireNonNull(cause, "cause is null");
    }

    /** {@code io.x.DatabasePool (mysql default=db:3306/app): Connection refused}. */
    public String summary() {
        String message = cause.getMessage();
        return poolClass + " (" + description + "): "
                + (message == null || message.isBlank() ? cause.getClass().getName() : message);
    }
}
