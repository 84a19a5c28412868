package io.fastd.pool.mysql.embedded;

import java.nio.file.Path;

/**
 * The child JVM of {@link StaleInstanceTest}: {@code OrphanChild <baseDir>} starts an embedded
 * server, prints {@code STARTED <run directory>} and waits for stdin to close (it is killed first).
 */
public final class OrphanChild {

    private OrphanChild() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedMariaDb server = EmbeddedMariaDb.start(Path.of(args[0]));
        System.out.println("STARTED " + server.runDirectory());
        System.out.flush();
        while (System.in.read() >= 0) {
            // Keep running until stdin closes or the test kills this JVM.
        }
        server.stop();
    }
}
