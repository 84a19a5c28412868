package io.fastd.pool.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DatabaseSettingsTest {

    @Test
    void builderRequiresNameHostUserAndHidesThePassword() {
        assertThatThrownBy(() -> DatabaseSettings.builder("default").host("h").user("u").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("database.default: missing required key 'database.default.name'");
        DatabaseSettings s = DatabaseSettings.builder("default").host("db1").port(3307).name("app").user("u")
                .password("S3cr3t-Pa55!").option("sslMode", "S3cr3t-Pa55!").build();
        assertThat(s.toString()).doesNotContain("S3cr3t").contains("u@db1:3307/app").contains("options=[sslMode]");
        assertThat(s.toBuilder().build()).isEqualTo(s);
        assertThat(DatabaseSettings.builder("v6").host("::1").name("n").user("u").build().address())
                .isEqualTo("[::1]:3306");
    }

    @Test
    void builderRejectsInvalidValues() {
        DatabaseSettings.Builder b = DatabaseSettings.builder("default");
        assertThatThrownBy(() -> b.port(0)).hasMessageContaining("invalid port '0'");
        assertThatThrownBy(() -> b.adapter("pgsql")).hasMessageContaining("invalid adapter 'pgsql'");
        assertThatThrownBy(() -> b.charset("latin1")).hasMessageContaining("invalid charset 'latin1'");
        assertThatThrownBy(() -> b.host("a/b")).hasMessageContaining("invalid host 'a/b'");
        assertThatThrownBy(() -> b.connectTimeout(Duration.ZERO)).hasMessageContaining("invalid connectTimeout");
        assertThatThrownBy(() -> b.password(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("password is null");
        assertThatThrownBy(() -> DatabaseSettings.builder("a b")).hasMessageContaining("invalid database key 'a b'");
    }
}
