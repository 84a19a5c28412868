package io.fastd.pool.mysql.embedded;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The private directory {@code <base>/run-<port>} of one running server (0700): {@code data/},
 * {@code tmp/}, the empty {@code files/} that {@code secure_file_priv} names, the socket, the PID
 * file, the {@code instance} record and the 0600 password files. Its {@code lock} file stays
 * locked from creation to {@link #close()}, which deletes the whole directory.
 */
final class RunDirectory implements AutoCloseable {

    static final String ROOT_PASSWORD = "root.pass";
    static final String SOCKET = "mysqld.sock";
    static final String FILES = "files";
    static final String TMP = "tmp";
    static final String INIT = "init.sql";
    static final String PID = "mariadbd.pid";
    private static final int MAX_SOCKET_PATH = 107;

    final Path path;
    private final FileChannel channel;
    private final FileLock lock;

    private RunDirectory(Path path, FileChannel channel, FileLock lock) {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
    }

    /** Creates and locks {@code <base>/run-<port>} with its subdirectories and a new root password file. */
    static RunDirectory create(Path base, int port, String rootPassword) throws IOException {
        Path run = base.resolve(StaleInstances.RUN_PREFIX + port);
        if (run.resolve(SOCKET).toString().getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH) {
            throw new IOException("the socket path " + run.resolve(SOCKET) + " is longer than " + MAX_SOCKET_PATH
                    + " bytes; choose a shorter directory");
        }
        PrivateFiles.createDirectory(run);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(run.resolve(StaleInstances.LOCK), Set.of(StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(PrivateFiles.FILE));
            RunDirectory directory = new RunDirectory(run, channel, channel.lock());
            StaleInstances.OWNED.add(run);
            try {
                PrivateFiles.createDirectory(run.resolve(TMP));
                PrivateFiles.createDirectory(run.resolve(FILES));
                PrivateFiles.writeSecret(run.resolve(ROOT_PASSWORD), rootPassword);
            } catch (IOException e) {
                directory.close();
                throw e;
            }
            return directory;
        } catch (IOException e) {
            if (channel != null) {
                channel.close();
            }
            PrivateFiles.deleteTree(run);
            throw e;
        }
    }

    Path resolve(String name) {
        return path.resolve(name);
    }

    /** Deletes the directory, then releases its lock. */
    @Override
    public void close() throws IOException {
        try {
            PrivateFiles.deleteTree(path);
        } finally {
            StaleInstances.OWNED.remove(path);
            channel.close();
        }
    }
}
