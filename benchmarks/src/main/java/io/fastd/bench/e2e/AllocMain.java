package io.fastd.bench.e2e;

import io.fastd.kernel.server.Server;
import io.fastd.kernel.server.api.Protocol;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-request allocation of the kernel's own dispatch, excluding any driver: a server with one
 * worker and a {@link ConstantHandler} (no pools, returns a shared constant), loaded over loopback
 * by one client thread of this JVM, one request at a time. Bytes allocated per request are read from
 * {@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes} for every server thread (the
 * client's own thread excluded), grouped by thread name: the worker thread ({@code fastd-worker-*},
 * dequeue, clock tick, handler call) and the network threads (Netty decode, job, encode).
 * In base mode ({@code server.mode=base}) the worker is the event loop, so everything but the
 * acceptor counts as the worker's. Usage: {@code AllocMain [requests] [process|base]}.
 */
public final class AllocMain {

    private AllocMain() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        String mode = args.length > 1 ? args[1] : "process";
        Server server = new Server(Apps.constant(1, mode), new PrintStream(OutputStream.nullOutputStream()));
        server.start();
        server.awaitReady(Duration.ofSeconds(30));
        int udpPort = server.port(Protocol.UDP).orElseThrow();
        int httpPort = server.port(Protocol.HTTP).orElseThrow();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
             Socket http = new Socket("127.0.0.1", httpPort)) {
            udp.connect(new InetSocketAddress("127.0.0.1", udpPort));
            udp.setSoTimeout(2000);
            http.setTcpNoDelay(true);
            http.setSoTimeout(2000);
            for (String protocol : new String[] {"udp", "http"}) {
                Runnable one = protocol.equals("udp") ? () -> udpRequest(udp) : () -> httpRequest(http);
                for (int i = 0; i < requests; i++) {
                    one.run(); // warm-up
                }
                Map<Long, Long> before = snapshot(threads);
                for (int i = 0; i < requests; i++) {
                    one.run();
                }
                Map<Long, Long> after = snapshot(threads);
                Map<String, Long> byGroup = new TreeMap<>();
                long self = Thread.currentThread().getId();
                for (Map.Entry<Long, Long> e : after.entrySet()) {
                    if (e.getKey() == self) {
                        continue;
                    }
                    long delta = e.getValue() - before.getOrDefault(e.getKey(), 0L);
                    var info = threads.getThreadInfo(e.getKey());
                    String name = info == null ? "gone" : info.getThreadName();
                    String group = name.startsWith("fastd-worker") ? "worker" : "network+other";
                    byGroup.merge(group, delta, Long::sum);
                }
                long total = byGroup.values().stream().mapToLong(Long::longValue).sum();
                System.out.printf("ALLOC mode=%s protocol=%s requests=%d worker_B_per_req=%.1f network_other_B_per_req=%.1f"
                                + " total_B_per_req=%.1f%n", mode, protocol, requests,
                        byGroup.getOrDefault("worker", 0L) / (double) requests,
                        byGroup.getOrDefault("network+other", 0L) / (double) requests, total / (double) requests);
            }
        } finally {
            server.stop();
        }
        System.exit(0);
    }

    private static Map<Long, Long> snapshot(com.sun.management.ThreadMXBean threads) {
        long[] ids = threads.getAllThreadIds();
        long[] bytes = threads.getThreadAllocatedBytes(ids);
        Map<Long, Long> map = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (bytes[i] >= 0) {
                map.put(ids[i], bytes[i]);
            }
        }
        return map;
    }

    private static final byte[] UDP_REQUEST = {'q'};
    private static final byte[] UDP_BUFFER = new byte[64];
    private static final byte[] HTTP_REQUEST = "GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HTTP_BUFFER = new byte[4096];

    private static void udpRequest(DatagramSocket socket) {
        try {
            socket.send(new DatagramPacket(UDP_REQUEST, 1));
            socket.receive(new DatagramPacket(UDP_BUFFER, UDP_BUFFER.length));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** One keep-alive request; reads until the headers end and the Content-Length body arrived. */
    private static void httpRequest(Socket socket) {
        try {
            socket.getOutputStream().write(HTTP_REQUEST);
            InputStream in = socket.getInputStream();
            int have = 0;
            int headerEnd = -1;
            int length = -1;
            while (true) {
                int n = in.read(HTTP_BUFFER, have, HTTP_BUFFER.length - have);
                if (n < 0) {
                    throw new java.io.EOFException("server closed the connection");
                }
                have += n;
                if (headerEnd < 0) {
                    String text = new String(HTTP_BUFFER, 0, have, StandardCharsets.US_ASCII);
                    headerEnd = text.indexOf("\r\n\r\n");
                    if (headerEnd >= 0) {
                        int at = text.toLowerCase(java.util.Locale.ROOT).indexOf("content-length:");
                        length = Integer.parseInt(text.substring(at + 15, text.indexOf("\r\n", at)).trim());
                    }
                }
                if (headerEnd >= 0 && have >= headerEnd + 4 + length) {
                    return;
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
