package io.fastd.kernel.server.api;

import static java.util.Objects.requireNonNull;

import com.google.inject.Injector;
import io.fastd.kernel.config.Config;

/**
 * What the server is about to start, for {@link StartupCheck}s.
 *
 * @param requestWorkers how many request workers will start ({@code server.worker_num})
 * @param taskWorkers how many task workers will start ({@code server.task_worker_num})
 * @param settings every server setting, listeners included
 * @param injector the application's injector (to look up bindings or singletons; no worker is
 *     current, so worker-scoped objects are not available)
 * @param config the application's config
 */
public record ServerPlan(int requestWorkers, int taskWorkers, ServerSettings settings, Injector injector, Config config) {

    public ServerPlan {
        requireNonNull(settings, "settings is null");
        requireNonNull(injector, "injector is null");
        requireNonNull(config, "config is null");
    }
}
