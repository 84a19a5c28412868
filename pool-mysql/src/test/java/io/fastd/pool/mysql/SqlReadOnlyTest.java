package io.fastd.pool.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqlReadOnlyTest {

    @ParameterizedTest
    @ValueSource(strings = {"SELECT 1", "  select * from t", "(SELECT 1) UNION (SELECT 2)", "/* hint */ SELECT 1",
            "-- comment\nSHOW TABLES", "# c\nDESCRIBE t", "desc t", "EXPLAIN SELECT 1", "\tSelect\n1"})
    void readsMayBeReplayed(String sql) {
        assertThat(Sql.isReadOnly(sql)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"UPDATE t SET a = 1", "WITH x AS (SELECT 1) DELETE FROM t", "CALL proc()",
            "DELETE FROM t RETURNING id", "INSERT INTO t VALUES (1) RETURNING id", "/* unterminated SELECT 1",
            "-- only a comment", "", "SELECTED", "REPLACE INTO t VALUES (1)"})
    void anythingElseIsNotReplayed(String sql) {
        assertThat(Sql.isReadOnly(sql)).isFalse();
    }
}
