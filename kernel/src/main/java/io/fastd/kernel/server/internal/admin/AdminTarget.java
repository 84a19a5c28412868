package io.fastd.kernel.server.internal.admin;

import java.util.concurrent.CompletableFuture;

/**
 * What the admin channel ({@link AdminHandler}) acts on: the running server, seen only through the
 * commands the channel offers, so that the admin layer does not depend on the server facade.
 */
public interface AdminTarget {

    /** This process's PID, as the admin file records it. */
    long pid();

    /** The random nonce the admin file records with the PID. */
    String nonce();

    /** The status table ({@code status} command). */
    String statusText();

    /** A rolling reload; completes with a one-line summary. */
    CompletableFuture<String> reload();

    /** A graceful stop; called on a thread of its own. */
    void stop();
}
