package io.fastd.kernel.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fastd.kernel.config.Config;
import io.fastd.kernel.config.ConfigException;
import io.fastd.kernel.server.api.HttpRequest;
import io.fastd.kernel.server.api.HttpResponse;
import io.fastd.kernel.server.api.Protocol;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerSettingsTest {

    @Test
    void theAdminEndpointIsALoopbackHttpUrlByDefaultAndOnlyHttp() {
        assertThat(ServerSettings.from(Config.of(Map.of(), "test"), "fast-d").admin())
                .isEqualTo(ListenUrl.parse("http://127.0.0.1:0"));
        assertThat(ServerSettings.from(Config.of(Map.of("server.admin", "http://0.0.0.0:9529"), "test"), "fast-d").admin())
                .satisfies(url -> assertThat(url.host()).isEqualTo("0.0.0.0"))
                .satisfies(url -> assertThat(url.port()).isEqualTo(9529));

        Config bad = Config.of(Map.of("server.admin", "tcp://127.0.0.1:9529"), "file /etc/app/server.yml");
        assertThatThrownBy(() -> ServerSettings.from(bad, "fast-d")).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly("server.admin: 'tcp://127.0.0.1:9529'"
                        + " has scheme 'tcp'; the admin endpoint speaks http only (e.g. http://127.0.0.1:0)"
                        + " (from file /etc/app/server.yml)"));
        Config port = Config.of(Map.of("server.admin", "http://127.0.0.1:65536"), "file /etc/app/server.yml");
        assertThatThrownBy(() -> ServerSettings.from(port, "fast-d")).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(
                        "server.admin: port must lie in [0, 65535]: 65536 (from file /etc/app/server.yml)"));
    }

    @Test
    void defaultsFollowFastDButForTheServerMode() {
        ServerSettings settings = ServerSettings.from(Config.of(Map.of(), "test"), "fast-d");

        assertThat(settings.listeners()).extracting(ListenUrl::url).containsExactly("http://0.0.0.0:9527");
        assertThat(settings.workerNum()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(settings.taskWorkerNum()).isZero();
        Path pidFile = DefaultPidFile.choose("fast-d", System.getenv(), System.getProperty("user.name"), Path.of("/run"));
        assertThat(settings.pidFile()).isEqualTo(pidFile);
        assertThat(pidFile.startsWith("/tmp")).isFalse();
        assertThat(settings.adminFile()).isEqualTo(pidFile.resolveSibling("fast-d.pid.admin"));
        assertThat(settings.maxRequest()).isZero();
        assertThat(settings.maxPayload()).isEqualTo(1 << 20);
        assertThat(settings.queueSize()).isEqualTo(1024);
        assertThat(settings.readTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.shutdownTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.mode()).isEqualTo(ServerMode.BASE); // FastD's Swoole defaults to process: see ServerMode
        assertThat(settings.dispatchMode()).isEqualTo(DispatchMode.ROUND_ROBIN);
        assertThat(settings.restartBackoff()).isEqualTo(Duration.ofMillis(100));
        assertThat(settings.restartBackoffMax()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.maxPipelined()).isEqualTo(16);
        assertThat(settings.headerTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.bodyTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.maxConnections()).isEqualTo(10_000);
    }

    @Test
    void theConnectionLimitsAreCheckedTogether() {
        Config config = Config.of(Map.of("server.max_pipelined", "0", "server.max_connections", "many",
                "server.header_timeout", "0s", "server.body_timeout", "soon"), "server.yml");

        assertThatThrownBy(() -> ServerSettings.from(config, "fast-d")).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(4))
                .hasMessageContaining("server.max_pipelined")
                .hasMessageContaining("server.max_connections")
                .hasMessageContaining("server.header_timeout: '0s' is not a duration longer than 0 (from server.yml)")
                .hasMessageContaining("server.body_timeout");
    }

    @Test
    void everyBadKeyIsReportedTogether() {
        Config config = Config.of(Map.of("server.host", "ftp://0.0.0.0:21?mode=x", "server.listeners", "udp://nohost",
                "server.worker_num", "0", "server.dispatch_mode", "random"), "server.yml");

        assertThatThrownBy(() -> ServerSettings.from(config, "fast-d")).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(4))
                .hasMessageContaining("'ftp://0.0.0.0:21?mode=x' has query 'mode=x'; a listen URL takes only handler=NAME")
                .hasMessageContaining("'udp://nohost' is not a listen URL")
                .hasMessageContaining("server.worker_num")
                .hasMessageContaining("'random' is not a dispatch mode");
    }

    @Test
    void baseModeIsReadAndAnUnknownModeNamesTheChoices() {
        assertThat(ServerSettings.from(Config.of(Map.of("server.mode", " BASE "), "test"), "fast-d").mode())
                .isEqualTo(ServerMode.BASE);

        assertThatThrownBy(() -> ServerSettings.from(Config.of(Map.of("server.mode", "fork"), "server.yml"), "fast-d"))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems())
                        .containsExactly("server.mode: 'fork' is not a server mode; use process or base (from server.yml)"));
    }

    @Test
    void aMistypedModeAndPayloadFromSystemPropertiesNameTheProperties() {
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("server.mode", "bsae");
        properties.setProperty("server.max_payload", "2GiB");
        Config config = new io.fastd.kernel.config.ConfigLoader().environment(Map.of()).systemProperties(properties).load();

        assertThatThrownBy(() -> ServerSettings.from(config, "fast-d")).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(
                        "server.max_payload: '2GiB' is not a size from 1 to 2147483639 bytes"
                                + " (from system property -Dserver.max_payload)",
                        "server.mode: 'bsae' is not a server mode; use process or base (from system property -Dserver.mode)"));
    }

    @Test
    void thePayloadLimitTakesASize() {
        assertThat(ServerSettings.from(Config.of(Map.of("server.max_payload", "64KiB"), "test"), "fast-d").maxPayload())
                .isEqualTo(65536);
    }

    @Test
    void theTransportIsEpollWhereItLoadsUnlessNioIsAskedForAndAnUnknownOneNamesTheChoices() {
        assertThat(ServerSettings.from(Config.of(Map.of(), "test"), "fast-d").transport())
                .isEqualTo(io.netty.channel.epoll.Epoll.isAvailable() ? Transport.EPOLL : Transport.NIO);
        assertThat(ServerSettings.from(Config.of(Map.of("server.transport", "NIO"), "test"), "fast-d").transport())
                .isEqualTo(Transport.NIO);

        assertThatThrownBy(() -> ServerSettings.from(Config.of(Map.of("server.transport", "io_uring"), "server.yml"),
                "fast-d")).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems())
                        .containsExactly("server.transport: 'io_uring' is not a transport; use auto, nio or epoll (from server.yml)"));
    }

    @Test
    void baseModeRefusesAnExplicitRoundRobinButTakesConnectionDispatch() {
        Config roundRobin = Config.of(Map.of("server.mode", "base", "server.dispatch_mode", "round_robin"),
                "file /etc/app/server.yml");

        assertThatThrownBy(() -> ServerSettings.from(roundRobin, "fast-d")).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(
                        "server.dispatch_mode: round_robin cannot apply with server.mode=base, where every connection"
                                + " and UDP sender stays on the worker that reads it; remove the key or set"
                                + " server.mode=process (from file /etc/app/server.yml)"));
        assertThat(ServerSettings.from(Config.of(Map.of("server.mode", "base", "server.dispatch_mode", "connection"),
                "test"), "fast-d").dispatchMode()).isEqualTo(DispatchMode.CONNECTION);
    }

    @Test
    void roundRobinWithoutAModeNamesBaseAsTheDefaultAndProcessModeTakesIt() {
        Config roundRobin = Config.of(Map.of("server.dispatch_mode", "round_robin"), "file /etc/app/server.yml");

        assertThatThrownBy(() -> ServerSettings.from(roundRobin, "fast-d")).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(
                        "server.dispatch_mode: round_robin cannot apply with server.mode=base (the default), where"
                                + " every connection and UDP sender stays on the worker that reads it; remove the key or"
                                + " set server.mode=process (from file /etc/app/server.yml)"));
        ServerSettings process = ServerSettings.from(Config.of(Map.of("server.mode", "process",
                "server.dispatch_mode", "round_robin"), "test"), "fast-d");
        assertThat(process.mode()).isEqualTo(ServerMode.PROCESS);
        assertThat(process.dispatchMode()).isEqualTo(DispatchMode.ROUND_ROBIN);
    }

    @Test
    void processModeTakesAReactorCountThatDefaultsToAQuarterOfTheCores() {
        ServerSettings four = ServerSettings.from(Config.of(Map.of("server.mode", "process", "server.reactor_num", "4"),
                "test"), "fast-d");
        ServerSettings byDefault = ServerSettings.from(Config.of(Map.of("server.mode", "process"), "test"), "fast-d");

        assertThat(four.reactorNum()).isEqualTo(4);
        assertThat(byDefault.reactorNum()).isEqualTo(ServerSettings.reactorsFor(Runtime.getRuntime().availableProcessors()));
        assertThat(java.util.stream.IntStream.of(1, 2, 3, 4, 7, 8, 16, 64).map(ServerSettings::reactorsFor).toArray())
                .containsExactly(1, 1, 1, 1, 1, 2, 4, 16);
    }

    @Test
    void baseModeRefusesAReactorCountNamingTheDefaultModeAndTheSource() {
        Config explicit = Config.of(Map.of("server.mode", "base", "server.reactor_num", "2"), "file /etc/app/server.yml");
        Config byDefault = Config.of(Map.of("server.reactor_num", "3"), "system property -Dserver.reactor_num");

        assertThatThrownBy(() -> ServerSettings.from(explicit, "fast-d")).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(
                        "server.reactor_num: applies to server.mode=process only; with server.mode=base each worker"
                                + " reads its own connections; remove the key or set server.mode=process (from file"
                                + " /etc/app/server.yml)"));
        assertThatThrownBy(() -> ServerSettings.from(byDefault, "fast-d")).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(
                        "server.reactor_num: applies to server.mode=process only; with server.mode=base (the default)"
                                + " each worker reads its own connections; remove the key or set server.mode=process"
                                + " (from system property -Dserver.reactor_num)"));
        assertThatThrownBy(() -> ServerSettings.from(Config.of(Map.of("server.mode", "process", "server.reactor_num", "0"),
                "file server.yml"), "fast-d")).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(
                        "server.reactor_num: '0' is not an integer from 1 to 1024 (from file server.yml)"));
        assertThat(ServerSettings.from(Config.of(Map.of(), "test"), "fast-d").reactorNum()).isEqualTo(1);
    }

    @Test
    void aBadListenUrlNamesItsKeyAndSource() {
        Config config = Config.of(Map.of("server.host", "udp://127.0.0.1:70000", "server.listeners", "http://127.0.0.1:0, tcp://x"),
                "file /etc/app/server.yml");

        assertThatThrownBy(() -> ServerSettings.from(config, "fast-d")).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).satisfiesExactly(
                        first -> assertThat(first).isEqualTo(
                                "server.host: port must lie in [0, 65535]: 70000 (from file /etc/app/server.yml)"),
                        second -> assertThat(second).startsWith("server.listeners: 'tcp://x' is not a listen URL")
                                .endsWith(" (from file /etc/app/server.yml)")));
    }

    @Test
    void listenUrlsParseIpv6AndShowTheBoundPort() {
        ListenUrl url = ListenUrl.parse("tcp://[::1]:0");
        assertThat(url.scheme()).isEqualTo(Protocol.TCP.scheme());
        assertThat(url.host()).isEqualTo("::1");
        assertThat(url.handler()).isEmpty();
        assertThat(url.withPort(9000)).isEqualTo("tcp://[::1]:9000");
    }

    @Test
    void aListenUrlMayNameItsHandlerAndAnyScheme() {
        ListenUrl url = ListenUrl.parse("LINE://127.0.0.1:0?handler=admin-v2");
        assertThat(url.scheme()).isEqualTo("line");
        assertThat(url.handler()).hasValue("admin-v2");
        assertThat(url.withPort(7000)).isEqualTo("line://127.0.0.1:7000?handler=admin-v2");
        assertThatThrownBy(() -> ListenUrl.parse("http://127.0.0.1:0?handler=a&x=1"))
                .hasMessage("'http://127.0.0.1:0?handler=a&x=1' has query 'handler=a&x=1'; a listen URL takes only handler=NAME");
        assertThatThrownBy(() -> ListenUrl.parse("http://127.0.0.1:0?handler="))
                .hasMessage("'http://127.0.0.1:0?handler=' names handler ''; a handler name is letters, digits, '_', '.' or '-'");
        assertThatThrownBy(() -> ListenUrl.parse("http://127.0.0.1:0/api"))
                .hasMessage("'http://127.0.0.1:0/api' has path '/api'; a listen URL has none (udp://0.0.0.0:9527?handler=NAME)");
    }

    @Test
    void httpValuesAreImmutableAndErrorsAreJson() {
        byte[] body = {1, 2};
        HttpRequest request = new HttpRequest("GET", "/", Map.of("a", java.util.List.of("1")),
                Map.of("X-Test", java.util.List.of("v")), body);
        body[0] = 9;
        assertThat(request.body()[0]).isEqualTo((byte) 1);
        assertThat(request.header("x-test")).hasValue("v");
        assertThat(request.queryParam("a")).hasValue("1");
        assertThat(HttpResponse.error(500, "say \"hi\"\n").bodyText()).isEqualTo("{\"error\": \"say \\\"hi\\\"\\n\"}");
        assertThatThrownBy(() -> HttpResponse.text(99, "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
