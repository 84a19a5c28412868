package io.fastd.kernel.server.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where the PID file goes when {@code server.pid_file} is not set: never in a directory other
 * users can write.
 * <ol>
 *   <li>{@code $XDG_RUNTIME_DIR/<app.name>.pid} when that variable names an absolute directory
 *       owned by the current user with mode 0700 (systemd's per-user runtime directory);</li>
 *   <li>{@code /run/<app.name>.pid} for root, when {@code /run} is owned by root and writable by
 *       root only;</li>
 *   <li>else {@code run/<app.name>.pid}, relative to the working directory (created 0700), so a
 *       {@code stop} from another shell in the same directory finds it.</li>
 * </ol>
 */
final class DefaultPidFile {

    private static final Set<PosixFilePermission> OTHERS = EnumSet.complementOf(EnumSet.of(
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));

    private DefaultPidFile() {
    }

    static Path choose(String appName, Map<String, String> environment, String user, Path run) {
        String file = appName + ".pid";
        String runtime = environment.get("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank() && Path.of(runtime).isAbsolute()
                && isPrivate(Path.of(runtime), user, OTHERS)) {
            return Path.of(runtime).resolve(file);
        }
        if (user.equals("root") && isPrivate(run, "root", EnumSet.of(PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.OTHERS_WRITE))) {
            return run.resolve(file);
        }
        return Path.of("run", file);
    }

    /** A directory owned by {@code user} with none of {@code forbidden}. */
    private static boolean isPrivate(Path directory, String user, Set<PosixFilePermission> forbidden) {
        try {
            PosixFileAttributes attributes = Files.readAttributes(directory, PosixFileAttributes.class);
            return attributes.isDirectory() && attributes.owner().getName().equals(user)
                    && attributes.permissions().stream().noneMatch(forbidden::contains);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
