package io.fastd.examples.reliability;

import io.fastd.examples.ExampleMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs {@link ExampleMain#run} capturing everything it prints: its {@code out} and {@code err}
 * streams, and {@link System#out}/{@link System#err}, where the test class path's logging backend
 * (slf4j-simple) writes every log line. Test classes run one at a time in the test JVM, so
 * swapping the process-wide streams for the duration of one run is safe.
 */
record Captured(int exit, String out, String err, String logs) {

    /** Everything any channel got. */
    String all() {
        return out + "\n" + err + "\n" + logs;
    }

    static Captured run(Path configDirectory, Properties properties, String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        if (configDirectory != null) {
            args.add("--config");
            args.add(configDirectory.toString());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        PrintStream systemOut = System.out;
        PrintStream systemErr = System.err;
        PrintStream capture = new PrintStream(logs, true, StandardCharsets.UTF_8);
        int exit;
        System.setOut(capture);
        System.setErr(capture);
        try {
            // A start that serves instead of failing would block: bounded, then stopped through the CLI.
            CompletableFuture<Integer> running = CompletableFuture.supplyAsync(() -> ExampleMain.run(
                    args.toArray(String[]::new), Map.of(), properties,
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
            try {
                exit = running.get(BOUND.toSeconds(), TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                try {
                    ExampleMain.run(stopArgs(args), Map.of(), properties, capture, capture);
                } catch (IllegalStateException inProcess) {
                    // Cli's stop waits for the server's process, which is this one: the stop was sent anyway.
                    capture.println("stop sent; " + inProcess.getMessage());
                }
                throw new AssertionError("'" + String.join(" ", args) + "' did not return within " + BOUND.toSeconds()
                        + " s (it served?); stopped it. err: " + err.toString(StandardCharsets.UTF_8));
            } catch (ExecutionException e) {
                throw new AssertionError("ExampleMain.run threw " + e.getCause() + "; err: " + err.toString(StandardCharsets.UTF_8), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        } finally {
            System.setOut(systemOut);
            System.setErr(systemErr);
        }
        return new Captured(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                logs.toString(StandardCharsets.UTF_8));
    }

    /** How long a command may take (a failing start fails within the connect timeout). */
    static final Duration BOUND = Duration.ofSeconds(60);

    private static String[] stopArgs(List<String> args) {
        List<String> stop = new ArrayList<>(args);
        stop.set(0, "stop");
        return stop.toArray(String[]::new);
    }

    @Override
    public String toString() {
        return "exit " + exit + "\n--- out ---\n" + out + "--- err ---\n" + err + "--- logs ---\n" + logs;
    }
}
