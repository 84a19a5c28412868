package io.fastd.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.fastd.kernel.server.api.HttpRequest;
import io.fastd.kernel.server.api.HttpResponse;
import io.fastd.pool.mysql.Database;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The HTTP handler tested as a host app would: a mocked {@link Database}, no server, no network. */
class ItemsHandlerTest {

    private final Database database = mock(Database.class);
    private final ItemsHandler handler = new ItemsHandler(database, new StatsPool());

    private static HttpRequest request(String method, String path, String body) {
        return new HttpRequest(method, path, Map.of(), Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void createsAnItemWithTheDatabaseApi() throws Exception {
        when(database.insert("items", Map.of("name", "widget"))).thenReturn(7L);

        HttpResponse response = handler.handle(request("POST", "/items", "{\"name\":\"widget\"}"));

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.bodyText()).isEqualTo("{\"id\":7,\"name\":\"widget\"}");
    }

    @Test
    void listsAndGetsItems() throws Exception {
        when(database.select("items", List.of("id", "name"), Map.of(), 100))
                .thenReturn(List.of(Map.of("id", 1L, "name", "a"), Map.of("id", 2L, "name", "b")));
        when(database.get("items", List.of("id", "name"), Map.of("id", 2L))).thenReturn(Optional.of(Map.of("id", 2L, "name", "b")));

        assertThat(handler.handle(request("GET", "/items", "")).bodyText())
                .isEqualTo("{\"items\":[{\"id\":1,\"name\":\"a\"},{\"id\":2,\"name\":\"b\"}]}");
        assertThat(handler.handle(request("GET", "/items/2", "")).bodyText()).isEqualTo("{\"id\":2,\"name\":\"b\"}");
    }

    @Test
    void badJsonIs400AndTouchesNoTable() throws Exception {
        HttpResponse response = handler.handle(request("POST", "/items", "{not json"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.bodyText()).isEqualTo("{\"error\":\"body is not valid JSON\"}");
        verify(database, never()).insert(anyString(), anyMap());
    }

    @Test
    void missingOrOversizedNameIs400() throws Exception {
        assertThat(handler.handle(request("POST", "/items", "{\"title\":\"x\"}")).status()).isEqualTo(400);
        assertThat(handler.handle(request("POST", "/items", "[1,2]")).status()).isEqualTo(400);
        assertThat(handler.handle(request("POST", "/items", "{\"name\":\"" + "x".repeat(201) + "\"}")).bodyText())
                .isEqualTo("{\"error\":\"name is longer than 200 characters\"}");
        verify(database, never()).insert(anyString(), anyMap());
    }

    @Test
    void unknownIdIs404AndBadIdIs400() throws Exception {
        when(database.get(anyString(), anyList(), anyMap())).thenReturn(Optional.empty());
        when(database.delete("items", Map.of("id", 9L))).thenReturn(0L);

        assertThat(handler.handle(request("GET", "/items/9", ""))).satisfies(r -> {
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.bodyText()).isEqualTo("{\"error\":\"item 9 not found\"}");
        });
        assertThat(handler.handle(request("DELETE", "/items/9", "")).status()).isEqualTo(404);
        assertThat(handler.handle(request("GET", "/items/abc", "")).status()).isEqualTo(400);
        assertThat(handler.handle(request("GET", "/items/0", "")).status()).isEqualTo(400);
        assertThat(handler.handle(request("GET", "/items/\uff11", "")).status()).as("full-width 1").isEqualTo(400);
        assertThat(handler.handle(request("GET", "/items/\u0661", "")).status()).as("Arabic-Indic 1").isEqualTo(400);
        verify(database, never()).get(anyString(), anyList(), org.mockito.ArgumentMatchers.eq(Map.of("id", 1L)));
    }

    @Test
    void unknownRoutesAndMethods() throws Exception {
        assertThat(handler.handle(request("GET", "/nope", "")).status()).isEqualTo(404);
        assertThat(handler.handle(request("PUT", "/items", "")).status()).isEqualTo(405);
        assertThat(handler.handle(request("PATCH", "/items/1", "")).status()).isEqualTo(405);
        assertThat(handler.handle(request("PUT", "/items", "")).headers()).containsEntry("allow", "GET, POST");
        assertThat(handler.handle(request("PATCH", "/items/1", "")).headers()).containsEntry("allow", "GET, DELETE");
        verify(database, never()).select(anyString(), anyList(), anyMap(), anyInt());
    }

    @Test
    void deletesAnItem() throws Exception {
        when(database.delete("items", Map.of("id", 3L))).thenReturn(1L);

        assertThat(handler.handle(request("DELETE", "/items/3", "")).bodyText()).isEqualTo("{\"deleted\":3}");
    }
}
