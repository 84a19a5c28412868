package io.fastd.kernel.server.api;


import java.util.List;

/**
 * The server refused or failed to start. The message lists every cause, one per line; the
 * causes are attached as suppressed exceptions. When thrown, nothing is left running: started
 * workers were stopped (their pools closed), no listener is bound and the PID file is removed.
 */
public final class ServerStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> causes;

    public ServerStartException(String server, List<String> causes, List<Throwable> suppressed) {
        super(format(server, causes));
        this.causes = List.copyOf(causes);
        suppressed.forEach(this::addSuppressed);
    }

    /** Each cause on its own. */
    public List<String> causes() {
        return causes;
    }

    private static String format(String server, List<String> causes) {
        if (causes.size() == 1) {
            return "Server " + server + " failed to start: " + causes.get(0);
        }
        StringBuilder message = new StringBuilder("Server " + server + " failed to start (" + causes.size() + " causes):");
        causes.forEach(cause -> message.append("\n  - ").append(cause.replace("\n", "\n    ")));
        return message.toString();
    }
}
