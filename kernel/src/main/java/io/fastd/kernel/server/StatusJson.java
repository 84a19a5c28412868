package io.fastd.kernel.server;

import io.fastd.kernel.server.api.Json;
import io.fastd.pool.PoolHealth;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link ServerStatus} as JSON for the admin endpoint: {@code GET /status} (everything the
 * status table shows) and {@code GET /health/ready} (whether every worker is {@code RUNNING} and
 * no pool is {@code DOWN}, else what is not and why). Durations are milliseconds, instants
 * ISO-8601; nothing here holds a secret (last errors are redacted, pool details never hold one).
 */
final class StatusJson {

    private StatusJson() {
    }

    /** Every field of {@code status}, workers in order, each with its pools. */
    static String status(ServerStatus status) {
        StringBuilder out = new StringBuilder(512);
        out.append("{\"name\":").append(Json.quote(status.name()))
                .append(",\"version\":").append(Json.quote(status.version()))
                .append(",\"pid\":").append(status.pid())
                .append(",\"state\":").append(Json.quote(status.state()))
                .append(",\"listeners\":").append(strings(status.listeners()))
                .append(",\"workers\":[");
        String separator = "";
        for (WorkerStatus worker : status.workers()) {
            out.append(separator);
            worker(out, worker);
            separator = ",";
        }
        out.append("],\"incidents\":{");
        separator = "";
        for (Map.Entry<String, Long> incident : status.incidents().entrySet()) {
            out.append(separator).append(Json.quote(incident.getKey())).append(':').append(incident.getValue());
            separator = ",";
        }
        return out.append("}}").toString();
    }

    private static void worker(StringBuilder out, WorkerStatus worker) {
        out.append("{\"id\":").append(worker.id())
                .append(",\"kind\":").append(Json.quote(worker.kind().name().toLowerCase(Locale.ROOT)))
                .append(",\"state\":").append(Json.quote(worker.state()))
                .append(",\"served\":").append(worker.served())
                .append(",\"servedTotal\":").append(worker.servedTotal())
                .append(",\"generation\":").append(worker.generation())
                .append(",\"queued\":").append(worker.queued())
                .append(",\"uptimeMillis\":").append(worker.uptime().toMillis())
                .append(",\"failedStarts\":").append(worker.failedStarts())
                .append(",\"lastError\":").append(nullable(worker.lastError()))
                .append(",\"nextRetryAt\":").append(nullable(worker.nextRetryAt().map(Instant::toString)))
                .append(",\"pools\":[");
        String separator = "";
        for (WorkerStatus.Pool pool : worker.pools()) {
            PoolHealth health = pool.health();
            out.append(separator).append("{\"description\":").append(Json.quote(pool.description()))
                    .append(",\"health\":{\"status\":").append(Json.quote(health.status().name()))
                    .append(",\"detail\":").append(Json.quote(health.detail())).append(",\"counters\":{");
            String comma = "";
            for (Map.Entry<String, Long> counter : health.counters().entrySet()) {
                out.append(comma).append(Json.quote(counter.getKey())).append(':').append(counter.getValue());
                comma = ",";
            }
            out.append("}},\"initTimeMillis\":").append(pool.initTime().toMillis())
                    .append(",\"initializedAt\":").append(Json.quote(pool.initializedAt().toString())).append('}');
            separator = ",";
        }
        out.append("]}");
    }

    /**
     * Readiness: ready when the server is {@code RUNNING}, every worker is {@code RUNNING} and no
     * pool reports {@code DOWN} (a pool that does not report health, {@code UNKNOWN}, does not
     * hold readiness back).
     */
    static boolean ready(ServerStatus status) {
        return problems(status).isEmpty();
    }

    /** {@code {"status":"UP"}}, or {@code {"status":"DOWN","problems":[...]}} naming each worker and pool that is not ready. */
    static String readiness(ServerStatus status) {
        List<String> problems = problems(status);
        if (problems.isEmpty()) {
            return "{\"status\":\"UP\"}";
        }
        return "{\"status\":\"DOWN\",\"problems\":[" + String.join(",", problems) + "]}";
    }

    private static List<String> problems(ServerStatus status) {
        List<String> problems = new ArrayList<>();
        if (!status.state().equals(Server.State.RUNNING.name())) {
            problems.add("{\"server\":" + Json.quote(status.name()) + ",\"state\":" + Json.quote(status.state())
                    + ",\"reason\":\"the server is not running\"}");
        }
        for (WorkerStatus worker : status.workers()) {
            String who = "{\"worker\":" + worker.id() + ",\"kind\":"
                    + Json.quote(worker.kind().name().toLowerCase(Locale.ROOT));
            if (!worker.state().equals("RUNNING")) {
                problems.add(who + ",\"state\":" + Json.quote(worker.state()) + ",\"reason\":"
                        + Json.quote(worker.lastError().orElse("worker is " + worker.state())) + "}");
            }
            for (WorkerStatus.Pool pool : worker.pools()) {
                if (pool.health().status() == PoolHealth.Status.DOWN) {
                    problems.add(who + ",\"pool\":" + Json.quote(pool.description()) + ",\"health\":\"DOWN\",\"reason\":"
                            + Json.quote(pool.health().detail()) + "}");
                }
            }
        }
        return problems;
    }

    private static String strings(List<String> values) {
        return "[" + String.join(",", values.stream().map(Json::quote).toList()) + "]";
    }

    private static String nullable(Optional<String> value) {
        return value.map(Json::quote).orElse("null");
    }
}
