package io.fastd.bench.e2e;

import io.fastd.kernel.Application;
import io.fastd.kernel.server.Server;
import io.fastd.kernel.server.api.Protocol;
import io.vertx.core.Vertx;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A load-test server in its own JVM:
 * {@code ServerMain netty|nettyepoll|kernel|kernelbase|kernelbasenio|kernelraw|kernelrawbase|kernelr<N>|hikari|vertx|constant
 * W dbHost dbPort httpPort udpPort} ({@code kernelr<N>}: process mode with {@code server.reactor_num=N}). {@code httpPort} is used by netty, nettyepoll and vertx,
 * {@code udpPort} by vertx only (its W sockets must agree on one port before binding); the others
 * bind ephemeral ports. Prints {@code LISTENING http=<port> udp=<port>} once it serves, then runs
 * until its standard input is closed.
 */
public final class ServerMain {

    private ServerMain() {
    }

    public static void main(String[] args) throws Exception {
        String contestant = args[0];
        int workers = Integer.parseInt(args[1]);
        String host = args[2];
        int port = Integer.parseInt(args[3]);
        int httpPort = Integer.parseInt(args[4]);
        int udpPort = Integer.parseInt(args[5]);
        Runnable stop;
        String listening;
        if (contestant.equals("vertx")) {
            Vertx vertx = VertxWorld.start(workers, host, port, httpPort, udpPort);
            listening = "LISTENING http=" + httpPort + " udp=" + udpPort;
            // wait, so that every verticle's stop() reports before System.exit
            stop = () -> vertx.close().toCompletionStage().toCompletableFuture().orTimeout(20, TimeUnit.SECONDS).join();
        } else if (contestant.equals("netty") || contestant.equals("nettyepoll")) {
            NettyHikariWorld netty = NettyHikariWorld.start(contestant.equals("nettyepoll"), workers, host, port, httpPort);
            listening = "LISTENING http=" + httpPort + " udp=" + netty.udpPort();
            stop = netty::stop;
        } else {
            Application app = switch (contestant) {
                case "kernel" -> Apps.kernel(workers, 1, host, port);
                case "kernelbase" -> Apps.kernel(workers, 1, host, port, KernelWorldHandler.class, "base");
                case "kernelbasenio" -> Apps.kernel(workers, 1, host, port, KernelWorldHandler.class, "base", "nio");
                case "kernelraw" -> Apps.kernel(workers, 1, host, port, KernelRawWorldHandler.class);
                case "kernelrawbase" -> Apps.kernel(workers, 1, host, port, KernelRawWorldHandler.class, "base");
                case "hikari" -> Apps.hikari(workers, host, port);
                case "constant" -> Apps.constant(workers);
                default -> {
                    if (!contestant.matches("kernelr[1-9][0-9]?")) {
                        throw new IllegalArgumentException(contestant);
                    }
                    yield Apps.kernelWithReactors(workers, host, port, Integer.parseInt(contestant.substring(7)));
                }
            };
            Server server = new Server(app, new PrintStream(OutputStream.nullOutputStream()));
            server.start();
            if (!server.awaitReady(Duration.ofSeconds(60))) {
                throw new IllegalStateException("server not ready");
            }
            listening = "LISTENING http=" + server.port(Protocol.HTTP).orElseThrow() + " udp="
                    + server.port(Protocol.UDP).orElseThrow();
            stop = server::stop;
        }
        System.out.println(listening);
        System.out.flush();
        while (System.in.read() >= 0) {
            // run until the harness closes our stdin
        }
        stop.run();
        System.exit(0);
    }
}
