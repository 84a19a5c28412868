package io.fastd.kernel.config;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.configuration2.FileBasedConfiguration;
import org.apache.commons.configuration2.PropertiesConfiguration;
import org.apache.commons.configuration2.YAMLConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.io.FileHandler;

/**
 * Loads a {@link Config} from five layers, lowest first:
 * <ol>
 *   <li>optional bundled defaults: a properties or YAML resource on the class path whose keys are
 *       already full ({@code server: {worker_num: 20}}), shipped inside a host app's jar;</li>
 *   <li>the files of a config directory: {@code <name>.properties}, {@code <name>.yml} or
 *       {@code <name>.yaml}; each file's keys are prefixed with its name, so {@code worker_num}
 *       in {@code server.yml} is {@code server.worker_num} (FastD's {@code config/server.php});</li>
 *   <li>an optional overlay file (FastD's {@code .env.yml}) whose keys are already full, e.g.
 *       {@code database: {default: {host: ...}}};</li>
 *   <li>environment variables {@code FASTD_<KEY>}, where {@code __} stands for a dot and the rest
 *       is lower-cased: {@code FASTD_SERVER__WORKER_NUM=4} sets {@code server.worker_num}. The
 *       prefix is the kernel's: every {@code FASTD_*} variable is a config key, so one that no
 *       component reads is reported like any unused key;</li>
 *   <li>JVM system properties, same spelling as the key: {@code -Dserver.worker_num=4},
 *       {@code -Dcache.capacity=7}. Every key a component reads can be overridden this way.</li>
 * </ol>
 * <p>A system property whose first segment is a config namespace ({@code app}, {@code database},
 * {@code server}, {@code logging}, or one set by any lower layer) is a config key like any other.
 * Any other system property ({@code java.home}, {@code io.netty.*}, or {@code cache.capacity}
 * when no file names {@code cache}) belongs to the JVM or a library until a component reads it:
 * it is kept aside, answers every read of its key (it is still the highest layer), and counts as
 * unused only when a component read some key of its namespace (see {@link Config#unusedKeys()}).
 * Files are parsed by Apache Commons Configuration 2. All problems (unreadable or malformed
 * files, a name given twice in two formats) are reported together in one {@link ConfigException}.
 */
public final class ConfigLoader {

    /** Prefix of environment variables that set config keys. */
    public static final String ENV_PREFIX = "FASTD_";

    private static final Set<String> BUILT_IN_NAMESPACES = Set.of("app", "database", "server", "logging");
    private static final List<String> EXTENSIONS = List.of(".properties", ".yml", ".yaml");

    private String defaultsResource;
    private ClassLoader resourceLoader;
    private Path directory;
    private Path overlay;
    private final Map<String, String> inline = new LinkedHashMap<>();
    private Map<String, String> environment = System.getenv();
    private Properties systemProperties = System.getProperties();

    /**
     * Bundled defaults: a {@code .properties}, {@code .yml} or {@code .yaml} class path resource
     * with full keys, the lowest layer; optional.
     */
    public ConfigLoader defaultsResource(String resource, ClassLoader loader) {
        this.defaultsResource = requireNonNull(resource, "resource is null");
        this.resourceLoader = requireNonNull(loader, "loader is null");
        return this;
    }

    /** The config directory; optional. */
    public ConfigLoader directory(Path directory) {
        this.directory = requireNonNull(directory, "directory is null");
        return this;
    }

    /** The overlay file; optional. When unset, {@code <directory>/.env.yml} is used if it exists. */
    public ConfigLoader overlay(Path overlay) {
        this.overlay = requireNonNull(overlay, "overlay is null");
        return this;
    }

    /**
     * Values given in code with full keys (a test kit's inline config), source {@code inline}:
     * above the overlay file, below environment variables and system properties.
     */
    public ConfigLoader inline(Map<String, String> values) {
        requireNonNull(values, "values is null").forEach((key, value) -> inline.put(
                requireNonNull(key, "key is null"), requireNonNull(value, () -> "value of " + key + " is null")));
        return this;
    }

    /** The environment to read {@code FASTD_*} variables from; defaults to {@link System#getenv()}. */
    public ConfigLoader environment(Map<String, String> environment) {
        this.environment = Map.copyOf(requireNonNull(environment, "environment is null"));
        return this;
    }

    /** The system properties to read; defaults to {@link System#getProperties()}. */
    public ConfigLoader systemProperties(Properties systemProperties) {
        this.systemProperties = requireNonNull(systemProperties, "systemProperties is null");
        return this;
    }

    /**
     * Reads every layer.
     *
     * @throws ConfigException listing every file that is missing, unreadable or malformed
     */
    public Config load() {
        List<String> problems = new ArrayList<>();
        Map<String, ConfigValue> values = new LinkedHashMap<>();
        Set<String> namespaces = new LinkedHashSet<>(BUILT_IN_NAMESPACES);

        if (defaultsResource != null) {
            readResource(defaultsResource, resourceLoader, problems).forEach((key, raw) -> {
                values.put(key, new ConfigValue(raw, "defaults " + defaultsResource));
                namespaces.add(firstSegment(key));
            });
        }
        if (directory != null) {
            loadDirectory(values, namespaces, problems);
        }
        Path overlayFile = overlay != null ? overlay
                : directory != null && Files.isRegularFile(directory.resolve(".env.yml")) ? directory.resolve(".env.yml")
                : null;
        if (overlayFile != null) {
            readFile(overlayFile, problems).forEach((key, raw) -> {
                values.put(key, new ConfigValue(raw, "overlay " + overlayFile));
                namespaces.add(firstSegment(key));
            });
        }
        inline.forEach((key, value) -> {
            values.put(key, new ConfigValue(value, "inline"));
            namespaces.add(firstSegment(key));
        });
        new TreeMap<>(environment).forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
                String key = keyOfEnvironmentVariable(name);
                values.put(key, new ConfigValue(value, "environment variable " + name));
                namespaces.add(firstSegment(key));
            }
        });
        Map<String, ConfigValue> foreign = new LinkedHashMap<>();
        new TreeMap<>(propertiesAsMap(systemProperties)).forEach((name, value) -> {
            ConfigValue property = new ConfigValue(value, "system property -D" + name);
            if (namespaces.contains(firstSegment(name))) {
                values.put(name, property);
            } else {
                foreign.put(name, property);
            }
        });
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new Config(values, foreign);
    }

    /** {@code FASTD_DATABASE__DEFAULT__HOST} becomes {@code database.default.host}. */
    public static String keyOfEnvironmentVariable(String name) {
        return name.substring(ENV_PREFIX.length()).replace("__", ".").toLowerCase(Locale.ROOT);
    }

    /** The environment variable that sets {@code key}: {@code server.worker_num} gives {@code FASTD_SERVER__WORKER_NUM}. */
    public static String environmentVariableOf(String key) {
        return ENV_PREFIX + key.replace(".", "__").toUpperCase(Locale.ROOT);
    }

    private void loadDirectory(Map<String, ConfigValue> values, Set<String> namespaces, List<String> problems) {
        if (!Files.isDirectory(directory)) {
            problems.add("config directory " + directory + " does not exist or is not a directory");
            return;
        }
        Map<String, Path> byName = new TreeMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files.sorted()::iterator) {
                String fileName = file.getFileName().toString();
                String extension = EXTENSIONS.stream().filter(fileName::endsWith).findFirst().orElse(null);
                // A config name that is not a readable regular file is reported by readFile, never skipped:
                // skipping it would silently drop a whole namespace (database.yml as a directory).
                if (extension == null || fileName.startsWith(".")) {
                    continue;
                }
                String name = fileName.substring(0, fileName.length() - extension.length());
                Path previous = byName.putIfAbsent(name, file);
                if (previous != null) {
                    problems.add("config '" + name + "' is defined twice, in " + previous + " and " + file
                            + "; keep one of them");
                }
            }
        } catch (IOException e) {
            problems.add("config directory " + directory + " cannot be listed: " + e.getMessage());
            return;
        }
        byName.forEach((name, file) -> {
            namespaces.add(name);
            readFile(file, problems).forEach((key, raw) -> values.put(name + "." + key, new ConfigValue(raw, "file " + file)));
        });
    }

    /** The flattened keys of one properties or YAML file; problems are added, never thrown. */
    private static Map<String, Object> readFile(Path file, List<String> problems) {
        if (!Files.isReadable(file) || !Files.isRegularFile(file)) {
            problems.add("config file " + file + " is not a readable file");
            return new LinkedHashMap<>();
        }
        FileBasedConfiguration configuration = configurationFor(file.getFileName().toString());
        try {
            new FileHandler(configuration).load(file.toFile());
        } catch (StackOverflowError e) {
            // Commons Configuration builds its tree recursively: a self-referencing alias never ends.
            problems.add("config file " + file + " cannot be parsed: nested too deeply (a recursive alias?)");
            return new LinkedHashMap<>();
        } catch (ConfigurationException | RuntimeException e) {
            problems.add("config file " + file + " cannot be parsed: " + rootMessage(e));
            return new LinkedHashMap<>();
        }
        return flatten(configuration);
    }

    private static Map<String, Object> readResource(String resource, ClassLoader loader, List<String> problems) {
        java.net.URL url = loader.getResource(resource);
        if (url == null) {
            problems.add("config resource " + resource + " is not on the class path");
            return new LinkedHashMap<>();
        }
        FileBasedConfiguration configuration = configurationFor(resource);
        try {
            new FileHandler(configuration).load(url);
        } catch (StackOverflowError e) {
            // Commons Configuration builds its tree recursively: a self-referencing alias never ends.
            problems.add("config resource " + resource + " cannot be parsed: nested too deeply (a recursive alias?)");
            return new LinkedHashMap<>();
        } catch (ConfigurationException | RuntimeException e) {
            problems.add("config resource " + resource + " cannot be parsed: " + rootMessage(e));
            return new LinkedHashMap<>();
        }
        return flatten(configuration);
    }

    private static FileBasedConfiguration configurationFor(String name) {
        return name.endsWith(".properties") ? new PropertiesConfiguration() : new YAMLConfiguration();
    }

    private static Map<String, Object> flatten(FileBasedConfiguration configuration) {
        Map<String, Object> result = new LinkedHashMap<>();
        for (Iterator<String> keys = configuration.getKeys(); keys.hasNext(); ) {
            String key = keys.next();
            Object value = configuration.getProperty(key);
            result.put(key, value == null ? "" : value);
        }
        return result;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message.replaceAll("\\s+", " ").trim();
    }

    static String firstSegment(String key) {
        int dot = key.indexOf('.');
        return dot < 0 ? key : key.substring(0, dot);
    }

    private static Map<String, String> propertiesAsMap(Properties properties) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String name : properties.stringPropertyNames()) {
            map.put(name, properties.getProperty(name));
        }
        return map;
    }
}
