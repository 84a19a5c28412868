package io.fastd.kernel.server.internal.admin;

import java.util.concurrent.CompletableFuture;

/**
 * What the admin endpoint ({@link AdminRoutes}) acts on: the running server, seen only through
 * what the endpoint offers, so that the admin layer does not depend on the server facade (which
 * renders its status as text and JSON itself).
 */
public interface AdminTarget {

    /** This process's PID, as the admin file records it. */
    long pid();

    /** The random nonce the admin file records with the PID. */
    String nonce();

    /** The status table, as the {@code status} command prints it. */
    String statusText();

    /** The same status as a JSON object. */
    String statusJson();

    /** Whether every worker is running and no pool is down, with the JSON body saying so or naming what is not. */
    Readiness readiness();

    /** The Prometheus text exposition of the application's meters. */
    String metrics();

    /** A rolling reload; completes with a one-line summary. */
    CompletableFuture<String> reload();

    /** A graceful stop; called on a thread of its own. */
    void stop();

    /**
     * The answer of {@code GET /health/ready}.
     *
     * @param ready true: 200, false: 503
     * @param json the body: {@code {"status":"UP"}} or {@code {"status":"DOWN","problems":[...]}}
     */
    record Readiness(boolean ready, String json) {
        public Readiness {
            java.util.Objects.requireNonNull(json, "json is null");
        }
    }
}
