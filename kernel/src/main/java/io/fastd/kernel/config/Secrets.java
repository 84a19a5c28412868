package io.fastd.kernel.config;

import java.util.Locale;
import java.util.Set;

/**
 * Decides which config keys hold secrets. A key is secret when its last segment is one of
 * {@code pass, password, passwd, secret, token, api_key, apikey, credentials}, ends with
 * {@code _pass}, {@code _password}, {@code _secret} or {@code _token}, or is listed in
 * {@code app.secret_keys}. Secret values print as {@value #REDACTED}.
 */
public final class Secrets {

    /** What a secret value prints as, everywhere. */
    public static final String REDACTED = "[REDACTED]";

    private static final Set<String> SECRET_NAMES =
            Set.of("pass", "password", "passwd", "secret", "token", "api_key", "apikey", "credentials");

    private Secrets() {
    }

    /** Whether {@code key} names a secret by its spelling alone. */
    public static boolean looksSecret(String key) {
        String last = key.substring(key.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return SECRET_NAMES.contains(last)
                || last.endsWith("_pass") || last.endsWith("_password")
                || last.endsWith("_secret") || last.endsWith("_token");
    }
}
