package io.fastd.kernel.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** Loopback exchanges for tests, shared through the kernel's test jar. */
public final class Loopback {

    private Loopback() {
    }

    /** Sends one datagram to 127.0.0.1:{@code port} and returns the reply, or null if none came within {@code waitMillis}. */
    public static String udp(int port, byte[] data, int waitMillis) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            socket.setSoTimeout(waitMillis);
            socket.send(new DatagramPacket(data, data.length, new InetSocketAddress("127.0.0.1", port)));
            byte[] buffer = new byte[65_536];
            DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(reply);
            } catch (SocketTimeoutException e) {
                return null;
            }
            return new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8);
        }
    }
}
