package io.fastd.kernel.archfixture.b;

import io.fastd.kernel.archfixture.a.Ping;

/** A fixture for {@code ArchitectureTest}: the other half of a package cycle. */
public final class Pong {

    public Ping ping() {
        return new Ping();
    }
}
