package io.fastd.kernel.archfixture.c.internal;

/** A fixture for {@code ArchitectureTest}: an internal type. */
public final class Hidden {
}
