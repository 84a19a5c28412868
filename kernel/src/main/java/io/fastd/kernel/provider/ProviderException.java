package io.fastd.kernel.provider;

import java.util.List;

/** One or more service providers could not be loaded; every problem is listed. */
public final class ProviderException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    ProviderException(List<String> problems) {
        super(problems.size() == 1 ? "Cannot load service provider: " + problems.get(0)
                : "Cannot load service providers (" + problems.size() + " problems):\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
