package io.fastd.testing;

import com.google.inject.Module;
import io.fastd.kernel.Application;
import io.fastd.kernel.worker.WorkerScoped;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

/** What a {@link FastdAppExtension.Builder} collected, and how it becomes an {@link Application.Builder}. */
final class Settings {

    final List<Module> providers = new ArrayList<>();
    final List<Module> overrides = new ArrayList<>();
    final Map<String, String> config = new LinkedHashMap<>();
    final Map<Class<?>, List<Object>> instances = new LinkedHashMap<>();
    String defaultsResource;
    int requestWorkers = 1;
    int taskWorkers;
    boolean server;
    boolean realEnvironment;
    boolean discoverProviders;
    Duration awaitAtMost = Duration.ofSeconds(20);

    <T> void perWorker(Class<T> type, Supplier<? extends T> factory) {
        List<Object> created = new ArrayList<>();
        instances.put(type, created);
        overrides.add(binder -> binder.bind(type).toProvider(() -> {
            T instance = factory.get();
            synchronized (created) {
                created.add(instance);
            }
            return instance;
        }).in(WorkerScoped.class));
    }

    /** The application builder: isolated unless asked, files (PID file) under {@code directory}. */
    Application.Builder newBuilder(Path directory) {
        Map<String, String> values = new LinkedHashMap<>();
        if (server) {
            values.put("server.worker_num", Integer.toString(requestWorkers));
            values.put("server.task_worker_num", Integer.toString(taskWorkers));
            values.put("server.pid_file", directory.resolve("fastd-test.pid").toString());
        }
        values.putAll(config);
        Application.Builder builder = Application.builder().config(values).discoverProviders(discoverProviders);
        if (!realEnvironment) {
            builder.environment(Map.of()).systemProperties(new Properties());
        }
        if (defaultsResource != null) {
            builder.defaultsResource(defaultsResource);
        }
        builder.provider(providers.toArray(Module[]::new));
        if (!overrides.isEmpty()) {
            builder.override(overrides.toArray(Module[]::new));
        }
        return builder;
    }
}
