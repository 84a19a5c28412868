package io.fastd.kernel.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The kernel's version for {@code --version}: from {@code kernel-version.properties}, which Maven
 * fills in from the POM when it builds the kernel; else from the jar manifest's
 * {@code Implementation-Version}; else {@code unknown}.
 */
final class KernelVersion {

    private KernelVersion() {
    }

    static String get() {
        try (InputStream in = KernelVersion.class.getResourceAsStream("kernel-version.properties")) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                String version = properties.getProperty("version", "");
                if (!version.isBlank() && !version.contains("${")) {
                    return version.trim();
                }
            }
        } catch (IOException e) {
            // Falls through to the manifest: the version is informative only.
        }
        String manifest = KernelVersion.class.getPackage().getImplementationVersion();
        return manifest == null ? "unknown" : manifest;
    }
}
