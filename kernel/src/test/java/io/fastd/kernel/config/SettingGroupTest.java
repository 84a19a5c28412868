package io.fastd.kernel.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SettingGroupTest {

    enum CachePolicy { LEAST_RECENTLY_USED, FIFO }

    private static final Setting<Integer> CAPACITY = Setting.integer("cache.capacity").min(1).max(1000).defaultTo(100)
            .describe("entries kept");
    private static final Setting<Duration> TTL = Setting.duration("cache.ttl").positive().defaultTo(Duration.ofMinutes(5))
            .describe("time an entry lives");
    private static final Setting<Long> MAX_ENTRY = Setting.size("cache.max_entry").min(1).max(1 << 20)
            .defaultTo(64L * 1024).describe("largest entry");
    private static final Setting<CachePolicy> POLICY = Setting.oneOf("cache.policy", CachePolicy.class)
            .defaultTo(CachePolicy.FIFO).describe("what to evict");
    private static final Setting<Boolean> ENABLED = Setting.bool("cache.enabled").defaultTo(true).describe("on or off");
    private static final Setting<String> TOKEN = Setting.string("cache.key").secret().describe("access key");
    private static final SettingGroup CACHE = SettingGroup.of("cache", CAPACITY, TTL, MAX_ENTRY, POLICY, ENABLED, TOKEN);

    private static Config config(String... keyValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return new ConfigLoader().environment(Map.of()).systemProperties(properties).inline(Map.of("cache.x", "1")).load();
    }

    @Test
    void unsetKeysTakeTheirDefaultsAndSetKeysTheirParsedValues() {
        Binding binding = CACHE.bind(config("cache.capacity", "7", "cache.ttl", "1 h", "cache.max_entry", "1MiB",
                "cache.policy", "Least_Recently_Used", "cache.key", "s3cr3t"));
        assertThat(binding.get(CAPACITY)).isEqualTo(7);
        assertThat(binding.get(TTL)).isEqualTo(Duration.ofHours(1));
        assertThat(binding.get(MAX_ENTRY)).isEqualTo(1L << 20);
        assertThat(binding.get(POLICY)).isEqualTo(CachePolicy.LEAST_RECENTLY_USED);
        assertThat(binding.get(ENABLED)).isTrue();
        assertThat(binding.get(TOKEN)).isEqualTo("s3cr3t");
        assertThat(binding.source(CAPACITY)).contains("system property -Dcache.capacity");
        assertThat(binding.source(ENABLED)).isEmpty();
    }

    @Test
    void everyProblemOfTheGroupIsReportedAtOnceWithKeyValueAndSource() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> CACHE.bind(config(
                "cache.capacity", "0", "cache.ttl", "0s", "cache.max_entry", "2MB", "cache.policy", "lru",
                "cache.enabled", "maybe", "cache.key", "")));
        assertThat(e.problems()).containsExactly(
                "cache.capacity: '0' is not an integer from 1 to 1000 (from system property -Dcache.capacity)",
                "cache.ttl: '0s' is not a duration longer than 0 (from system property -Dcache.ttl)",
                "cache.max_entry: '2MB' is not a size such as 65536, 64KiB or 1MiB (from system property -Dcache.max_entry)",
                "cache.policy: 'lru' is not a cache policy; use least_recently_used or fifo (from system property -Dcache.policy)",
                "cache.enabled: 'maybe' is not a boolean (true/false) (from system property -Dcache.enabled)");
    }

    @Test
    void aSecretValueNeverAppearsInAProblem() {
        Setting<Integer> pin = Setting.integer("cache.pin").secret();
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> SettingGroup.of("pin", pin).bind(config("cache.pin", "hunter2")));
        assertThat(e).hasMessage("Invalid configuration: cache.pin: [REDACTED] is not an integer (from system property -Dcache.pin)");
    }

    @Test
    void aConverterMessageBecomesTheProblemWithTheSource() {
        Setting<Integer> even = Setting.integer("cache.even").map(n -> {
            if (n % 2 != 0) {
                throw new IllegalArgumentException(n + " is odd; use an even number");
            }
            return n;
        });
        assertThat(SettingGroup.of("even", even).read(config("cache.even", "3")).problems())
                .containsExactly("cache.even: 3 is odd; use an even number (from system property -Dcache.even)");
    }

    @Test
    void aSizeAboveItsBoundNamesTheBoundInBytes() {
        assertThat(CACHE.read(config("cache.max_entry", "2MiB")).problems())
                .containsExactly("cache.max_entry: '2MiB' is not a size from 1 to 1048576 bytes (from system property -Dcache.max_entry)");
    }

    @Test
    void aDefaultOutsideItsBoundsIsRefusedAtDeclaration() {
        assertThatThrownBy(() -> Setting.integer("cache.capacity").max(10).defaultTo(11))
                .hasMessage("default 11 of cache.capacity is not an integer of at most 10");
        assertThatThrownBy(() -> Setting.integer("cache.capacity").defaultTo(0).min(1))
                .hasMessage("default 0 of cache.capacity is not an integer of at least 1");
    }

    @Test
    void aKeyDeclaredTwiceInAGroupIsRefused() {
        assertThatThrownBy(() -> SettingGroup.of("twice", CAPACITY, Setting.integer("cache.capacity")))
                .hasMessage("cache.capacity is declared twice in twice");
    }

    @Test
    void readingCountsEveryDeclaredKeyAsUsed() {
        Config config = config("cache.capacity", "7", "cache.capacty", "8");
        CACHE.bind(config);
        assertThat(config.unusedKeys()).extracting(Config.UnusedKey::toString).containsExactly(
                "config key 'cache.x' (inline) is not used by any component",
                "config key 'cache.capacty' (system property -Dcache.capacty) is not used by any component;"
                        + " did you mean 'cache.capacity'?");
    }

    @Test
    void theTableRowsComeFromTheDeclarations() {
        assertThat(CACHE.markdownRows()).containsExactly(
                "| `cache.capacity` | `100` | entries kept |",
                "| `cache.ttl` | `5m` | time an entry lives |",
                "| `cache.max_entry` | `65536` | largest entry |",
                "| `cache.policy` | `fifo` | what to evict |",
                "| `cache.enabled` | `true` | on or off |",
                "| `cache.key` | none | access key (secret) |");
    }

    @Test
    void durationsAndSizesHaveOneSyntax() {
        assertThat(ValueSyntax.duration("500ms")).contains(Duration.ofMillis(500));
        assertThat(ValueSyntax.duration(" 250 ")).contains(Duration.ofMillis(250));
        assertThat(ValueSyntax.duration("5 s")).contains(Duration.ofSeconds(5));
        assertThat(ValueSyntax.duration("2m")).contains(Duration.ofMinutes(2));
        assertThat(ValueSyntax.duration("1h")).contains(Duration.ofHours(1));
        assertThat(ValueSyntax.duration("-5s")).isEmpty();
        assertThat(ValueSyntax.duration("1.5s")).isEmpty();
        assertThat(ValueSyntax.duration("")).isEmpty();
        assertThat(ValueSyntax.duration("9999999999999s")).isEmpty();
        assertThat(ValueSyntax.size("1048576")).contains(1048576L);
        assertThat(ValueSyntax.size("64KiB")).contains(65536L);
        assertThat(ValueSyntax.size("1 MiB")).contains(1048576L);
        assertThat(ValueSyntax.size("2GiB")).contains(2L << 30);
        assertThat(ValueSyntax.size("1MB")).isEmpty();
        assertThat(ValueSyntax.size("99999999999999999GiB")).isEmpty();
        assertThat(List.of(ValueSyntax.format(Duration.ofMillis(100)), ValueSyntax.format(Duration.ofSeconds(90)),
                ValueSyntax.format(Duration.ofMinutes(120)))).containsExactly("100ms", "90s", "2h");
    }
}
