package io.fastd.kernel.server;

import static java.util.Objects.requireNonNull;

import io.fastd.kernel.Application;
import io.fastd.kernel.server.api.ServerSettings;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * What the server prints for the operator (FastD's console lines): the banner once it serves,
 * each worker's start and stop while it runs, and its last line. Every print is one locked write,
 * so lines from the manager's and the stopping thread never interleave.
 */
final class Console {

    private final PrintStream out;

    Console(PrintStream out) {
        this.out = requireNonNull(out, "out is null");
    }

    /**
     * The banner: the app, Java and Netty, each listener, the admin endpoint, the PID file, then the
     * master, the manager and the worker lines the manager has so far.
     */
    void banner(Application app, ServerSettings settings, long pid, List<String> listenerUrls, String adminUrl,
                List<String> workerLines) {
        StringBuilder banner = new StringBuilder();
        banner.append("Server: ").append(app.name()).append('\n');
        banner.append("App version ").append(app.version()).append('\n');
        banner.append("Java version ").append(System.getProperty("java.version")).append(" (Netty ")
                .append(nettyVersion()).append(", ").append(settings.transport().configName()).append(", ")
                .append(settings.mode().name().toLowerCase(Locale.ROOT)).append(" mode)\n");
        listenerUrls.forEach(url -> banner.append("Server ").append(url).append('\n'));
        banner.append("Server admin ").append(adminUrl).append('\n');
        banner.append("PID file: ").append(settings.pidFile()).append(", PID: ").append(pid).append('\n');
        banner.append("Server Master[").append(pid).append("] is started\n");
        banner.append("Server Manager[").append(pid).append("] is started\n");
        workerLines.forEach(line -> banner.append(line).append('\n'));
        print(banner.toString());
    }

    /** One line. */
    void line(String line) {
        print(line + "\n");
    }

    private void print(String text) {
        synchronized (out) {
            out.print(text);
            out.flush();
        }
    }

    private static String nettyVersion() {
        var version = io.netty.util.Version.identify().get("netty-common");
        return version == null ? "unknown" : version.artifactVersion();
    }
}
