package io.fastd.kernel.server.api;

/**
 * A check that runs before any worker starts, e.g. "workers x connection keys fit under the
 * database's max_connections". Contribute one with
 * {@code Multibinder.newSetBinder(binder(), StartupCheck.class).addBinding().to(MyCheck.class)}.
 * The kernel binds the (empty) set. All checks run; if any throws, the start is refused with
 * every failure listed, unless {@code server.skip_startup_checks=true} (then each is a WARN).
 */
@FunctionalInterface
public interface StartupCheck {

    /** Throws (with a message saying what to change) to refuse the start. */
    void check(ServerPlan plan) throws Exception;
}
