package io.fastd.kernel.server.internal.admin;

import static java.util.Objects.requireNonNull;

import io.fastd.kernel.server.api.ServerStartException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The start lock: an exclusive {@link FileChannel#tryLock() lock} on {@code <pid_file>.lock}
 * (opened without following links, created owner-only), taken before "is it running?" and held
 * for the whole life of the server, until after its PID file is removed. A second start that
 * cannot take it touches nothing and fails with "already starting or running as PID n". The
 * lock file itself stays (removing it would let two starts lock two different files); the OS
 * releases the lock when the process ends, however it ends.
 */
public final class StartLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private StartLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code pidFile} for the server {@code name}.
     *
     * @throws ServerStartException if another process (or another server of this JVM) holds it,
     *     or the lock file, PID file or their directory is not trusted
     */
    public static StartLock acquire(PidFile pidFile, String name) {
        requireNonNull(pidFile, "pidFile is null");
        FileChannel channel = null;
        try {
            pidFile.checkTrusted();
            OwnFiles.checkFileIfPresent(pidFile.lockPath(), "start lock");
            channel = FileChannel.open(pidFile.lockPath(), Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS), OwnFiles.OWNER_ONLY_FILE);
            OwnFiles.checkFileIfPresent(pidFile.lockPath(), "start lock");
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new ServerStartException(name, List.of(heldBy(pidFile) + " (lock " + pidFile.lockPath() + " is held)"),
                        List.of());
            }
            return new StartLock(channel, lock);
        } catch (IOException e) {
            closeQuietly(channel, e);
            throw new ServerStartException(name, List.of(e.getMessage()), List.of(e));
        }
    }

    private static String heldBy(PidFile pidFile) {
        OptionalLong pid = pidFile.livePid();
        if (pid.isPresent() && pidFile.namesLiveServer(pid.getAsLong())) {
            return "already running as PID " + pid.getAsLong() + " (PID file " + pidFile + "); stop it first";
        }
        return "already starting or running as " + (pid.isPresent() ? "PID " + pid.getAsLong() : "another process");
    }

    private static void closeQuietly(FileChannel channel, IOException failure) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                failure.addSuppressed(e);
            }
        }
    }

    /** Releases the lock; idempotent. */
    @Override
    public void close() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
            channel.close();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot release the start lock: " + e.getMessage(), e);
        }
    }
}
