package io.fastd.kernel.provider;

import static java.util.Objects.requireNonNull;

import com.google.inject.Module;
import io.fastd.kernel.config.Config;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects the modules an application installs, in this order: the class names listed in
 * {@code app.services}, the modules given to the builder, then those found by
 * {@link ServiceLoader} for {@link ServiceProvider}. A module class seen a second time is
 * skipped (the first registration wins), so a provider listed in config and also discovered is
 * installed once. Every {@link ServiceProvider} gets the config attached.
 */
public final class ProviderResolver {

    /** The config key that lists provider class names. */
    public static final String SERVICES_KEY = "app.services";

    private static final Logger log = LoggerFactory.getLogger(ProviderResolver.class);

    private final Config config;
    private final ClassLoader classLoader;

    public ProviderResolver(Config config, ClassLoader classLoader) {
        this.config = requireNonNull(config, "config is null");
        this.classLoader = requireNonNull(classLoader, "classLoader is null");
    }

    /**
     * Resolves the modules to install.
     *
     * @param fromBuilder modules given in code, in order
     * @param discover whether to add the providers {@link ServiceLoader} finds
     * @throws ProviderException naming, for every bad entry of {@code app.services}, the source,
     *     the key and the class
     */
    public List<Module> resolve(List<Module> fromBuilder, boolean discover) {
        Map<Class<?>, Module> modules = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        String source = config.source(SERVICES_KEY).orElse("nowhere");
        for (String className : config.getList(SERVICES_KEY)) {
            Module module = instantiate(className, source, problems);
            if (module != null) {
                add(modules, module, SERVICES_KEY);
            }
        }
        if (!problems.isEmpty()) {
            throw new ProviderException(problems);
        }
        for (Module module : fromBuilder) {
            add(modules, requireNonNull(module, "module is null"), "the builder");
        }
        if (discover) {
            try {
                for (ServiceProvider provider : ServiceLoader.load(ServiceProvider.class, classLoader)) {
                    add(modules, provider, "ServiceLoader");
                }
            } catch (ServiceConfigurationError e) {
                throw new ProviderException(List.of("ServiceLoader for " + ServiceProvider.class.getName()
                        + " failed: " + e.getMessage()));
            }
        }
        modules.values().forEach(module -> {
            if (module instanceof ServiceProvider provider) {
                provider.attach(config);
            }
        });
        return List.copyOf(modules.values());
    }

    private static void add(Map<Class<?>, Module> modules, Module module, String from) {
        if (modules.putIfAbsent(module.getClass(), module) != null) {
            log.debug("Service provider {} from {} is already registered; installing it once", module.getClass().getName(), from);
        }
    }

    private Module instantiate(String className, String source, List<String> problems) {
        String where = SERVICES_KEY + " (" + source + "): class '" + className + "' ";
        Class<?> type;
        try {
            type = Class.forName(className, false, classLoader);
        } catch (ClassNotFoundException e) {
            problems.add(where + "not found on the class path");
            return null;
        } catch (LinkageError e) {
            problems.add(where + "cannot be loaded: " + e);
            return null;
        }
        if (!Module.class.isAssignableFrom(type)) {
            problems.add(where + "is not a service provider (it must extend " + ServiceProvider.class.getName()
                    + " or implement com.google.inject.Module)");
            return null;
        }
        if (Modifier.isAbstract(type.getModifiers())) {
            problems.add(where + "is abstract");
            return null;
        }
        try {
            return (Module) type.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            problems.add(where + "has no public no-argument constructor");
        } catch (InvocationTargetException e) {
            problems.add(where + "constructor threw " + e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            problems.add(where + "cannot be instantiated: " + e);
        }
        return null;
    }
}
