package io.fastd.kernel.config;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Bad configuration: one or more problems, each naming the key, the offending value (redacted
 * for secrets) and where it was set. All problems found in one pass are reported together.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(format(problems));
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String problem) {
        this(List.of(requireNonNull(problem, "problem is null")));
    }

    /** Each problem on its own, in the order found. */
    public List<String> problems() {
        return problems;
    }

    private static String format(List<String> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        if (problems.size() == 1) {
            return "Invalid configuration: " + problems.get(0);
        }
        StringBuilder message = new StringBuilder("Invalid configuration (" + problems.size() + " problems):");
        problems.forEach(problem -> message.append("\n  - ").append(problem));
        return message.toString();
    }
}
