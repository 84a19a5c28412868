package io.fastd.bench.e2e;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.mysqlclient.MySQLConnectOptions;
import io.vertx.mysqlclient.MySQLConnection;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Contestant (c): Vert.x with its reactive MySQL client. W event loops, W verticle instances
 * sharing one HTTP port and one UDP port, each with exactly one MySQL connection (prepared
 * statements cached) that serves both its HTTP requests and its datagrams. Runs on the native epoll
 * transport: the W UDP sockets share their port through SO_REUSEPORT, which Vert.x sets only there.
 */
final class VertxWorld extends AbstractVerticle {

    private final MySQLConnectOptions options;
    private final int httpPort;
    private final int udpPort;
    private final int instance;
    private MySQLConnection connection;
    private String eventLoop;
    private long datagrams; // answered by this instance; only touched on its event loop

    VertxWorld(MySQLConnectOptions options, int httpPort, int udpPort, int instance) {
        this.options = options;
        this.httpPort = httpPort;
        this.udpPort = udpPort;
        this.instance = instance;
    }

    static Vertx start(int workers, String host, int port, int httpPort, int udpPort) throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(workers).setPreferNativeTransport(true));
        if (!vertx.isNativeTransportEnabled()) {
            // On the JDK transport reusePort is ignored: one socket would bind and the other W-1 fail.
            Throwable cause = vertx.unavailableNativeTransportCause();
            vertx.close();
            throw new IllegalStateException("Vert.x native transport unavailable, needed for SO_REUSEPORT", cause);
        }
        MySQLConnectOptions options = new MySQLConnectOptions().setHost(host).setPort(port).setUser(World.user())
                .setPassword(World.password()).setDatabase(World.DATABASE).setCachePreparedStatements(true);
        CompletableFuture<String> deployed = new CompletableFuture<>();
        AtomicInteger instances = new AtomicInteger();
        vertx.deployVerticle(() -> new VertxWorld(options, httpPort, udpPort, instances.getAndIncrement()),
                        new DeploymentOptions().setInstances(workers))
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        deployed.complete(ar.result());
                    } else {
                        deployed.completeExceptionally(ar.cause());
                    }
                });
        deployed.get(60, TimeUnit.SECONDS);
        return vertx;
    }

    @Override
    public void start(Promise<Void> started) {
        eventLoop = Thread.currentThread().getName();
        MySQLConnection.connect(vertx, options).compose(conn -> {
            connection = conn;
            Future<?> http = vertx.createHttpServer().requestHandler(request -> {
                int id = World.randomId();
                connection.preparedQuery(World.SQL).execute(Tuple.of(id)).onComplete(ar -> {
                    if (ar.succeeded() && ar.result().iterator().hasNext()) {
                        Row row = ar.result().iterator().next();
                        request.response().putHeader("Content-Type", "application/json")
                                .end(World.json(row.getInteger(0), row.getInteger(1)));
                    } else {
                        request.response().setStatusCode(500).end();
                    }
                });
            }).listen(httpPort, "127.0.0.1");
            DatagramSocket udp = vertx.createDatagramSocket(new DatagramSocketOptions().setReusePort(true));
            udp.handler(packet -> {
                SocketAddress sender = packet.sender();
                connection.preparedQuery(World.SQL).execute(Tuple.of(World.randomId())).onComplete(ar -> {
                    // no reply on failure: the client counts the timeout as an error
                    if (ar.succeeded() && ar.result().iterator().hasNext()) {
                        Row row = ar.result().iterator().next();
                        datagrams++;
                        udp.send(World.json(row.getInteger(0), row.getInteger(1)), sender.port(), sender.host());
                    }
                });
            });
            return Future.all(http, udp.listen(udpPort, "127.0.0.1"));
        }).<Void>mapEmpty().onComplete(started);
    }

    /** Shows that SO_REUSEPORT spread the datagrams over every instance. */
    @Override
    public void stop() {
        System.err.println("vertx instance " + instance + " on " + eventLoop + ": " + datagrams + " datagrams answered");
    }
}
