package io.fastd.examples;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.inject.Inject;
import com.google.inject.name.Named;
import io.fastd.kernel.server.HttpHandler;
import io.fastd.kernel.server.HttpRequest;
import io.fastd.kernel.server.HttpResponse;
import io.fastd.pool.mysql.Database;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A small JSON API over the {@code items} table (its name gets the configured prefix), written
 * with the {@link Database} API:
 * <ul>
 *   <li>{@code GET /items} lists up to 100 items; {@code GET /items/{id}} gets one;</li>
 *   <li>{@code POST /items} with {@code {"name": "..."}} creates one (201);</li>
 *   <li>{@code DELETE /items/{id}} deletes one.</li>
 * </ul>
 * Bad JSON, a missing name or a non-numeric id get 400, an unknown id or path 404, a wrong method
 * 405, each with a JSON body {@code {"error": "..."}}.
 */
public final class ItemsHandler implements HttpHandler {

    /** The table, before the prefix. */
    public static final String TABLE = "items";
    static final int MAX_NAME = 200;
    private static final int LIST_LIMIT = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database database;
    private final StatsPool stats;

    @Inject
    public ItemsHandler(@Named("default") Database database, StatsPool stats) {
        this.database = requireNonNull(database, "database is null");
        this.stats = requireNonNull(stats, "stats is null");
    }

    @Override
    public HttpResponse handle(HttpRequest request) {
        stats.countHttpRequest();
        String path = request.path();
        if (path.equals("/items") || path.equals("/items/")) {
            return switch (request.method()) {
                case "GET" -> list();
                case "POST" -> create(request.body());
                default -> error(405, "method " + request.method() + " not allowed on /items");
            };
        }
        if (path.startsWith("/items/")) {
            Optional<Long> id = parseId(path.substring("/items/".length()));
            if (id.isEmpty()) {
                return error(400, "item id must be a positive number");
            }
            return switch (request.method()) {
                case "GET" -> get(id.get());
                case "DELETE" -> delete(id.get());
                default -> error(405, "method " + request.method() + " not allowed on /items/{id}");
            };
        }
        return error(404, "no route for " + path);
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
        if (name.length() > MAX_NAME) {
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

    private static Optional<Long> parseId(String text) {
        if (text.isEmpty() || text.length() > 18 || !text.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        long id = Long.parseLong(text);
        return id > 0 ? Optional.of(id) : Optional.empty();
    }

    private static HttpResponse json(int status, JsonNode body) {
        try {
            return HttpResponse.json(status, JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private static HttpResponse error(int status, String message) {
        return json(status, JSON.createObjectNode().put("error", message));
    }
}
