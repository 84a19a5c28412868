package io.fastd.examples;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.inject.Inject;
import com.google.inject.name.Named;
import io.fastd.kernel.server.api.HttpHandler;
import io.fastd.kernel.server.api.HttpRequest;
import io.fastd.kernel.server.api.HttpResponse;
import io.fastd.kernel.server.api.HttpRouter;
import io.fastd.pool.mysql.Database;
import java.util.List;
import java.util.Map;

/**
 * A small JSON API over the {@code items} table (its name gets the configured prefix), written
 * with the {@link Database} API:
 * <ul>
 *   <li>{@code GET /items} lists up to 100 items; {@code GET /items/{id}} gets one;</li>
 *   <li>{@code POST /items} with {@code {"name": "..."}} creates one (201);</li>
 *   <li>{@code DELETE /items/{id}} deletes one.</li>
 * </ul>
 * Bad JSON, a missing name, a name that is not Unicode text (a lone surrogate) or longer than
 * 200 code points (the column is {@code VARCHAR(200)} utf8mb4), or an id that is not ASCII digits get
 * 400, an unknown id or path 404, a wrong method 405 with an {@code Allow} header, each with a JSON
 * body {@code {"error": "..."}}. Routed by the kernel's {@link HttpRouter}, which answers the
 * 404s, 405s and bad ids itself.
 */
public final class ItemsHandler implements HttpHandler {

    /** The table, before the prefix. */
    public static final String TABLE = "items";
    static final int MAX_NAME = 200;
    private static final int LIST_LIMIT = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database database;
    private final StatsPool stats;
    private final HttpRouter routes;

    @Inject
    public ItemsHandler(@Named("default") Database database, StatsPool stats) {
        this.database = requireNonNull(database, "database is null");
        this.stats = requireNonNull(stats, "stats is null");
        this.routes = HttpRouter.builder()
                .route("GET", "/items", (request, path) -> list())
                .route("POST", "/items", (request, path) -> create(request.body()))
                .route("GET", "/items/{id}", (request, path) -> get(Long.parseLong(path.get("id"))))
                .route("DELETE", "/items/{id}", (request, path) -> delete(Long.parseLong(path.get("id"))))
                .parameter("id", ItemsHandler::isId, "item id must be a positive number")
                .errors(ItemsHandler::error)
                .build();
    }

    @Override
    public HttpResponse handle(HttpRequest request) throws Exception {
        stats.countHttpRequest();
        return routes.handle(request);
    }

    private HttpResponse list() {
        ArrayNode items = JSON.createArrayNode();
        database.select(TABLE, List.of("id", "name"), Map.of(), LIST_LIMIT).forEach(row -> items.add(item(row)));
        return json(200, JSON.createObjectNode().set("items", items));
    }

    private HttpResponse get(long id) {
        return database.get(TABLE, List.of("id", "name"), Map.of("id", id))
                .map(row -> json(200, item(row)))
                .orElseGet(() -> error(404, "item " + id + " not found"));
    }

    private HttpResponse create(byte[] body) {
        JsonNode parsed;
        try {
            parsed = JSON.readTree(body);
        } catch (java.io.IOException e) {
            return error(400, "body is not valid JSON");
        }
        if (parsed == null || !parsed.isObject() || !parsed.path("name").isTextual() || parsed.get("name").asText().isBlank()) {
            return error(400, "body must be a JSON object with a non-empty string \"name\"");
        }
        String name = parsed.get("name").asText();
        int lone = loneSurrogate(name);
        if (lone >= 0) {
            return error(400, String.format(java.util.Locale.ROOT,
                    "name is not valid Unicode: lone surrogate U+%04X at character %d", (int) name.charAt(lone), lone + 1));
        }
        if (name.codePointCount(0, name.length()) > MAX_NAME) {
            return error(400, "name is longer than " + MAX_NAME + " characters");
        }
        long id = database.insert(TABLE, Map.of("name", name));
        return json(201, JSON.createObjectNode().put("id", id).put("name", name));
    }

    private HttpResponse delete(long id) {
        if (database.delete(TABLE, Map.of("id", id)) == 0) {
            return error(404, "item " + id + " not found");
        }
        return json(200, JSON.createObjectNode().put("deleted", id));
    }

    private static ObjectNode item(Map<String, Object> row) {
        return JSON.createObjectNode().put("id", ((Number) row.get("id")).longValue()).put("name", String.valueOf(row.get("name")));
    }

    /** The index of the first UTF-16 unit that is half of a surrogate pair without its other half, or -1. */
    private static int loneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** ASCII digits only: {@link Character#isDigit} would let full-width and other scripts' digits alias ids. */
    private static boolean isId(String text) {
        return !text.isEmpty() && text.length() <= 18 && text.chars().allMatch(c -> c >= '0' && c <= '9')
                && Long.parseLong(text) > 0;
    }

    private static HttpResponse json(int status, JsonNode body) {
        try {
            return HttpResponse.json(status, JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** {@code {"error":"..."}}: the API's own errors and the router's 400, 404 and 405. */
    private static HttpResponse error(int status, String message) {
        return json(status, JSON.createObjectNode().put("error", message));
    }
}
