package io.fastd.kernel.server.lineproto;

import io.fastd.kernel.server.api.BadRequestException;
import io.fastd.kernel.server.api.protocol.ListenerContext;
import io.fastd.kernel.server.api.protocol.ListenerProtocol;
import io.fastd.kernel.server.api.protocol.WorkerCall;
import io.netty.channel.Channel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.string.StringDecoder;
import io.netty.handler.codec.string.StringEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A protocol as a provider adds one, through the API only: {@code line://}, newline-delimited
 * UTF-8 text, one answer line per line, {@code ERROR ...} for a failure or a refusal.
 */
public final class LineProtocol implements ListenerProtocol<LineHandler> {

    private final String scheme;

    /** {@code line://}. */
    public LineProtocol() {
        this("line");
    }

    /** The same protocol under another scheme. */
    public LineProtocol(String scheme) {
        this.scheme = scheme;
    }

    @Override
    public String scheme() {
        return scheme;
    }

    @Override
    public boolean datagram() {
        return false;
    }

    @Override
    public Class<LineHandler> handlerType() {
        return LineHandler.class;
    }

    @Override
    public void initialize(Channel channel, ListenerContext<LineHandler> context) {
        channel.pipeline().addLast(new LineBasedFrameDecoder(context.settings().maxPayload()),
                new StringDecoder(StandardCharsets.UTF_8), new StringEncoder(StandardCharsets.UTF_8),
                context.handOff(String.class, new WorkerCall<LineHandler, String>() {
                    @Override
                    public Object call(LineHandler handler, String line) throws Exception {
                        return handler.onLine(line) + "\n";
                    }

                    @Override
                    public Object failed(String line, Throwable error) {
                        return error instanceof BadRequestException ? "ERROR bad request\n" : "ERROR internal error\n";
                    }

                    @Override
                    public Object rejected(String line, String reason) {
                        return "ERROR " + reason + "\n";
                    }
                }));
    }
}
