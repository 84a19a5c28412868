package io.fastd.kernel.server.api;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A small HTTP router: an {@link HttpHandler} that picks a {@link Route} by method and path
 * template, with path parameters ({@code /items/{id}}), and answers what no route takes itself.
 *
 * <pre>{@code
 * HttpRouter router = HttpRouter.builder()
 *         .route("GET", "/items", (request, path) -> list())
 *         .route("GET", "/items/{id}", (request, path) -> get(Long.parseLong(path.get("id"))))
 *         .parameter("id", ItemsHandler::isId, "item id must be a positive number")
 *         .build();
 * }</pre>
 *
 * <p>Matching: a template is {@code /} or {@code /}-separated non-empty segments, each a literal
 * or a parameter {@code {name}} that matches exactly one non-empty segment. One trailing
 * {@code /} of the request path is ignored ({@code /items/} is {@code /items}). Where two
 * templates match, the one with a literal where the other has a parameter wins
 * ({@code /items/new} before {@code /items/{id}}). Then, in this order:
 * <ol>
 *   <li>no template matches: 404 {@code no route for <path>};</li>
 *   <li>a parameter fails its {@link Builder#parameter check}: 400 with that check's message,
 *       whatever the method;</li>
 *   <li>the template has no route for the method: 405 {@code method <M> not allowed on
 *       <template>} with an {@code allow} header listing the template's methods in the order
 *       they were added;</li>
 *   <li>else the route answers.</li>
 * </ol>
 * Error bodies are {@link HttpResponse#error} unless {@link Builder#errors} says otherwise.
 * Immutable and thread-safe once built; a bad template, method or a route added twice is an
 * {@link IllegalArgumentException} at build time naming it.
 */
public final class HttpRouter implements HttpHandler {

    private static final Pattern METHOD = Pattern.compile("[A-Z]+");
    private static final Pattern PARAMETER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");

    /** What answers one method on one template. */
    @FunctionalInterface
    public interface Route {

        /** As {@link HttpHandler#handle}, with the path parameters of the matched template. */
        HttpResponse handle(HttpRequest request, PathParameters path) throws Exception;
    }

    /** The values of a matched template's parameters, by name. */
    public static final class PathParameters {

        private final Map<String, String> values;

        PathParameters(Map<String, String> values) {
            this.values = Collections.unmodifiableMap(values);
        }

        /** The value of parameter {@code name}; a name the template does not have is a programming error. */
        public String get(String name) {
            String value = values.get(name);
            if (value == null) {
                throw new IllegalArgumentException("no path parameter '" + name + "'; the template has " + values.keySet());
            }
            return value;
        }

        /** Every parameter with its value, in template order. */
        public Map<String, String> asMap() {
            return values;
        }

        @Override
        public String toString() {
            return values.toString();
        }
    }

    private record Check(Predicate<String> valid, String message) {
    }

    /** One template with its routes by method, in the order they were added. */
    private record Template(String text, List<String> segments, Map<String, Route> routes) {

        /** The parameter values if {@code path} has this template's shape, else null. */
        Map<String, String> match(List<String> path) {
            if (path.size() != segments.size()) {
                return null;
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < segments.size(); i++) {
                String name = parameterName(segments.get(i));
                if (name != null) {
                    if (path.get(i).isEmpty()) {
                        return null;
                    }
                    values.put(name, path.get(i));
                } else if (!segments.get(i).equals(path.get(i))) {
                    return null;
                }
            }
            return values;
        }

        /** Literal segments sort before parameters: the more specific template is tried first. */
        String specificity() {
            StringBuilder key = new StringBuilder();
            segments.forEach(segment -> key.append(parameterName(segment) == null ? '0' : '1'));
            return key.toString();
        }
    }

    private final List<Template> templates;
    private final Map<String, Check> checks;
    private final BiFunction<Integer, String, HttpResponse> errors;

    private HttpRouter(List<Template> templates, Map<String, Check> checks, BiFunction<Integer, String, HttpResponse> errors) {
        this.templates = templates;
        this.checks = checks;
        this.errors = errors;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public HttpResponse handle(HttpRequest request) throws Exception {
        List<String> path = segments(request.path());
        for (Template template : path == null ? List.<Template>of() : templates) {
            Map<String, String> values = template.match(path);
            if (values == null) {
                continue;
            }
            for (Map.Entry<String, String> value : values.entrySet()) {
                Check check = checks.get(value.getKey());
                if (check != null && !check.valid().test(value.getValue())) {
                    return errors.apply(400, check.message());
                }
            }
            Route route = template.routes().get(request.method());
            if (route == null) {
                HttpResponse error = errors.apply(405, "method " + request.method() + " not allowed on " + template.text());
                Map<String, String> headers = new LinkedHashMap<>(error.headers());
                headers.put("allow", String.join(", ", template.routes().keySet()));
                return new HttpResponse(405, headers, error.body());
            }
            return route.handle(request, new PathParameters(values));
        }
        return errors.apply(404, "no route for " + request.path());
    }

    /** The path's segments, one trailing {@code /} ignored ({@code /} has none); null if it is not a path. */
    private static List<String> segments(String path) {
        if (!path.startsWith("/")) {
            return null;
        }
        String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return trimmed.equals("/") ? List.of() : List.of(trimmed.substring(1).split("/", -1));
    }

    private static String parameterName(String segment) {
        var matcher = PARAMETER.matcher(segment);
        return matcher.matches() ? matcher.group(1) : null;
    }

    /** Collects routes, parameter checks and the error renderer; {@link #build()} validates all at once. */
    public static final class Builder {

        private final Map<String, Template> templates = new LinkedHashMap<>();
        private final Map<String, Check> checks = new LinkedHashMap<>();
        private final List<String> problems = new ArrayList<>();
        private BiFunction<Integer, String, HttpResponse> errors = HttpResponse::error;

        private Builder() {
        }

        /** Adds {@code route} for {@code method} (upper case, e.g. {@code GET}) on {@code template}. */
        public Builder route(String method, String template, Route route) {
            requireNonNull(method, "method is null");
            requireNonNull(template, "template is null");
            requireNonNull(route, "route is null");
            if (!METHOD.matcher(method).matches()) {
                problems.add("method '" + method + "' of " + template + " is not an upper-case HTTP method");
            }
            List<String> segments = templateSegments(template);
            if (segments == null) {
                return this;
            }
            String shape = String.join("/", segments.stream().map(s -> parameterName(s) == null ? s : "{}").toList());
            Template existing = templates.computeIfAbsent(shape, key -> new Template(template, segments, new LinkedHashMap<>()));
            if (!existing.text().equals(template)) {
                problems.add(template + " is " + existing.text() + " with other parameter names; use one spelling");
            } else if (existing.routes().putIfAbsent(method, route) != null) {
                problems.add(method + " " + template + " is added twice");
            }
            return this;
        }

        /**
         * A check of parameter {@code name} in every template that has it: a value it rejects gets
         * 400 with {@code message}, before the method is looked at.
         */
        public Builder parameter(String name, Predicate<String> valid, String message) {
            requireNonNull(name, "name is null");
            if (checks.putIfAbsent(name, new Check(requireNonNull(valid, "valid is null"),
                    requireNonNull(message, "message is null"))) != null) {
                problems.add("parameter '" + name + "' is checked twice");
            }
            return this;
        }

        /** How 400, 404 and 405 bodies look: status and message in, response out; default {@link HttpResponse#error}. */
        public Builder errors(BiFunction<Integer, String, HttpResponse> errors) {
            this.errors = requireNonNull(errors, "errors is null");
            return this;
        }

        /** The router; every problem of its routes reported together. */
        public HttpRouter build() {
            List<String> all = new ArrayList<>(problems);
            for (String name : checks.keySet()) {
                boolean used = templates.values().stream().flatMap(t -> t.segments().stream())
                        .anyMatch(segment -> name.equals(parameterName(segment)));
                if (!used) {
                    all.add("parameter '" + name + "' is checked but no template has {" + name + "}");
                }
            }
            if (!all.isEmpty()) {
                throw new IllegalArgumentException("bad routes: " + String.join("; ", all));
            }
            List<Template> ordered = new ArrayList<>(templates.values());
            ordered.sort(Comparator.comparing(Template::specificity));
            List<Template> frozen = ordered.stream().map(t -> new Template(t.text(), t.segments(),
                    Collections.unmodifiableMap(new LinkedHashMap<>(t.routes())))).toList();
            return new HttpRouter(frozen, Map.copyOf(checks), errors);
        }

        /** The template's segments, or null (and a problem) if it is not a valid template. */
        private List<String> templateSegments(String template) {
            if (template.equals("/")) {
                return List.of();
            }
            if (!template.startsWith("/") || template.endsWith("/")) {
                problems.add("template '" + template + "' must start with / and not end with /");
                return null;
            }
            List<String> segments = List.of(template.substring(1).split("/", -1));
            List<String> names = new ArrayList<>();
            for (String segment : segments) {
                String name = parameterName(segment);
                if (segment.isEmpty() || (name == null && (segment.contains("{") || segment.contains("}")))) {
                    problems.add("template '" + template + "' has a bad segment '" + segment + "' (a literal or {name})");
                    return null;
                }
                if (name != null && names.contains(name)) {
                    problems.add("template '" + template + "' has {" + name + "} twice");
                    return null;
                }
                if (name != null) {
                    names.add(name);
                }
            }
            return segments;
        }
    }
}
