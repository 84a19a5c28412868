package io.fastd.kernel.cli;

import static org.assertj.core.api.Assertions.fail;

import io.fastd.kernel.Application;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Test servers in their own JVMs ({@link TestServerMain}), each with its own output file, and a
 * {@link Cli} of the same app in the test's JVM with captured output. {@link #close()} ends every
 * process it started, and theirs.
 */
final class Spawner implements AutoCloseable {

    private final Path dir;
    private final List<Process> spawned = new ArrayList<>();
    private final List<Long> others = new ArrayList<>();
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    Spawner(Path dir) {
        this.dir = dir;
    }

    Path pidFile() {
        return dir.resolve("fast-d.pid");
    }

    Path adminFile() {
        return dir.resolve("fast-d.pid.admin");
    }

    Path log() {
        return dir.resolve("server.log");
    }

    /** A server JVM running {@code args}, output to {@code <dir>/<outputName>}. */
    Process spawn(String outputName, List<String> jvmOptions, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-Dserver.pid_file=" + pidFile(), "-Dserver.host=http://127.0.0.1:0",
                "-Dserver.worker_num=2", "-Dapp.version=1.0.0", "-Dserver.log_file=" + log()));
        command.add(TestServerMain.class.getName());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(outputName).toFile()).start();
        spawned.add(process);
        return process;
    }

    /** Ends {@code pid} (and what it started) at {@link #close()}. */
    void endAtClose(long pid) {
        others.add(pid);
    }

    String output(String name) throws IOException {
        return Files.readString(dir.resolve(name));
    }

    /** A command line of the test app in this JVM, output captured in {@link #out} and {@link #err}. */
    Cli cli() {
        Properties properties = new Properties();
        properties.put("server.pid_file", pidFile().toString());
        Application app = Application.builder().environment(Map.of()).systemProperties(properties)
                .discoverProviders(false).build();
        out.reset();
        err.reset();
        return new Cli(app, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** The admin file holds the admin endpoint: the server serves. */
    boolean serving() {
        try {
            return Files.readString(adminFile()).contains("url=");
        } catch (IOException e) {
            return false;
        }
    }

    long readPid() {
        try {
            return Long.parseLong(Files.readString(pidFile()).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            LockSupport.parkNanos(20_000_000);
        }
    }

    @Override
    public void close() {
        for (Process process : spawned) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        for (long pid : others) {
            ProcessHandle.of(pid).ifPresent(handle -> {
                handle.descendants().forEach(ProcessHandle::destroyForcibly);
                handle.destroyForcibly();
            });
        }
    }
}
