package io.fastd.kernel.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The command line's grammar, declared for picocli: the commands, their options and the help
 * texts. Only parsed here ({@link Arguments}); {@link Cli} runs what was parsed. {@code --config}
 * is an option of every command and of the command line itself, so it is accepted before or
 * after the command; {@code -h}/{@code --help} and {@code -V}/{@code --version} likewise.
 */
final class Commands {

    /** The name shown when the app's name is not known yet (before its config is loaded). */
    static final String UNNAMED = "<app>";

    private Commands() {
    }

    /** A fresh parser (picocli's parsers keep the values of their last parse). */
    static CommandLine commandLine(String name) {
        CommandLine line = new CommandLine(new Top());
        line.setCommandName(name);
        line.setExpandAtFiles(false);
        line.setUsageHelpAutoWidth(false);
        line.setUsageHelpWidth(80);
        line.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        return line;
    }

    /** {@code --config DIR}, on the command line itself and on every command. */
    static final class ConfigOption {
        @Option(names = "--config", paramLabel = "DIR", description = {"the config directory (app.yml, database.yml,",
                "server.yml, .env.yml), with any command"})
        String directory;
    }

    @Command(mixinStandardHelpOptions = true, separator = " ", synopsisSubcommandLabel = "COMMAND",
            description = "Run the server, or control the running one.",
            subcommands = {Start.class, Stop.class, Reload.class, Status.class, Health.class, ShowConfig.class},
            commandListHeading = "Commands:%n",
            exitCodeListHeading = "Exit codes:%n",
            exitCodeList = {"0:success; health: the server is ready",
                    "1:no server running (or the PID file names another); health: not ready",
                    "2:bad arguments: a usage error",
                    "3:the command failed: bad config, start refused, timed out..."},
            footerHeading = "Signals:%n",
            footer = {"  SIGTERM, SIGINT  stop gracefully (a second one forces the exit)",
                    "  SIGUSR1          reload the workers, one at a time"})
    static final class Top {
        @Mixin
        ConfigOption config;
    }

    @Command(name = "start", mixinStandardHelpOptions = true, separator = " ",
            description = "Start the server in the foreground (-d: in the background).")
    static final class Start {
        @Option(names = {"-d", "--daemon"}, description = {"start in the background: output to server.log_file;",
                "returns once the server serves"})
        boolean detach;

        @Mixin
        ConfigOption config;
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, separator = " ",
            description = "Stop the running server gracefully; wait until it is gone.")
    static final class Stop {
        @Mixin
        ConfigOption config;
    }

    @Command(name = "reload", mixinStandardHelpOptions = true, separator = " ",
            description = "Replace every worker, one at a time, while the others serve.")
    static final class Reload {
        @Mixin
        ConfigOption config;
    }

    @Command(name = "status", mixinStandardHelpOptions = true, separator = " ",
            description = "Print the workers' state, requests, generation, uptime, pools.")
    static final class Status {
        @Option(names = "--json", description = "print the admin endpoint's JSON instead of the table")
        boolean json;

        @Mixin
        ConfigOption config;
    }

    @Command(name = "health", mixinStandardHelpOptions = true, separator = " ",
            description = "Print whether the server is ready (exit 0) or not (exit 1).")
    static final class Health {
        @Mixin
        ConfigOption config;
    }

    @Command(name = "config", mixinStandardHelpOptions = true, separator = " ",
            description = "Print every config key, its value and its source (secrets hidden).")
    static final class ShowConfig {
        @Mixin
        ConfigOption config;
    }
}
