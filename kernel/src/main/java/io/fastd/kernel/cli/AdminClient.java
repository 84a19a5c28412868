package io.fastd.kernel.cli;

import static java.util.Objects.requireNonNull;

import io.fastd.kernel.server.internal.admin.PidFile;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Talks HTTP to a running server's admin endpoint (URL and token from the admin file). A wildcard
 * host ({@code 0.0.0.0}, {@code ::}) is reached on loopback.
 */
final class AdminClient {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final PidFile.AdminEndpoint endpoint;
    private final URI base;
    private final HttpClient http;

    AdminClient(PidFile.AdminEndpoint endpoint) {
        this.endpoint = requireNonNull(endpoint, "endpoint is null");
        String host = endpoint.host();
        if (host.equals("0.0.0.0")) {
            host = "127.0.0.1";
        } else if (host.equals("::") || host.equals("0:0:0:0:0:0:0:0")) {
            host = "::1";
        }
        this.base = URI.create(new PidFile.AdminEndpoint(host, endpoint.port(), endpoint.token()).url());
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** Where requests go, e.g. {@code 127.0.0.1:40123}, for messages. */
    String address() {
        return base.getHost() + ":" + base.getPort();
    }

    /**
     * One admin command as the line protocol answered it: the first line starts with {@code OK}
     * or {@code ERROR}. {@code status} is {@code GET /status?format=text} ({@code OK} then the
     * table), {@code reload} {@code POST /reload} ({@code OK <summary>}), {@code stop}
     * {@code POST /stop} ({@code OK stopping}).
     */
    String send(String command, Duration timeout) throws IOException {
        Answer answer = switch (command) {
            case "status" -> get("/status?format=text", false, timeout);
            case "reload" -> post("/reload", timeout);
            case "stop" -> post("/stop", timeout);
            default -> throw new IllegalArgumentException("unknown admin command '" + command + "'");
        };
        if (answer.status() / 100 != 2) {
            return "ERROR " + answer.error() + "\n";
        }
        return switch (command) {
            case "status" -> "OK\n" + answer.body();
            default -> "OK " + field(answer.body(), "result").orElse(answer.body()) + "\n";
        };
    }

    /** {@code GET path}, with the token if {@code token}. */
    Answer get(String path, boolean token, Duration timeout) throws IOException {
        return exchange(request(path, timeout, token).GET().build());
    }

    /** {@code POST path} with the token and no body. */
    Answer post(String path, Duration timeout) throws IOException {
        return exchange(request(path, timeout, true).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private HttpRequest.Builder request(String path, Duration timeout, boolean token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout);
        if (token) {
            request.header("Authorization", "Bearer " + endpoint.token());
        }
        return request;
    }

    private Answer exchange(HttpRequest request) throws IOException {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(response.statusCode(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + request.method() + " " + request.uri(), e);
        }
    }

    /**
     * The string value of a top-level {@code name} in a flat JSON object the admin endpoint wrote,
     * unescaped; empty if absent.
     */
    static Optional<String> field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
        if (!matcher.find()) {
            return Optional.empty();
        }
        String escaped = matcher.group(1);
        StringBuilder out = new StringBuilder(escaped.length());
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            if (c != '\\' || i + 1 == escaped.length()) {
                out.append(c);
                continue;
            }
            char next = escaped.charAt(++i);
            switch (next) {
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    if (i + 4 < escaped.length()) {
                        out.append((char) Integer.parseInt(escaped.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                }
                default -> out.append(next);
            }
        }
        return Optional.of(out.toString());
    }

    /** The status code and body of one answer. */
    record Answer(int status, String body) {

        /** The error message of an error answer ({@code {"error":"..."}}), else {@code HTTP <status>}. */
        String error() {
            return field(body, "error").orElse("HTTP " + status);
        }
    }
}
