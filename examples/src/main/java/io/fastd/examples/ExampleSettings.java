package io.fastd.examples;

import io.fastd.kernel.config.Setting;
import io.fastd.kernel.config.SettingGroup;
import java.nio.file.Path;

/** The example application's own keys, declared once. */
public final class ExampleSettings {

    /** Where the embedded MariaDB's binaries are unpacked (and verified before every start). */
    static final Setting<Path> EMBEDDED_DIR = Setting.path("fastd.embedded.dir")
            .defaultText("a private directory (`EmbeddedMariaDb.defaultDirectory()`)")
            .describe("example only: where the embedded MariaDB is unpacked when no `database.default.host` is set");

    /** Every key of the example. */
    public static final SettingGroup SETTINGS = SettingGroup.of("example", EMBEDDED_DIR);

    private ExampleSettings() {
    }
}
