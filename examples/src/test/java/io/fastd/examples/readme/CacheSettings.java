package io.fastd.examples.readme;

import io.fastd.kernel.config.Binding;
import io.fastd.kernel.config.Config;
import io.fastd.kernel.config.Setting;
import io.fastd.kernel.config.SettingGroup;
import java.time.Duration;

/** README: a host app's own settings, declared once and read by the kernel's binder. */
public final class CacheSettings {
    static final Setting<Integer> CAPACITY = Setting.integer("cache.capacity").min(1).max(1_000_000)
            .defaultTo(1024).describe("entries kept per worker");
    static final Setting<Duration> TTL = Setting.duration("cache.ttl").positive()
            .defaultTo(Duration.ofMinutes(5)).describe("how long an entry lives");
    static final Setting<String> API_KEY = Setting.string("cache.api_key").secret()
            .describe("key of the remote cache");
    public static final SettingGroup SETTINGS = SettingGroup.of("cache", CAPACITY, TTL, API_KEY);

    final int capacity;
    final Duration ttl;

    CacheSettings(Config config) {
        Binding read = SETTINGS.bind(config);                 // every bad cache.* key at once, or none
        this.capacity = read.get(CAPACITY);
        this.ttl = read.get(TTL);
    }
}
