package io.fastd.kernel.server.internal.manager;

import com.google.inject.Binding;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import io.fastd.kernel.server.api.ServerPlan;
import io.fastd.kernel.server.api.StartupCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every bound {@link StartupCheck} and later tells the same instances that the start is
 * over ({@link #finish}); see {@link StartupCheck} for the contract.
 */
public final class StartupChecks {

    private static final Logger log = LoggerFactory.getLogger(StartupChecks.class);
    private static final Key<Set<StartupCheck>> KEY = Key.get(new TypeLiteral<Set<StartupCheck>>() { });

    private final List<StartupCheck> ran = new ArrayList<>();
    private boolean finished;

    /** Checks run on one start; {@link #run} them, then {@link #finish} once. */
    public StartupChecks() {
    }

    /** The failures, one line each (empty if all passed or were skipped). */
    public List<String> run(ServerPlan plan) {
        Binding<Set<StartupCheck>> binding = plan.injector().getExistingBinding(KEY);
        if (binding == null) {
            return List.of();
        }
        List<String> failures = new ArrayList<>();
        for (StartupCheck check : binding.getProvider().get()) {
            ran.add(check);
            try {
                check.check(plan);
            } catch (Exception e) {
                String line = "startup check " + check.getClass().getName() + ": "
                        + plan.config().redact(String.valueOf(e.getMessage()));
                if (plan.settings().skipStartupChecks()) {
                    log.warn("{} (starting anyway: server.skip_startup_checks=true)", line);
                } else {
                    failures.add(line);
                }
            }
        }
        return failures;
    }

    /** Tells every check that ran that the workers' start is over; once, later calls do nothing. */
    public void finish(boolean started) {
        if (finished) {
            return;
        }
        finished = true;
        for (StartupCheck check : ran) {
            try {
                check.afterStart(started);
            } catch (RuntimeException e) {
                log.warn("startup check {} failed after the start: {}", check.getClass().getName(), e.toString(), e);
            }
        }
    }
}
