package io.fastd.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PoolHealthTest {

    @Test
    void countersAreCopiedAndUnmodifiable() {
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("connections.default", 1L);
        PoolHealth health = PoolHealth.up("1 of 1 open", counters);
        counters.put("later", 2L);

        assertThat(health.counters()).containsExactly(Map.entry("connections.default", 1L));
        assertThatThrownBy(() -> health.counters().put("x", 1L)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void toStringShowsStatusDetailAndCounters() {
        assertThat(PoolHealth.down("default: connection refused", Map.of("failures", 2L)))
                .hasToString("DOWN (default: connection refused) {failures=2}");
        assertThat(PoolHealth.unknown()).hasToString("UNKNOWN (not reported)");
    }

    @Test
    void equalityIsByValue() {
        assertThat(PoolHealth.up("ok", Map.of("a", 1L))).isEqualTo(PoolHealth.up("ok", Map.of("a", 1L)));
        assertThat(PoolHealth.up("ok", Map.of())).isNotEqualTo(PoolHealth.down("ok", Map.of()));
    }
}
