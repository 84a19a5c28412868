package io.fastd.kernel.server.internal.admin;

import static java.util.Objects.requireNonNull;

import io.fastd.kernel.server.api.HttpRequest;
import io.fastd.kernel.server.api.HttpResponse;
import io.fastd.kernel.server.api.HttpRouter;
import io.fastd.kernel.server.api.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin endpoint's answers, transport aside. Every body is JSON ({@code {"error":"..."}} for
 * every error) except {@code /metrics} (Prometheus text) and {@code /status?format=text} (the
 * status table):
 * <ul>
 *   <li>{@code GET /health/live}: 200 {@code {"status":"UP"}} while the process serves;</li>
 *   <li>{@code GET /health/ready}: 200 when every worker runs and no pool is down, else 503 naming each
 *       worker and pool that is not, and why;</li>
 *   <li>{@code GET /status} (JSON; {@code ?format=text}: the table), {@code GET /metrics};</li>
 *   <li>with the token ({@code Authorization: Bearer <token>}, compared in constant time; else 401
 *       with {@code WWW-Authenticate: Bearer}): {@code GET /identity} ({@code {"pid":N,"nonce":"..."}},
 *       what the command line checks the PID file against), {@code POST /reload} (answers when the
 *       rolling reload is done: 200 {@code {"result":"<summary>"}} or 500), {@code POST /stop} (202,
 *       then a graceful stop on a thread of its own).</li>
 * </ul>
 * Unknown path 404, wrong method 405 with {@code allow} ({@link HttpRouter}).
 */
final class AdminRoutes {

    private static final Logger log = LoggerFactory.getLogger(AdminRoutes.class);
    private static final String UP = "{\"status\":\"UP\"}";
    /**
     * What {@code PrometheusMeterRegistry.scrape()} writes: Prometheus text 0.0.4, the value of
     * {@code io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter.CONTENT_TYPE}
     * (that library is a runtime-only dependency of Micrometer's registry).
     */
    static final String METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final AdminTarget server;
    private final byte[] expectedAuthorization;
    private final HttpRouter router;

    AdminRoutes(AdminTarget server, String token) {
        this.server = requireNonNull(server, "server is null");
        this.expectedAuthorization = ("Bearer " + requireNonNull(token, "token is null")).getBytes(StandardCharsets.UTF_8);
        this.router = HttpRouter.builder()
                .route("GET", "/health/live", (request, path) -> HttpResponse.json(200, UP))
                .route("GET", "/health/ready", (request, path) -> ready())
                .route("GET", "/status", (request, path) -> status(request))
                .route("GET", "/metrics", (request, path) -> new HttpResponse(200,
                        Map.of("content-type", METRICS_CONTENT_TYPE),
                        server.metrics().getBytes(StandardCharsets.UTF_8)))
                .route("GET", "/identity", withToken((request, path) -> HttpResponse.json(200,
                        "{\"pid\":" + server.pid() + ",\"nonce\":" + Json.quote(server.nonce()) + "}")))
                .route("POST", "/reload", withToken((request, path) -> reload()))
                .route("POST", "/stop", withToken((request, path) -> stop()))
                .build();
    }

    /** The answer to {@code request}; a failure inside is a 500 with its message. */
    HttpResponse answer(HttpRequest request) {
        try {
            return router.handle(request);
        } catch (Exception | LinkageError e) {
            log.warn("admin endpoint: {} failed: {}", request, e.toString(), e);
            return HttpResponse.error(500, request.method() + " " + request.path() + " failed: " + e);
        }
    }

    private HttpResponse ready() {
        AdminTarget.Readiness readiness = server.readiness();
        return HttpResponse.json(readiness.ready() ? 200 : 503, readiness.json());
    }

    private HttpResponse status(HttpRequest request) {
        String format = request.queryParam("format").orElse("json");
        return switch (format) {
            case "json" -> HttpResponse.json(200, server.statusJson());
            case "text" -> HttpResponse.text(200, server.statusText());
            default -> HttpResponse.error(400, "format must be json or text, not '" + format + "'");
        };
    }

    private HttpResponse reload() throws InterruptedException {
        log.info("admin endpoint: reload");
        try {
            return HttpResponse.json(200, "{\"result\":" + Json.quote(server.reload().get()) + "}");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException && e.getCause().getCause() != null
                    ? e.getCause().getCause() : e.getCause();
            return HttpResponse.error(500, "reload failed: " + cause.getMessage());
        }
    }

    private HttpResponse stop() {
        log.info("admin endpoint: stop");
        Thread stopper = new Thread(server::stop, "fastd-stop");
        stopper.start();
        return HttpResponse.json(202, "{\"result\":\"stopping\"}");
    }

    private HttpRouter.Route withToken(HttpRouter.Route route) {
        return (request, path) -> {
            byte[] given = request.header("authorization").orElse("").getBytes(StandardCharsets.UTF_8);
            if (MessageDigest.isEqual(given, expectedAuthorization)) {
                return route.handle(request, path);
            }
            HttpResponse error = HttpResponse.error(401, request.method() + " " + request.path()
                    + " needs the admin token: send Authorization: Bearer <token from the admin file>");
            Map<String, String> headers = new LinkedHashMap<>(error.headers());
            headers.put("www-authenticate", "Bearer");
            return new HttpResponse(401, headers, error.body());
        };
    }
}
