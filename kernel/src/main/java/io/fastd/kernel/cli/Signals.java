package io.fastd.kernel.cli;

import io.fastd.kernel.server.Server;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGTERM/SIGINT for a foreground server: the first starts a graceful stop, a second one during
 * it forces the exit ({@code 128 + signal}). Uses {@code sun.misc.Signal}; where that is not
 * available only the shutdown hook remains (graceful stop on the JVM's normal termination).
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
    }
}
