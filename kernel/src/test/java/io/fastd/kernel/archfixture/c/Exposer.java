package io.fastd.kernel.archfixture.c;

import io.fastd.kernel.archfixture.c.internal.Hidden;
import java.util.List;

/** A fixture for {@code ArchitectureTest}: an API type whose public member exposes an internal one. */
public final class Exposer {

    public List<Hidden> hidden() {
        return List.of(new Hidden());
    }

    /** Not exposed: package-private. */
    Hidden quiet() {
        return new Hidden();
    }
}
