package io.fastd.pool.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifiersTest {

    @Test
    void quotesAndPrefixes() {
        assertThat(Identifiers.table("users", "")).isEqualTo("`users`");
        assertThat(Identifiers.table("users", "app_")).isEqualTo("`app_users`");
        assertThat(Identifiers.table("shop.users", "app_")).isEqualTo("`shop`.`app_users`");
        assertThat(Identifiers.column("u.name")).isEqualTo("`u`.`name`");
        assertThat(Identifiers.column("a".repeat(64))).isEqualTo("`" + "a".repeat(64) + "`");
    }

    @ParameterizedTest
    @ValueSource(strings = {"users; DROP TABLE x", "a`b", "`a`", "a'b", "a\"b", "a b", "", "a.b.c", ".a", "a.",
            "a-b", "a\u0000b", "\u00e9t\u00e9"})
    void rejectsEverythingElse(String name) {
        assertThatThrownBy(() -> Identifiers.table(name, "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid table name '");
        assertThatThrownBy(() -> Identifiers.column(name)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid column name '");
    }

    @Test
    void rejects65CharactersAndPrefixedOverflow() {
        assertThatThrownBy(() -> Identifiers.column("a".repeat(65))).hasMessageContaining("'" + "a".repeat(65) + "'");
        assertThatThrownBy(() -> Identifiers.table("a".repeat(62), "app_"))
                .hasMessageContaining("with prefix 'app_'");
        assertThatThrownBy(() -> Identifiers.table(null, "")).hasMessage("table name is null");
        assertThatThrownBy(() -> Identifiers.table("t", "app-")).hasMessage(
                "invalid table name 't': use 1-64 letters, digits or '_' (with prefix 'app-'), optionally qualified once as a.b");
    }

    @Test
    void messagesEscapeTheBadName() {
        assertThatThrownBy(() -> Identifiers.table("x'\n\u0001", "")).hasMessageStartingWith(
                "invalid table name 'x\\'\\n\\u0001':");
    }

    @Test
    void buildsStatementsWithBoundValuesOnly() {
        Map<String, Object> where = new LinkedHashMap<>();
        where.put("a", 1);
        where.put("b", null);
        where.put("c", List.of(2, 3));
        Sql select = Sql.select("t", "p_", List.of("x", "y"), where, 5);
        assertThat(select.text())
                .isEqualTo("SELECT `x`, `y` FROM `p_t` WHERE `a` = ? AND `b` IS NULL AND `c` IN (?, ?) LIMIT 5");
        assertThat(select.params()).containsExactly(1, 2, 3);
        assertThat(Sql.select("t", "", List.of(), Map.of("c", List.of()), 0).text())
                .isEqualTo("SELECT * FROM `t` WHERE `c` IN (NULL)");
        Sql insert = Sql.insert("t", "", new LinkedHashMap<>(Map.of("a", "'); DROP")));
        assertThat(insert.text()).isEqualTo("INSERT INTO `t` (`a`) VALUES (?)");
        assertThat(insert.params()).containsExactly("'); DROP");
        Sql update = Sql.update("t", "", Map.of("a", 1), Map.of("id", 2));
        assertThat(update.text()).isEqualTo("UPDATE `t` SET `a` = ? WHERE `id` = ?");
        assertThat(update.params()).isEqualTo(Arrays.asList(1, 2));
        assertThat(Sql.count("t", "", Map.of()).text()).isEqualTo("SELECT COUNT(*) FROM `t`");
        assertThat(Sql.has("t", "", Map.of("a", 1)).text()).isEqualTo("SELECT 1 FROM `t` WHERE `a` = ? LIMIT 1");
        assertThat(Sql.delete("t", "", Map.of("a", 1)).text()).isEqualTo("DELETE FROM `t` WHERE `a` = ?");
        assertThatThrownBy(() -> Sql.update("t", "", Map.of("a", 1), Map.of()))
                .hasMessage("refusing to update every row of 't' with an empty where; use exec(...) for that");
        assertThatThrownBy(() -> Sql.insert("t", "", Map.of())).hasMessage("cannot insert an empty row into 't'");
    }
}
