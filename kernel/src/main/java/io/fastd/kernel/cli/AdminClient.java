package io.fastd.kernel.cli;

import static java.util.Objects.requireNonNull;

import io.fastd.kernel.server.internal.admin.PidFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Sends one admin command to a running server (127.0.0.1, port and token from the admin file). */
final class AdminClient {

    private final PidFile.AdminEndpoint endpoint;

    AdminClient(PidFile.AdminEndpoint endpoint) {
        this.endpoint = requireNonNull(endpoint, "endpoint is null");
    }

    /** The server's whole answer; its first line starts with {@code OK} or {@code ERROR}. */
    String send(String command, Duration timeout) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", endpoint.port()), 5000);
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            OutputStream out = socket.getOutputStream();
            out.write((endpoint.token() + " " + command + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
