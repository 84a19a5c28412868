package io.fastd.pool.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DatabaseCrudTest {

    private static String dbName;
    private static DatabasePool pool;
    private static Database db;

    @BeforeAll
    static void setUp() {
        dbName = TestDatabase.createDatabase("crud");
        TestDatabase.exec("CREATE TABLE `" + dbName + "`.`app_users` (id INT AUTO_INCREMENT PRIMARY KEY,"
                + " name VARCHAR(100) NOT NULL, email VARCHAR(100) NULL, age INT NULL) DEFAULT CHARSET=utf8mb4");
        TestDatabase.exec("CREATE TABLE `" + dbName + "`.`app_x` (id INT PRIMARY KEY)");
        pool = new DatabasePool(Map.of("default", TestDatabase.settings("default", dbName).prefix("app_").build()));
        pool.initPool();
        db = pool.getConnection("default");
    }

    @AfterAll
    static void tearDown() {
        pool.closePool();
    }

    @Test
    void crudWithPrefix() {
        long id = db.insert("users", row("name", "ann", "email", "ann@example.com", "age", 30));
        long id2 = db.insert("users", row("name", "bob", "email", null, "age", 40));
        assertThat(id).isPositive();
        assertThat(id2).isGreaterThan(id);

        assertThat(db.get("users", Map.of("id", id))).get()
                .satisfies(r -> assertThat(r).containsEntry("name", "ann").containsEntry("age", 30));
        assertThat(db.select("users", List.of("name"), row("email", null)))
                .containsExactly(Map.of("name", "bob"));
        assertThat(db.select("users", List.of("id"), Map.of("id", List.of(id, id2)))).hasSize(2);
        assertThat(db.select("users", List.of("id"), Map.of("id", List.of()))).isEmpty();
        assertThat(db.count("users", Map.of("name", "ann"))).isEqualTo(1);
        assertThat(db.has("users", Map.of("name", "bob"))).isTrue();
        assertThat(db.has("users", Map.of("name", "nobody"))).isFalse();

        assertThat(db.update("users", Map.of("age", 31), Map.of("id", id))).isEqualTo(1);
        assertThat(db.get("users", List.of("age"), Map.of("id", id))).contains(Map.of("age", 31));
        assertThat(TestDatabase.scalar("SELECT age FROM `" + dbName + "`.app_users WHERE id = ?", id)).isEqualTo(31);

        assertThat(db.query("SELECT COUNT(*) AS n FROM app_users WHERE age > ?", 35).get(0).get("n")).isEqualTo(1L);
        assertThat(db.exec("UPDATE app_users SET age = age + 1 WHERE id IN (?, ?)", id, id2)).isEqualTo(2);

        assertThat(db.delete("users", Map.of("id", id2))).isEqualTo(1);
        assertThat(db.count("users", Map.of())).isEqualTo(1);
        assertThatThrownBy(() -> db.delete("users", Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty where");
    }

    @Test
    void fourByteUtf8RoundTripsWithDefaultCharset() {
        String text = "smile \uD83D\uDE00 and \uD841\uDF0E and caf\u00e9";
        assertThat(db.settings().charset()).isEqualTo("utf8mb4");
        long id = db.insert("users", row("name", text));
        assertThat(db.get("users", List.of("name"), Map.of("id", id))).contains(Map.of("name", text));
        assertThat(db.count("users", Map.of("name", text))).isEqualTo(1);
    }

    @Test
    void transactionCommitsAndRollsBack() {
        long id = db.action(d -> d.insert("users", row("name", "tx-commit")));
        assertThat(TestDatabase.scalar("SELECT COUNT(*) FROM `" + dbName + "`.app_users WHERE id = ?", id))
                .isEqualTo(1);
        assertThatThrownBy(() -> db.action(d -> {
            d.insert("users", row("name", "tx-rollback"));
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class).hasMessage("boom");
        assertThat(db.count("users", Map.of("name", "tx-rollback"))).isZero();
        assertThatThrownBy(() -> db.action(d -> {
            d.insert("users", row("name", "tx-checked"));
            throw new java.io.IOException("io");
        })).isInstanceOf(DatabaseException.class).hasMessageContaining("rolled back").hasCauseInstanceOf(
                java.io.IOException.class);
        assertThatThrownBy(() -> db.action(d -> {
            d.insert("users", row("name", "tx-error"));
            throw new AssertionError("err");
        })).isInstanceOf(AssertionError.class);
        assertThat(db.count("users", Map.of("name", List.of("tx-checked", "tx-error")))).isZero();
        // autocommit is back on after a transaction
        db.insert("users", row("name", "after-tx"));
        assertThat(TestDatabase.scalar("SELECT COUNT(*) FROM `" + dbName + "`.app_users WHERE name = 'after-tx'"))
                .isEqualTo(1);
    }

    @Test
    void injectionAttemptsInIdentifiersAreRejectedAndNothingRuns() {
        long before = questions();
        List<String> bad = List.of("users; DROP TABLE x", "users`", "`users`", "us'ers", "us\"ers", "a b",
                "a".repeat(65), "", "a.b.c", "x\n", "users--");
        List<Throwable> errors = new ArrayList<>();
        for (String name : bad) {
            errors.add(catching(() -> db.select(name, Map.of())));
            errors.add(catching(() -> db.insert(name, Map.of("name", "x"))));
            errors.add(catching(() -> db.select("users", List.of(name), Map.of())));
            errors.add(catching(() -> db.update("users", Map.of(name, 1), Map.of("id", 1))));
            errors.add(catching(() -> db.delete("users", Map.of(name, 1))));
            errors.add(catching(() -> db.count("users", Map.of(name, 1))));
        }
        assertThat(errors).allSatisfy(e -> assertThat(e).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid"));
        assertThat(errors.get(0)).hasMessageContaining("'users; DROP TABLE x'");
        assertThat(errors.get(6)).hasMessageContaining("'users`'");
        assertThat(errors.get(18)).hasMessageContaining("'us\\'ers'");
        assertThat(errors.get(6 * 9)).hasMessageContaining("'x\\n'");
        // Only the status query itself reached the server; the x table still exists.
        assertThat(questions() - before).isEqualTo(1);
        assertThat(TestDatabase.scalar("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = ?"
                + " AND table_name = 'app_x'", dbName)).isEqualTo(1);
    }

    @Test
    void valuesAreAlwaysBound() {
        String evil = "x'); DROP TABLE app_x; --";
        long id = db.insert("users", row("name", evil));
        assertThat(db.get("users", List.of("name"), Map.of("id", id))).contains(Map.of("name", evil));
        assertThat(db.count("users", Map.of("name", evil))).isEqualTo(1);
    }

    private static long questions() {
        Object v = db.query("SHOW SESSION STATUS LIKE 'Questions'").get(0).get("Value");
        return Long.parseLong(v.toString());
    }

    private static Throwable catching(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("expected an exception");
    }

    static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
