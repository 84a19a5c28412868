package io.fastd.providers;

import static java.util.Objects.requireNonNull;

/**
 * Who the application is, from config: {@code app.name} (default {@code fast-d}) and
 * {@code app.version} (default {@code 0.0.0}).
 */
public record AppInfo(String name, String version) {

    public AppInfo {
        requireNonNull(name, "name is null");
        requireNonNull(version, "version is null");
    }
}
