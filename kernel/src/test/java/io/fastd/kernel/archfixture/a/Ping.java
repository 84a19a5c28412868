package io.fastd.kernel.archfixture.a;

import io.fastd.kernel.archfixture.b.Pong;

/** A fixture for {@code ArchitectureTest}: half of a package cycle. */
public final class Ping {

    public Pong pong() {
        return new Pong();
    }
}
