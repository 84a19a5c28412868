package io.fastd.examples;

import io.fastd.kernel.Application;
import io.fastd.kernel.cli.Arguments;
import io.fastd.kernel.cli.Cli;
import io.fastd.kernel.config.Config;
import io.fastd.kernel.config.ConfigException;
import io.fastd.kernel.config.ConfigLoader;
import io.fastd.pool.mysql.DatabaseSettings;
import io.fastd.pool.mysql.embedded.EmbeddedMariaDb;
import io.fastd.providers.DatabaseProvider;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The example application's entry point, and the template of a host app's {@code main}:
 * {@code java -jar fastd-examples.jar start [-d] | stop | reload | status [--json] | health | config  [--config DIR]}
 * ({@code --help} lists them).
 *
 * <ol>
 *   <li>The command line is parsed by the kernel's {@link Arguments} (a usage error exits 2).</li>
 *   <li>The config is loaded once, from the layers below and {@code --config DIR}, and checked
 *       with every setting group before anything starts.</li>
 *   <li>{@link Cli} runs the command; only {@code start} builds the application, from that same
 *       config (plus the embedded database's address and account, when one is started).</li>
 * </ol>
 *
 * <p>Config layers: the bundled {@code fastd-example.yml}, then the optional config directory
 * ({@code --config DIR}: {@code app.yml}, {@code database.yml}, {@code server.yml}, {@code .env.yml}),
 * then {@code FASTD_*} environment variables, then {@code -Dkey=value}. When {@code start} finds no
 * {@code database.default.host}, it starts an embedded MariaDB (binaries unpacked once and verified
 * before every start under {@code -Dfastd.embedded.dir}, default
 * {@link EmbeddedMariaDb#defaultDirectory()}, a private directory; data thrown away at stop) and
 * points {@code database.default} at its application account {@code fastd_app}, whose random
 * password reaches the pool inside this JVM only (never on a command line or in a log). The table
 * is created once per start by {@link SchemaSetup}.
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
        Arguments arguments;
        Config config;
        try {
            arguments = Arguments.parse(args);
        } catch (Arguments.UsageException e) {
            err.println(e.getMessage());
            return Cli.USAGE;
        }
        try {
            ConfigLoader loader = new ConfigLoader().defaultsResource(DEFAULTS, ExampleMain.class.getClassLoader())
                    .environment(environment).systemProperties(systemProperties);
            arguments.configDirectory().ifPresent(loader::directory);
            config = loader.load();
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return Cli.FAILED;
        }
        AtomicReference<EmbeddedMariaDb> embedded = new AtomicReference<>();
        try {
            // The database keys are checked with the server and app keys before anything starts: a
            // typo (database.default.hostname) fails at once, not after the embedded server started.
            return new Cli(config, () -> build(config, embedded, err), out, err)
                    .checking(probe -> DatabaseProvider.problems(probe, probe.has("database.default.host")))
                    .checking(ExampleSettings.SETTINGS::problems)
                    .run(arguments);
        } finally {
            EmbeddedMariaDb server = embedded.get();
            if (server != null) {
                server.stop();
            }
        }
    }

    /** The application of {@code start}, from the config loaded once. */
    private static Application build(Config config, AtomicReference<EmbeddedMariaDb> embedded, PrintStream err) {
        Config complete = config;
        if (!config.has("database.default.host")) {
            Path base = ExampleSettings.SETTINGS.bind(config).find(ExampleSettings.EMBEDDED_DIR)
                    .orElseGet(EmbeddedMariaDb::defaultDirectory);
            err.println("No database.default.host configured: starting an embedded MariaDB under " + base);
            EmbeddedMariaDb server = EmbeddedMariaDb.start(base);
            embedded.set(server);
            server.createDatabase(EMBEDDED_DATABASE);
            DatabaseSettings account = server.applicationSettings("default", EMBEDDED_DATABASE);
            complete = config.with(Map.of("database.default.host", account.host(),
                    "database.default.port", Integer.toString(account.port()),
                    "database.default.user", account.user(),
                    "database.default.pass", account.password(),
                    "database.default.name", account.name()), "embedded MariaDB under " + base);
        }
        return Application.builder().loadedConfig(complete).build();
    }
}
