package io.fastd.kernel.cli;

import io.fastd.kernel.server.Server;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGTERM/SIGINT for a foreground server: the first starts a graceful stop, a second one during
 * it forces the exit ({@code 128 + signal}). SIGUSR1 reloads the workers one at a time, as the
 * admin {@code reload} does (Swoole's convention); each signal starts one reload, its outcome is
 * printed when it ends. Uses {@code sun.misc.Signal}; where that is not available only the
 * shutdown hook remains (graceful stop on the JVM's normal termination).
 */
final class Signals {

    private static final Logger log = LoggerFactory.getLogger(Signals.class);

    private Signals() {
    }

    static void install(Server server, PrintStream err) {
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "fastd-shutdown-hook"));
        AtomicInteger received = new AtomicInteger();
        try {
            sun.misc.SignalHandler handler = signal -> {
                if (received.incrementAndGet() == 1) {
                    err.println("SIG" + signal.getName() + " received: stopping gracefully (send it again to force)");
                    Thread stopper = new Thread(server::stop, "fastd-signal-stop");
                    stopper.start();
                } else {
                    err.println("SIG" + signal.getName() + " received again: forcing exit");
                    Runtime.getRuntime().halt(128 + signal.getNumber());
                }
            };
            sun.misc.Signal.handle(new sun.misc.Signal("TERM"), handler);
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), handler);
        } catch (IllegalArgumentException | LinkageError e) {
            log.warn("cannot install signal handlers ({}); relying on the shutdown hook", e.toString());
        }
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("USR1"), signal -> reload(server, err));
        } catch (IllegalArgumentException | LinkageError e) {
            log.warn("cannot install the SIGUSR1 handler ({}); reload with the reload command", e.toString());
        }
    }

    /** Starts a rolling reload; the signal's thread returns at once, the outcome is printed when known. */
    private static void reload(Server server, PrintStream err) {
        err.println("SIGUSR1 received: reloading the workers one at a time");
        server.reload().whenComplete((result, failure) -> {
            if (failure == null) {
                err.println("SIGUSR1 reload done: " + result.strip());
            } else {
                Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                err.println("SIGUSR1 reload failed: " + cause.getMessage());
            }
        });
    }
}
