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

    /**
     * Called once on the same instance after {@link #check} ran, whatever it returned, when the
     * first start of the workers is over: every worker's pools are initialized ({@code started}
     * true), or the start failed or was refused and whatever workers had started are stopped
     * again, their pools closed ({@code started} false). A check that must hold something until
     * the workers' connections are open (a lock on the database server) releases it here. Must
     * not throw; it runs on the thread that started the server.
     */
    default void afterStart(boolean started) {
    }
}
