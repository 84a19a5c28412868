package io.fastd.pool.mysql.embedded;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends what a killed JVM left behind in a base directory. Every running server owns a run
 * directory {@code <base>/run-<port>} and holds a lock on its {@code lock} file for as long as it
 * runs; the {@code instance} file there records the {@code mariadbd} PID and its start time (field
 * 22 of {@code /proc/<pid>/stat}). A run directory whose lock can be taken belongs to a dead
 * owner: its {@code mariadbd} is killed if, and only if, the PID is alive with the recorded start
 * time and its command line names that run directory's data directory; any other process the file
 * names is left alone. Then the run directory is deleted. Callers hold the base directory's lock.
 */
final class StaleInstances {

    static final String RUN_PREFIX = "run-";
    static final String LOCK = "lock";
    static final String INSTANCE = "instance";
    static final String DATA = "data";
    private static final Pattern RUN = Pattern.compile("run-[0-9]{1,5}");
    private static final Duration DEATH = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(StaleInstances.class);
    /**
     * Run directories of servers of this JVM: never probed, since closing any channel of a lock
     * file drops this process's POSIX lock on it.
     */
    static final Set<Path> OWNED = ConcurrentHashMap.newKeySet();

    private StaleInstances() {
    }

    /** Ends the stale instances of {@code base} and deletes their run directories. */
    static void endAll(Path base) throws IOException {
        List<Path> runs;
        try (Stream<Path> entries = Files.list(base)) {
            runs = entries.filter(p -> RUN.matcher(p.getFileName().toString()).matches())
                    .filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).toList();
        }
        for (Path run : runs) {
            if (OWNED.contains(run)) {
                continue;
            }
            try (FileChannel channel = FileChannel.open(run.resolve(LOCK), StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
                 FileLock lock = channel.tryLock()) {
                if (lock == null) {
                    continue;
                }
                end(run);
                PrivateFiles.deleteTree(run);
            } catch (OverlappingFileLockException e) {
                // Held by a server of this JVM: alive.
                LOG.debug("{} is locked by this JVM", run);
            } catch (NoSuchFileException e) {
                // A run directory without its lock file never got to start a server of its own.
                end(run);
                PrivateFiles.deleteTree(run);
            }
        }
    }

    /** Writes {@code run}/instance for the running {@code mariadbd} {@code pid}. */
    static void record(Path run, long pid) throws IOException {
        Optional<ProcStat> stat = ProcStat.of(pid);
        if (stat.isEmpty()) {
            throw new IOException("mariadbd PID " + pid + " of " + run + " is not running");
        }
        Path file = run.resolve(INSTANCE);
        Files.deleteIfExists(file);
        PrivateFiles.writeSecret(file, pid + " " + stat.get().startTime() + "\n");
    }

    private static void end(Path run) throws IOException {
        Path file = run.resolve(INSTANCE);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            endUnrecorded(run);
            return;
        }
        String[] fields = PrivateFiles.readSecret(file).strip().split(" ");
        long pid;
        long startTime;
        try {
            pid = Long.parseLong(fields[0]);
            startTime = Long.parseLong(fields[1]);
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            LOG.warn("Ignoring malformed {} (no process signalled)", file);
            return;
        }
        Optional<ProcStat> stat = ProcStat.of(pid);
        if (stat.isEmpty() || stat.get().zombie()) {
            return;
        }
        String dataArgument = "--datadir=" + run.resolve(DATA);
        if (stat.get().startTime() != startTime || !commandLine(pid).contains(dataArgument)) {
            LOG.warn("{} names PID {}, which is not the embedded MariaDB of {}: left alone", file, pid, run);
            return;
        }
        kill(run, pid, startTime);
    }

    /**
     * The owner died while {@code mariadbd} was starting, before it recorded the instance: the
     * server's own PID file names the process, which is ended only if its command line names this
     * run directory's data directory.
     */
    private static void endUnrecorded(Path run) throws IOException {
        Path pidFile = run.resolve(RunDirectory.PID);
        if (!Files.isRegularFile(pidFile, LinkOption.NOFOLLOW_LINKS) || PrivateFiles.uid(pidFile) != PrivateFiles.currentUid()) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile).strip());
        } catch (NumberFormatException e) {
            LOG.warn("Ignoring malformed {} (no process signalled)", pidFile);
            return;
        }
        Optional<ProcStat> stat = ProcStat.of(pid);
        if (stat.isPresent() && !stat.get().zombie() && commandLine(pid).contains("--datadir=" + run.resolve(DATA))) {
            kill(run, pid, stat.get().startTime());
        }
    }

    private static void kill(Path run, long pid, long startTime) throws IOException {
        LOG.warn("Ending the embedded MariaDB (PID {}) left running by a dead process in {}", pid, run);
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + DEATH.toNanos();
        while (isRunning(pid, startTime)) {
            if (System.nanoTime() - deadline > 0) {
                throw new IOException("the stale embedded MariaDB (PID " + pid + ") of " + run + " did not end within "
                        + DEATH.toSeconds() + " s");
            }
            LockSupport.parkNanos(20_000_000L);
        }
    }

    /** Whether {@code pid} is running (not a zombie) and started at {@code startTime}. */
    static boolean isRunning(long pid, long startTime) {
        return ProcStat.of(pid).filter(s -> !s.zombie() && s.startTime() == startTime).isPresent();
    }

    private static List<String> commandLine(long pid) {
        try {
            byte[] bytes = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            return Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\0"));
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The fields of {@code /proc/<pid>/stat} this class needs. */
    record ProcStat(char state, long startTime) {

        boolean zombie() {
            return state == 'Z' || state == 'X';
        }

        static Optional<ProcStat> of(long pid) {
            String text;
            try {
                text = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            } catch (IOException e) {
                return Optional.empty();
            }
            // "pid (comm) state ppid ...": comm may hold spaces and parentheses; fields after the last ')'.
            String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
            return Optional.of(new ProcStat(fields[0].charAt(0), Long.parseLong(fields[19])));
        }
    }
}
