package io.fastd.examples.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Appends one line per scenario run to {@code target/reliability/results.csv} (what
 * {@code docs/RELIABILITY.md} quotes): scenario, requests, failed with a clear error, lost
 * (unanswered or wrong), notes.
 */
final class Report {

    static final Path DIRECTORY = Path.of(System.getProperty("basedir", "."), "target", "reliability");
    private static final Path FILE = DIRECTORY.resolve("results.csv");

    private Report() {
    }

    static synchronized void add(String scenario, long requests, long failed, long lost, String notes) {
        String line = Instant.now() + "," + scenario + "," + requests + "," + failed + "," + lost + ",\""
                + notes.replace("\"", "'") + "\"\n";
        try {
            Files.createDirectories(DIRECTORY);
            if (!Files.exists(FILE)) {
                Files.writeString(FILE, "time,scenario,requests,failed_clearly,lost,notes\n", StandardCharsets.UTF_8);
            }
            Files.writeString(FILE, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + FILE, e);
        }
    }
}
