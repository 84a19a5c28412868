package io.fastd.kernel.cli;

import static java.util.Objects.requireNonNull;

import io.fastd.kernel.server.internal.admin.OwnFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * The log of a detached server ({@code server.log_file}): opened without following links,
 * created owner-only (rw-------), refused when it is a link, not a regular file or not ours, or
 * when its directory is writable by others (see {@link OwnFiles}). Bounded: once it would pass
 * {@link #MAX_BYTES} it is renamed to {@code <log_file>.1} (replacing the previous one) and a new
 * file is started, so at most twice that stays on disk.
 *
 * <p>The launcher ({@link #prepare}) checks or creates the file before the relaunched JVM's
 * output is appended to it, so messages of a JVM that fails early land there; the detached
 * server then writes its own output through this stream ({@link #open}), which does the rotating.
 */
final class DetachedLog extends OutputStream {

    /** The size at which the log is rotated: 10 MiB. */
    static final long MAX_BYTES = 10L << 20;
    /** Set in a detached server's environment to its log file. */
    static final String ENVIRONMENT = "FASTDJ_DETACHED_LOG";

    private final Path path;
    private final long maxBytes;
    private FileChannel channel;
    private long size;

    private DetachedLog(Path path, long maxBytes) throws IOException {
        this.path = requireNonNull(path, "path is null");
        this.maxBytes = maxBytes;
        this.channel = openAppending(path);
        this.size = channel.size();
    }

    /**
     * Checks {@code log} (or creates it, owner-only) for the launcher; rotates it first if it is
     * already at its cap.
     *
     * @throws IOException naming the path and what is wrong
     */
    static void prepare(Path log) throws IOException {
        openAppending(log).close();
        if (Files.size(log) >= MAX_BYTES) {
            rotate(log);
            openAppending(log).close();
        }
    }

    /** The detached server's output stream to {@code log}, rotated at {@code maxBytes}. */
    static DetachedLog open(Path log, long maxBytes) throws IOException {
        return new DetachedLog(log, maxBytes);
    }

    private static FileChannel openAppending(Path log) throws IOException {
        OwnFiles.checkDirectoryOf(log, "log file");
        OwnFiles.checkFileIfPresent(log, "log file");
        FileChannel channel = FileChannel.open(log, Set.of(StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                LinkOption.NOFOLLOW_LINKS), OwnFiles.OWNER_ONLY_FILE);
        try {
            // Created just now, or checked above: ours. Owner-only even if it was created otherwise.
            Files.setPosixFilePermissions(log, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return channel;
    }

    private static void rotate(Path log) throws IOException {
        Files.move(log, log.resolveSibling(log.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
        if (size > 0 && size + length > maxBytes) {
            channel.close();
            rotate(path);
            channel = openAppending(path);
            size = 0;
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
        while (buffer.hasRemaining()) {
            size += channel.write(buffer);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
