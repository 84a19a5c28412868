package io.fastd.pool.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The package-private opener seam (used by the benchmarks' stub driver): no server involved. */
class ConnectionOpenerTest {

    private final List<String> calls = new ArrayList<>();
    private final AtomicInteger opened = new AtomicInteger();

    private Connection stub() {
        opened.incrementAndGet();
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    calls.add(method.getName());
                    return method.getName().equals("isValid") ? Boolean.TRUE : null;
                });
    }

    private static DatabaseSettings settings(Duration idleCheck) {
        return DatabaseSettings.builder("default").name("bench").host("127.0.0.1").user("u").idleCheck(idleCheck).build();
    }

    @Test
    void initPoolOpensThroughTheOpenerAndTheHotPathDoesNotPing() {
        AtomicLong clock = new AtomicLong(1_000);
        DatabasePool pool = new DatabasePool(Map.of("default", settings(Duration.ofSeconds(30))), clock::get, null,
                s -> stub());
        pool.initPool();
        assertThat(opened).hasValue(1);
        Database first = pool.getConnection("default");
        clock.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(pool.getConnection("default")).isSameAs(first);
        assertThat(calls).doesNotContain("isValid");
        assertThat(pool.health().counters()).containsEntry("pings", 0L);
        pool.closePool();
        assertThat(calls).containsExactly("close");
    }

    @Test
    void pastTheIdleWindowItPingsThroughTheOpenedConnection() {
        AtomicLong clock = new AtomicLong(1_000);
        DatabasePool pool = new DatabasePool(Map.of("default", settings(Duration.ZERO)), clock::get, null, s -> stub());
        pool.initPool();
        clock.incrementAndGet();
        pool.getConnection("default");
        assertThat(calls).containsExactly("isValid");
        assertThat(opened).hasValue(1);
        assertThat(pool.health().counters()).containsEntry("pings", 1L);
    }
}
