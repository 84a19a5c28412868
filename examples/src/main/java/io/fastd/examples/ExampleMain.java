package io.fastd.examples;

import io.fastd.kernel.Application;
import io.fastd.kernel.cli.Cli;
import io.fastd.kernel.config.Config;
import io.fastd.kernel.config.ConfigException;
import io.fastd.kernel.config.ConfigLoader;
import io.fastd.providers.DatabaseProvider;
import io.fastd.pool.mysql.DatabaseSettings;
import io.fastd.pool.mysql.embedded.EmbeddedMariaDb;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The example application's entry point: {@code java -jar fastd-examples.jar start|stop|reload|status
 * [--config DIR]}.
 *
 * <p>Config layers: the bundled {@code fastd-example.yml}, then the optional config directory
 * ({@code --config DIR}: {@code app.yml}, {@code database.yml}, {@code server.yml}, {@code .env.yml}),
 * then {@code FASTD_*} environment variables, then {@code -Dkey=value}. When {@code start} finds no
 * {@code database.default.host}, it starts an embedded MariaDB (binaries unpacked once and verified
 * before every start under {@code -Dfastd.embedded.dir}, default
 * {@link EmbeddedMariaDb#defaultDirectory()}, a private directory; data thrown away at stop) and
 * points {@code database.default} at its application account {@code fastd_app}, whose random
 * password reaches the pool inside this JVM only (never on a command line or in a log).
 */
public final class ExampleMain {

    /** The bundled defaults resource. */
    public static final String DEFAULTS = "fastd-example.yml";
    /** The database the embedded server gets. */
    public static final String EMBEDDED_DATABASE = "fastd";

    private ExampleMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.getProperties(), System.out, System.err));
    }

    /** Runs a command; returns the exit code (see {@link Cli}). */
    public static int run(String[] args, Map<String, String> environment, Properties systemProperties,
            PrintStream out, PrintStream err) {
        List<String> rest = new ArrayList<>(List.of(args));
        Path configDirectory = null;
        int flag = rest.indexOf("--config");
        if (flag >= 0) {
            if (flag + 1 >= rest.size()) {
                err.println("--config needs a directory");
                return Cli.USAGE;
            }
            configDirectory = Path.of(rest.remove(flag + 1));
            rest.remove(flag);
        }
        Config config;
        try {
            ConfigLoader loader = new ConfigLoader().defaultsResource(DEFAULTS, ExampleMain.class.getClassLoader())
                    .environment(environment).systemProperties(systemProperties);
            if (configDirectory != null) {
                loader.directory(configDirectory);
            }
            config = loader.load();
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return Cli.FAILED;
        }
        AtomicReference<EmbeddedMariaDb> embedded = new AtomicReference<>();
        Path directory = configDirectory;
        try {
            // The database keys are checked with the server and app keys before anything starts: a
            // typo (database.default.hostname) fails at once, not after the embedded server started.
            return new Cli(config, () -> build(config, directory, environment, systemProperties, embedded, err), out, err)
                    .checking(probe -> DatabaseProvider.problems(probe, probe.has("database.default.host")))
                    .checking(ExampleSettings.SETTINGS::problems)
                    .run(rest.toArray(String[]::new));
        } finally {
            EmbeddedMariaDb server = embedded.get();
            if (server != null) {
                server.stop();
            }
        }
    }

    private static Application build(Config probe, Path configDirectory, Map<String, String> environment,
            Properties systemProperties, AtomicReference<EmbeddedMariaDb> embedded, PrintStream err) {
        Properties properties = new Properties();
        properties.putAll(systemProperties);
        if (!probe.has("database.default.host")) {
            Path base = ExampleSettings.SETTINGS.bind(probe).find(ExampleSettings.EMBEDDED_DIR)
                    .orElseGet(EmbeddedMariaDb::defaultDirectory);
            err.println("No database.default.host configured: starting an embedded MariaDB under " + base);
            EmbeddedMariaDb server = EmbeddedMariaDb.start(base);
            embedded.set(server);
            server.createDatabase(EMBEDDED_DATABASE);
            DatabaseSettings account = server.applicationSettings("default", EMBEDDED_DATABASE);
            properties.setProperty("database.default.host", account.host());
            properties.setProperty("database.default.port", Integer.toString(account.port()));
            properties.setProperty("database.default.user", account.user());
            properties.setProperty("database.default.pass", account.password());
            properties.setProperty("database.default.name", account.name());
        }
        Application.Builder builder = Application.builder().defaultsResource(DEFAULTS)
                .environment(environment).systemProperties(properties);
        if (configDirectory != null) {
            builder.configDirectory(configDirectory);
        }
        return builder.build();
    }
}
