package io.fastd.kernel.cli;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The server's command line, parsed: one command ({@code start}, {@code stop}, {@code reload},
 * {@code status}), {@code -d}/{@code --daemon} (with {@code start} only) and
 * {@code --config DIR}, in any order. A host app's {@code main} parses first, loads its config
 * from {@link #configDirectory()}, then hands these arguments to {@link Cli#run(Arguments)}: the
 * config is loaded once and every argument is read by this one class.
 */
public final class Arguments {

    /** The usage line every usage error ends with. */
    public static final String USAGE = "usage: <app> start [-d] | stop | reload | status  [--config DIR]";

    private static final Set<String> COMMANDS = Set.of("start", "stop", "reload", "status");

    private final List<String> all;
    private final String command;
    private final boolean detach;
    private final Optional<Path> configDirectory;

    private Arguments(List<String> all, String command, boolean detach, Optional<Path> configDirectory) {
        this.all = all;
        this.command = command;
        this.detach = detach;
        this.configDirectory = configDirectory;
    }

    /**
     * Parses {@code args}; a usage error ({@link UsageException}, exit {@link Cli#USAGE}) names
     * what was wrong: no command, an unknown command or option, a second command, {@code -d}
     * without {@code start}, {@code --config} without a directory or given twice.
     */
    public static Arguments parse(String... args) throws UsageException {
        requireNonNull(args, "args is null");
        String command = null;
        boolean detach = false;
        Path configDirectory = null;
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = requireNonNull(args[i], "argument " + i + " is null");
            if (arg.equals("-d") || arg.equals("--daemon")) {
                detach = true;
            } else if (arg.equals("--config")) {
                if (i + 1 >= args.length || args[i + 1].isEmpty() || args[i + 1].startsWith("-")) {
                    throw new UsageException("--config needs a directory");
                }
                if (configDirectory != null) {
                    throw new UsageException("--config is given twice (" + configDirectory + ", " + args[i + 1] + ")");
                }
                configDirectory = Path.of(args[++i]);
            } else if (command == null && !arg.startsWith("-")) {
                if (!COMMANDS.contains(arg)) {
                    throw new UsageException("unknown command '" + arg + "'");
                }
                command = arg;
            } else {
                unknown.add(arg);
            }
        }
        if (!unknown.isEmpty()) {
            throw new UsageException("unknown option(s) " + unknown);
        }
        if (command == null) {
            throw new UsageException("no command");
        }
        if (detach && !command.equals("start")) {
            throw new UsageException("-d is an option of start only");
        }
        return new Arguments(List.of(args), command, detach, Optional.ofNullable(configDirectory));
    }

    /** {@code start}, {@code stop}, {@code reload} or {@code status}. */
    public String command() {
        return command;
    }

    /** {@code -d} or {@code --daemon} was given. */
    public boolean detach() {
        return detach;
    }

    /** The directory of {@code --config DIR}, if given. */
    public Optional<Path> configDirectory() {
        return configDirectory;
    }

    /** The arguments as given (what {@code start -d} relaunches, without {@code -d}). */
    List<String> all() {
        return all;
    }

    @Override
    public String toString() {
        return String.join(" ", all);
    }

    /** A bad command line; the message names what was wrong and ends with {@link #USAGE}. */
    public static final class UsageException extends Exception {

        private static final long serialVersionUID = 1L;

        UsageException(String problem) {
            super(problem + "; " + USAGE);
        }
    }
}
