package io.fastd.kernel.server.internal.admin;

import static java.util.Objects.requireNonNull;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.string.StringDecoder;
import io.netty.handler.codec.string.StringEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin channel (127.0.0.1 only): one line {@code <token> <command>} in, text out, then the
 * connection closes. The first line of every answer is {@code OK...} or {@code ERROR...}.
 * Commands: {@code identify} ({@code OK <pid> <nonce>}: the identity the admin file records, so
 * the command line knows it talks to that server), {@code status} (the status table), {@code reload} (answers when the rolling reload
 * is done), {@code stop} (answers at once, then stops gracefully).
 */
public final class AdminHandler extends SimpleChannelInboundHandler<String> {

    private static final Logger log = LoggerFactory.getLogger(AdminHandler.class);

    private final AdminTarget server;
    private final String token;

    AdminHandler(AdminTarget server, String token) {
        this.server = requireNonNull(server, "server is null");
        this.token = requireNonNull(token, "token is null");
    }

    /** The admin channel's pipeline: lines of at most 1 KiB in, text out. */
    public static ChannelInitializer<SocketChannel> initializer(AdminTarget server, String token) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                channel.pipeline().addLast(new LineBasedFrameDecoder(1024));
                channel.pipeline().addLast(new StringDecoder(StandardCharsets.UTF_8));
                channel.pipeline().addLast(new StringEncoder(StandardCharsets.UTF_8));
                channel.pipeline().addLast(new AdminHandler(server, token));
            }
        };
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, String line) {
        String[] parts = line.trim().split("\\s+", 2);
        if (parts.length < 2 || !MessageDigest.isEqual(parts[0].getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8))) {
            answer(ctx, "ERROR unauthorized: the first word must be the token from the admin file\n");
            return;
        }
        String command = parts[1].trim();
        if (!command.equals("identify")) {
            log.info("admin command: {}", command);
        }
        switch (command) {
            case "identify" -> answer(ctx, "OK " + server.pid() + " " + server.nonce() + "\n");
            case "status" -> answer(ctx, "OK\n" + server.statusText());
            case "reload" -> server.reload().whenComplete((summary, error) -> answer(ctx, error == null
                    ? "OK " + summary + "\n" : "ERROR " + (error.getCause() != null ? error.getCause() : error).getMessage() + "\n"));
            case "stop" -> {
                answer(ctx, "OK stopping\n");
                Thread stopper = new Thread(server::stop, "fastd-stop");
                stopper.start();
            }
            default -> answer(ctx, "ERROR unknown command '" + command + "'; use identify, status, reload or stop\n");
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("admin connection: {}", cause.toString());
        ctx.close();
    }

    private static void answer(ChannelHandlerContext ctx, String text) {
        ctx.writeAndFlush(text).addListener(ChannelFutureListener.CLOSE);
    }
}
