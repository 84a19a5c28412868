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

/** Runs every bound {@link StartupCheck}; see there for the contract. */
public final class StartupChecks {

    private static final Logger log = LoggerFactory.getLogger(StartupChecks.class);
    private static final Key<Set<StartupCheck>> KEY = Key.get(new TypeLiteral<Set<StartupCheck>>() { });

    private StartupChecks() {
    }

    /** The failures, one line each (empty if all passed or were skipped). */
    public static List<String> run(ServerPlan plan) {
        Binding<Set<StartupCheck>> binding = plan.injector().getExistingBinding(KEY);
        if (binding == null) {
            return List.of();
        }
        List<String> failures = new ArrayList<>();
        for (StartupCheck check : binding.getProvider().get()) {
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
}
