package io.fastd.bench.e2e;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.mysqlclient.MySQLConnectOptions;
import io.vertx.mysqlclient.MySQLConnection;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Contestant (c): Vert.x with its reactive MySQL client. W event loops, W verticle instances
 * sharing one HTTP port, each with exactly one MySQL connection (prepared statements cached).
 */
final class VertxWorld extends AbstractVerticle {

    private final MySQLConnectOptions options;
    private final int httpPort;
    private MySQLConnection connection;

    VertxWorld(MySQLConnectOptions options, int httpPort) {
        this.options = options;
        this.httpPort = httpPort;
    }

    static Vertx start(int workers, String host, int port, int httpPort) throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(workers));
        MySQLConnectOptions options = new MySQLConnectOptions().setHost(host).setPort(port).setUser("root")
                .setPassword("").setDatabase(World.DATABASE).setCachePreparedStatements(true);
        CompletableFuture<String> deployed = new CompletableFuture<>();
        vertx.deployVerticle(() -> new VertxWorld(options, httpPort), new DeploymentOptions().setInstances(workers))
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
        MySQLConnection.connect(vertx, options).compose(conn -> {
            connection = conn;
            return vertx.createHttpServer().requestHandler(request -> {
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
        }).<Void>mapEmpty().onComplete(started);
    }
}
