package io.fastd.kernel.worker;

import java.util.List;

/** Pools bound in a way the kernel cannot manage, typically without a scope; every one is listed. */
public final class PoolBindingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PoolBindingException(List<String> problems) {
        super(problems.size() == 1 ? problems.get(0)
                : problems.size() + " pools are bound in a way the kernel cannot manage:\n  - " + String.join("\n  - ", problems));
    }
}
