package io.fastd.pool.mysql;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Every problem found in the {@code database.*} configuration, reported together so that one
 * run shows everything to fix. Never contains a password.
 */
public final class DatabaseConfigException extends RuntimeException {

    private final List<String> problems;

    public DatabaseConfigException(List<String> problems) {
        super(message(requireNonNull(problems, "problems is null")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("problems is empty");
        }
        this.problems = List.copyOf(problems);
    }

    /** One line per problem, for example {@code database.default.port: 'abc' is not a port number (1-65535)}. */
    public List<String> problems() {
        return problems;
    }

    private static String message(List<String> problems) {
        StringBuilder sb = new StringBuilder()
                .append(problems.size()).append(problems.size() == 1 ? " problem" : " problems")
                .append(" in the database configuration:");
        for (String p : problems) {
            sb.append("\n  ").append(p);
        }
        return sb.toString();
    }
}
