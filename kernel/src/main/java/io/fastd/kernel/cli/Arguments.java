package io.fastd.kernel.cli;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/**
 * The server's command line, parsed (with picocli, grammar in {@link Commands}): one command
 * ({@code start}, {@code stop}, {@code reload}, {@code status}, {@code health}, {@code config}),
 * its options ({@code start -d}, {@code status --json}), {@code --config DIR} before or after the
 * command, or a request for help or the version. A host app's {@code main} parses first, loads its
 * config from {@link #configDirectory()}, then hands these arguments to {@link Cli#run(Arguments)}:
 * the config is loaded once and every argument is read by this one class.
 */
public final class Arguments {

    private final List<String> all;
    private final CommandLine matched;
    private final String command;
    private final boolean detach;
    private final boolean json;
    private final boolean help;
    private final boolean version;
    private final Optional<Path> configDirectory;

    private Arguments(List<String> all, CommandLine matched, String command, boolean detach, boolean json,
            boolean help, boolean version, Optional<Path> configDirectory) {
        this.all = all;
        this.matched = matched;
        this.command = command;
        this.detach = detach;
        this.json = json;
        this.help = help;
        this.version = version;
        this.configDirectory = configDirectory;
    }

    /**
     * Parses {@code args}; a usage error ({@link UsageException}, exit {@link Cli#USAGE}) is
     * picocli's message (no command, an unknown command or option, a missing or repeated value)
     * followed by the usage of the command concerned.
     */
    public static Arguments parse(String... args) throws UsageException {
        return parseNamed(Commands.UNNAMED, args);
    }

    /** As {@link #parse(String...)}, the usage naming the command line {@code name}. */
    static Arguments parseNamed(String name, String... args) throws UsageException {
        requireNonNull(args, "args is null");
        for (int i = 0; i < args.length; i++) {
            requireNonNull(args[i], "argument " + i + " is null");
        }
        CommandLine line = Commands.commandLine(name);
        ParseResult top;
        try {
            top = line.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new UsageException(e.getMessage(), e.getCommandLine());
        }
        ParseResult sub = top.subcommand();
        boolean help = top.isUsageHelpRequested() || sub != null && sub.isUsageHelpRequested();
        boolean version = top.isVersionHelpRequested() || sub != null && sub.isVersionHelpRequested();
        if (sub == null && !help && !version) {
            throw new UsageException("Missing required subcommand", line);
        }
        String before = ((Commands.Top) line.getCommand()).config.directory;
        String after = null;
        boolean detach = false;
        boolean json = false;
        if (sub != null) {
            Object command = sub.commandSpec().userObject();
            after = configOf(command).directory;
            detach = command instanceof Commands.Start start && start.detach;
            json = command instanceof Commands.Status status && status.json;
        }
        if (before != null && after != null) {
            throw new UsageException("--config is given twice (" + before + ", " + after + ")", sub.commandSpec().commandLine());
        }
        String directory = before != null ? before : after;
        if (directory != null && directory.isBlank()) {
            throw new UsageException("--config needs a directory, not '" + directory + "'",
                    sub == null ? line : sub.commandSpec().commandLine());
        }
        CommandLine matched = sub != null && (sub.isUsageHelpRequested() || !top.isUsageHelpRequested())
                ? sub.commandSpec().commandLine() : line;
        return new Arguments(List.of(args), matched, sub == null ? "" : sub.commandSpec().name(), detach, json,
                help, version, Optional.ofNullable(directory).map(Path::of));
    }

    private static Commands.ConfigOption configOf(Object command) {
        if (command instanceof Commands.Start start) {
            return start.config;
        } else if (command instanceof Commands.Stop stop) {
            return stop.config;
        } else if (command instanceof Commands.Reload reload) {
            return reload.config;
        } else if (command instanceof Commands.Status status) {
            return status.config;
        } else if (command instanceof Commands.Health health) {
            return health.config;
        } else if (command instanceof Commands.ShowConfig config) {
            return config.config;
        }
        throw new IllegalStateException("a command without --config: " + command);
    }

    /**
     * {@code start}, {@code stop}, {@code reload}, {@code status}, {@code health} or
     * {@code config}; empty when only {@code --help} or {@code --version} was given, without a command.
     */
    public String command() {
        return command;
    }

    /** {@code start -d} or {@code start --daemon}. */
    public boolean detach() {
        return detach;
    }

    /** {@code status --json}. */
    public boolean json() {
        return json;
    }

    /** {@code -h} or {@code --help} was given (with or without a command): print the usage, run nothing. */
    public boolean helpRequested() {
        return help;
    }

    /** {@code -V} or {@code --version} was given: print the version, run nothing. */
    public boolean versionRequested() {
        return version;
    }

    /** The directory of {@code --config DIR}, if given. */
    public Optional<Path> configDirectory() {
        return configDirectory;
    }

    /** The usage of the command given (of the whole command line if none), naming it {@code name}. */
    String usage(String name) {
        matched.getCommandSpec().root().commandLine().setCommandName(name);
        return matched.getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    /** The arguments as given (what {@code start -d} relaunches, without {@code -d}). */
    List<String> all() {
        return all;
    }

    @Override
    public String toString() {
        return String.join(" ", all);
    }

    /** A bad command line: picocli's message, then the usage of the command concerned. */
    public static final class UsageException extends Exception {

        private static final long serialVersionUID = 1L;

        UsageException(String problem, CommandLine concerned) {
            super(problem + System.lineSeparator() + concerned.getUsageMessage(CommandLine.Help.Ansi.OFF).stripTrailing());
        }
    }
}
