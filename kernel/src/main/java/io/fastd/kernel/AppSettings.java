package io.fastd.kernel;

import io.fastd.kernel.config.Config;
import io.fastd.kernel.config.Setting;
import io.fastd.kernel.config.SettingGroup;
import java.util.List;

/** The {@code app.*} keys, declared once. */
public final class AppSettings {

    static final Setting<String> NAME = Setting.string("app.name").defaultTo("fast-d")
            .describe("server name in the banner, PID file name");
    static final Setting<String> VERSION = Setting.string("app.version").defaultTo("0.0.0").describe("shown in the banner");
    static final Setting<List<String>> SERVICES = Setting.list("app.services").defaultText("none")
            .describe("provider class names, installed in this order (a list, or comma-separated)");
    static final Setting<List<String>> SECRET_KEYS = Setting.list("app.secret_keys").defaultText("none")
            .describe("more keys to treat as secret");
    static final Setting<Boolean> STRICT_CONFIG = Setting.bool("app.strict_config").defaultTo(false)
            .describe("a key that no component reads fails the start (else: a warning with a \"did you mean\" hint)");

    /** Every {@code app.*} key, in the README's order. */
    public static final SettingGroup SETTINGS = SettingGroup.of("app", NAME, VERSION, SERVICES, SECRET_KEYS, STRICT_CONFIG);

    private AppSettings() {
    }

    /** {@code app.name}, default {@code fast-d}. */
    public static String name(Config config) {
        return SettingGroup.of("app", NAME).read(config).find(NAME).orElse("fast-d");
    }

    /** {@code app.version}, default {@code 0.0.0}. */
    public static String version(Config config) {
        return SettingGroup.of("app", VERSION).read(config).find(VERSION).orElse("0.0.0");
    }

    /** {@code app.strict_config}; a bad value is reported by {@link #SETTINGS}. */
    static boolean strict(Config config) {
        return SettingGroup.of("app", STRICT_CONFIG).read(config).find(STRICT_CONFIG).orElse(false);
    }
}
