package io.fastd.kernel.server;

import static java.util.Objects.requireNonNull;

import io.fastd.kernel.server.internal.admin.AdminTarget;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.CompletableFuture;

/** The running server as its admin endpoint sees it. */
final class ServerAdmin implements AdminTarget {

    private final Server server;
    private final PrometheusMeterRegistry registry;

    /** {@code registry}: the application's, whose scrape {@code GET /metrics} answers. */
    ServerAdmin(Server server, PrometheusMeterRegistry registry) {
        this.server = requireNonNull(server, "server is null");
        this.registry = requireNonNull(registry, "registry is null");
    }

    @Override
    public long pid() {
        return server.pid();
    }

    @Override
    public String nonce() {
        return server.nonce();
    }

    @Override
    public String statusText() {
        return server.status().render();
    }

    @Override
    public String statusJson() {
        return StatusJson.status(server.status());
    }

    @Override
    public Readiness readiness() {
        ServerStatus status = server.status();
        return new Readiness(StatusJson.ready(status), StatusJson.readiness(status));
    }

    @Override
    public String metrics() {
        return registry.scrape();
    }

    @Override
    public CompletableFuture<String> reload() {
        return server.reload();
    }

    @Override
    public void stop() {
        server.stop();
    }
}
