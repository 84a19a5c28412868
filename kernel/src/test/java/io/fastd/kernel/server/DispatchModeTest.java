package io.fastd.kernel.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.fastd.kernel.server.api.Protocol;
import io.fastd.kernel.testing.Loopback;
import io.fastd.kernel.testing.RawHttp;
import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The two dispatch modes over real loopback sockets: per request, or per connection / sender. */
@Timeout(60)
class DispatchModeTest {

    @TempDir
    Path dir;

    private final Probe probe = new Probe();
    private Server server;

    @AfterEach
    void stop() {
        server.stop();
        assertThat(probe.open).hasValue(0);
    }

    private void start(String mode) {
        server = Harness.server(Harness.app(Harness.config(dir, "http://127.0.0.1:0",
                "server.worker_num", "3",
                "server.listeners", "udp://127.0.0.1:0",
                "server.mode", "process", "server.dispatch_mode", mode), Harness.module(probe, false)), new ByteArrayOutputStream()).start();
    }

    private static String worker(String answer) {
        return answer.substring(answer.indexOf("worker=") + "worker=".length()).split(" ")[0];
    }

    private Set<String> workersOfOneKeepAliveConnection(int requests) throws Exception {
        Set<String> workers = new HashSet<>();
        try (var http = new RawHttp(server.port(Protocol.HTTP).orElseThrow())) {
            for (int i = 0; i < requests; i++) {
                http.write("GET /r" + i + " HTTP/1.1\r\nHost: x\r\n\r\n");
                String response = http.readResponse();
                assertThat(response).startsWith("200\n");
                workers.add(worker(response));
            }
        }
        return workers;
    }

    private Set<String> workersOfOneUdpSender(int datagrams) throws Exception {
        Set<String> workers = new HashSet<>();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            socket.setSoTimeout(5_000);
            InetSocketAddress target = new InetSocketAddress("127.0.0.1", server.port(Protocol.UDP).orElseThrow());
            for (int i = 0; i < datagrams; i++) {
                byte[] data = ("d" + i).getBytes(StandardCharsets.UTF_8);
                socket.send(new DatagramPacket(data, data.length, target));
                DatagramPacket reply = new DatagramPacket(new byte[512], 512);
                socket.receive(reply);
                workers.add(worker(new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8)));
            }
        }
        return workers;
    }

    @Test
    void roundRobinSpreadsTheRequestsOfOneConnectionAndOneSender() throws Exception {
        start("round_robin");

        assertThat(workersOfOneKeepAliveConnection(6)).hasSize(3);
        assertThat(workersOfOneUdpSender(6)).hasSize(3);
    }

    @Test
    void connectionModeKeepsAConnectionAndASenderOnOneWorker() throws Exception {
        start("connection");

        assertThat(workersOfOneKeepAliveConnection(6)).hasSize(1);
        assertThat(workersOfOneUdpSender(6)).hasSize(1);
        Set<String> acrossConnections = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            acrossConnections.addAll(workersOfOneKeepAliveConnection(1));
        }
        assertThat(acrossConnections).as("new connections still spread over the workers").hasSizeGreaterThan(1);
    }
}
