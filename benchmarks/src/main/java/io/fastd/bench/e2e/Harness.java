package io.fastd.bench.e2e;

import io.fastd.pool.mysql.embedded.EmbeddedMariaDb;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The end-to-end harness: {@code Harness <resultsDir> <mariadbBaseDir> boot|load ...}. Starts one
 * embedded MariaDB (loopback), fills {@code world}, then runs the parts asked for, each server in
 * a child JVM ({@link BootMain}, {@link ServerMain}). Every load loop is bounded in time (and the
 * sample buffers in count). Writes {@code boot.csv} and {@code load.csv} into the results directory.
 *
 * <p>System properties: {@code bench.duration} seconds per point (10), {@code bench.workers}
 * (2,8,32), {@code bench.concurrency} (16,64,256), {@code bench.udp.workers} (8: the W values also
 * loaded over UDP, a list like bench.workers; empty for none), {@code bench.boot.workers} (1,8,32,64),
 * {@code bench.boot.keys} (1,4), {@code bench.boot.runs} (3), {@code bench.http} (true),
 * {@code bench.rounds} (1: how often every W repeats the limit and every contestant, interleaved,
 * each round starting one contestant later; the report takes medians), {@code bench.contestants}
 * (netty,hikari,vertx,kernel,kernelbase; also nettyepoll, kernelbasenio, kernelraw, kernelrawbase,
 * constant, and kernelr1, kernelr2, ...: process mode with that {@code server.reactor_num}).
 */
public final class Harness {

    private static final String HOST = "127.0.0.1";
    /** {@code -Dbench.http=false}: UDP points only (e.g. to add UDP at more W to an earlier run). */
    private static final boolean HTTP = !"false".equals(System.getProperty("bench.http"));
    private static Path results;
    private static int duration;

    private Harness() {
    }

    public static void main(String[] args) throws Exception {
        results = Path.of(args[0]);
        Files.createDirectories(results.resolve("logs"));
        duration = Integer.getInteger("bench.duration", 10);
        List<String> parts = Arrays.asList(args).subList(2, args.length);
        EmbeddedMariaDb db = World.startDatabase(Path.of(args[1]));
        try {
            log("MariaDB on " + db.host() + ":" + db.port() + ", table " + World.TABLE + " with " + World.ROWS + " rows");
            if (parts.contains("boot")) {
                boot(db.port());
            }
            if (parts.contains("load")) {
                load(db.port());
            }
        } finally {
            db.stop();
        }
        System.exit(0);
    }

    static void log(String line) {
        System.out.println("[harness] " + line);
        System.out.flush();
    }

    /** A comma-separated list of numbers; an empty value (e.g. {@code -Dbench.udp.workers=}) is an empty list. */
    static int[] ints(String property, String defaults) {
        String value = System.getProperty(property, defaults).strip();
        return value.isEmpty() ? new int[0]
                : Arrays.stream(value.split(",")).map(String::strip).mapToInt(Integer::parseInt).toArray();
    }

    // ---------------------------------------------------------------- boot

    static void boot(int dbPort) throws Exception {
        int runs = Integer.getInteger("bench.boot.runs", 3);
        try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(results.resolve("boot.csv")))) {
            csv.println("workers,keys,run,ready_ms,jvm_to_main_ms,guice_ms,walk_ms,server_start_ms,"
                    + "pool_init_sum_ms,pool_init_max_ms,heap_mb,nonheap_mb,rss_mb,threads");
            for (int keys : ints("bench.boot.keys", "1,4")) {
                for (int workers : ints("bench.boot.workers", "1,8,32,64")) {
                    for (int run = 1; run <= runs; run++) {
                        long spawned = System.currentTimeMillis();
                        Process p = child("boot-" + workers + "-" + keys + "-" + run, BootMain.class.getName(),
                                Integer.toString(workers), Integer.toString(keys), HOST, Integer.toString(dbPort));
                        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                        long readyAt = -1;
                        String bootLine = null;
                        for (String line; (line = out.readLine()) != null; ) {
                            if (line.startsWith("READY ")) {
                                readyAt = Long.parseLong(line.substring(6).trim());
                            } else if (line.startsWith("BOOT ")) {
                                bootLine = line;
                            }
                        }
                        p.waitFor(60, TimeUnit.SECONDS);
                        if (readyAt < 0 || bootLine == null) {
                            log("boot workers=" + workers + " keys=" + keys + " FAILED (see logs)");
                            continue;
                        }
                        java.util.Map<String, String> f = fields(bootLine);
                        long mainMs = Long.parseLong(f.get("main_ms"));
                        String row = String.join(",", Integer.toString(workers), Integer.toString(keys),
                                Integer.toString(run), Long.toString(readyAt - spawned),
                                Long.toString(mainMs - spawned), f.get("guice_ms"), f.get("walk_ms"),
                                f.get("server_start_ms"), f.get("pool_init_sum_ms"), f.get("pool_init_max_ms"),
                                f.get("heap_mb"), f.get("nonheap_mb"), f.get("rss_mb"), f.get("threads"));
                        csv.println(row);
                        csv.flush();
                        log("boot " + row);
                    }
                }
            }
        }
    }

    static java.util.Map<String, String> fields(String line) {
        java.util.Map<String, String> map = new java.util.HashMap<>();
        for (String part : line.split(" ")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                map.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return map;
    }

    // ---------------------------------------------------------------- load

    static void load(int dbPort) throws Exception {
        int[] workerCounts = ints("bench.workers", "2,8,32");
        int[] concurrency = ints("bench.concurrency", "16,64,256");
        int[] udpWorkers = ints("bench.udp.workers", "8");
        int rounds = Integer.getInteger("bench.rounds", 1);
        if (rounds < 1) {
            throw new IllegalArgumentException("-Dbench.rounds must be at least 1, was " + rounds);
        }
        List<String> contestants = List.of(
                System.getProperty("bench.contestants", "netty,hikari,vertx,kernel,kernelbase").split(","));
        try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(results.resolve("load.csv")))) {
            csv.println("protocol,contestant,workers,concurrency,rps,p50_ms,p99_ms,errors,server_cpu_us_per_req,db_cpu_us_per_req,round");
            long dbPid = mariadbPid(dbPort);
            for (int workers : workerCounts) {
                for (int round = 1; round <= rounds; round++) {
                    Cpu limitCpu = Cpu.start(ProcessHandle.current().pid(), dbPid);
                    record(csv, "none", "limit", workers, workers, round, limitCpu.per(limit(workers, dbPort)));
                    // each round starts one contestant later, so that none is always first (or last) after the limit
                    for (int i = 0; i < contestants.size(); i++) {
                        String contestant = contestants.get((i + round - 1) % contestants.size());
                        loadOne(csv, contestant, workers, round, concurrency, udpWorkers, dbPid, dbPort);
                    }
                }
            }
        }
    }

    /** Starts one contestant's server in a child JVM, loads it at every concurrency, stops it. */
    private static void loadOne(PrintWriter csv, String contestant, int workers, int round, int[] concurrency,
                                int[] udpWorkers, long dbPid, int dbPort) throws Exception {
        Process p = child("server-" + contestant + "-" + workers + "-r" + round, ServerMain.class.getName(), contestant,
                Integer.toString(workers), HOST, Integer.toString(dbPort), Integer.toString(freePort()),
                Integer.toString(freeUdpPort()));
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("LISTENING")) {
                // wait
            }
            if (line == null) {
                log(contestant + " W=" + workers + " round " + round + " did not start (see logs/server-" + contestant
                        + "-" + workers + "-r" + round + ".err)");
                return;
            }
            java.util.Map<String, String> ports = fields(line);
            String url = "http://" + HOST + ":" + ports.get("http") + "/db";
            if (HTTP) {
                wrk(url, 64, 3); // warm-up, not recorded
                for (int c : concurrency) {
                    Cpu cpu = Cpu.start(p.pid(), dbPid);
                    record(csv, "http", contestant, workers, c, round, cpu.per(wrk(url, c, duration)));
                }
            }
            int udpPort = Integer.parseInt(ports.get("udp"));
            if (Arrays.stream(udpWorkers).anyMatch(w -> w == workers) && udpPort > 0) {
                udp(udpPort, 16, 2); // warm-up
                for (int c : concurrency) {
                    Cpu cpu = Cpu.start(p.pid(), dbPid);
                    record(csv, "udp", contestant, workers, c, round, cpu.per(udp(udpPort, c, duration)));
                }
            }
        } finally {
            p.getOutputStream().close();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * One load point; {@code serverCpuUs} and {@code dbCpuUs}: CPU time (user + system) the server
     * process and MariaDB spent per request answered during the point (NaN where not measured).
     */
    record Point(double rps, double p50, double p99, long errors, double serverCpuUs, double dbCpuUs) {
        Point(double rps, double p50, double p99, long errors) {
            this(rps, p50, p99, errors, Double.NaN, Double.NaN);
        }
    }

    /** CPU time of the server child and of MariaDB from /proc, read around one load point. */
    record Cpu(long serverPid, long dbPid, long serverTicks, long dbTicks, long startNanos) {
        static Cpu start(long serverPid, long dbPid) {
            return new Cpu(serverPid, dbPid, ticks(serverPid), ticks(dbPid), System.nanoTime());
        }

        Point per(Point point) {
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            // requests answered while the CPU was counted: the point's rate over the whole window is
            // close enough, since wrk and the UDP generator run for all but a few ms of it
            double requests = point.rps() * seconds;
            return new Point(point.rps(), point.p50(), point.p99(), point.errors(),
                    usPer(ticks(serverPid) - serverTicks, requests), usPer(ticks(dbPid) - dbTicks, requests));
        }

        private static double usPer(long ticks, double requests) {
            return ticks < 0 || requests <= 0 ? Double.NaN : ticks * (1e6 / TICKS_PER_SECOND) / requests;
        }
    }

    /** USER_HZ: 100 on every Linux this runs on. */
    private static final double TICKS_PER_SECOND = 100;

    /** utime + stime of a process in clock ticks, or -1 if unknown. */
    static long ticks(long pid) {
        if (pid <= 0) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 of proc(5)
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The PID of the mariadbd listening on {@code port}, or -1. */
    static long mariadbPid(int port) {
        return ProcessHandle.allProcesses()
                .filter(h -> h.info().commandLine().map(c -> c.contains("mariadbd") || c.contains("mysqld")).orElse(false))
                .filter(h -> h.info().commandLine().map(c -> c.contains("--port=" + port) || c.contains("--port " + port))
                        .orElse(false))
                .mapToLong(ProcessHandle::pid).findFirst().orElse(-1);
    }

    static void record(PrintWriter csv, String protocol, String contestant, int workers, int c, int round, Point point) {
        String row = String.format(Locale.ROOT, "%s,%s,%d,%d,%.0f,%.3f,%.3f,%d,%.1f,%.1f,%d", protocol, contestant, workers,
                c, point.rps, point.p50, point.p99, point.errors, point.serverCpuUs, point.dbCpuUs, round);
        csv.println(row);
        csv.flush();
        log("load " + row);
    }

    /** (a) W threads, each its own JDBC connection, the query in a loop, no network of ours. */
    static Point limit(int workers, int dbPort) throws Exception {
        List<Latencies> all = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(duration);
        long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        for (int i = 0; i < workers; i++) {
            Latencies lat = new Latencies();
            all.add(lat);
            Connection c = DriverManager.getConnection(World.jdbcUrl(HOST, dbPort), World.user(), World.password());
            threads.add(new Thread(() -> {
                try (c) {
                    // warm up 2 s (not recorded), then measure until the deadline
                    long end = warmEnd + TimeUnit.SECONDS.toNanos(duration);
                    boolean measuring = false;
                    while (true) {
                        long start = System.nanoTime();
                        if (start >= end) {
                            break;
                        }
                        if (!measuring && start >= warmEnd) {
                            measuring = true;
                        }
                        World.readRandom(c);
                        if (measuring) {
                            lat.add(System.nanoTime() - start);
                        }
                    }
                } catch (Exception e) {
                    lat.errors++;
                }
            }, "limit-" + i));
        }
        return run(threads, all, duration);
    }

    /** HTTP load with wrk (2 threads, keep-alive), {@code connections} concurrent connections. */
    static Point wrk(String url, int connections, int seconds) throws Exception {
        Process p = new ProcessBuilder("wrk", "-t2", "-c" + connections, "-d" + seconds + "s", "--timeout", "5s",
                "--latency", url).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(seconds + 30L, TimeUnit.SECONDS);
        Files.writeString(results.resolve("logs").resolve("wrk.log"), url + " c=" + connections + "\n" + output + "\n",
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        double rps = number(output, "Requests/sec:\\s+([0-9.]+)");
        long errors = (long) number(output, "Non-2xx or 3xx responses:\\s+([0-9]+)");
        Matcher socket = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)")
                .matcher(output);
        if (socket.find()) {
            for (int i = 1; i <= 4; i++) {
                errors += Long.parseLong(socket.group(i));
            }
        }
        return new Point(rps, latency(output, "50%"), latency(output, "99%"), errors);
    }

    private static double number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static double latency(String text, String percentile) {
        Matcher m = Pattern.compile("\\s" + percentile + "\\s+([0-9.]+)(us|ms|s)").matcher(text);
        if (!m.find()) {
            return Double.NaN;
        }
        double value = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
    }

    /**
     * UDP load: {@code clients} threads, each one socket with one request in flight (send, wait for
     * the reply up to 1 s, which counts as an error when it expires), for {@code seconds}.
     */
    static Point udp(int port, int clients, int seconds) throws Exception {
        List<Latencies> all = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        // Set once every client is built (256 of them allocate 2 GiB of latency samples, which can
        // take longer than the point lasts); Thread.start publishes it to them.
        long[] deadline = new long[1];
        InetSocketAddress target = new InetSocketAddress(HOST, port);
        for (int i = 0; i < clients; i++) {
            Latencies lat = new Latencies();
            all.add(lat);
            threads.add(new Thread(() -> {
                try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(HOST, 0))) {
                    socket.connect(target);
                    socket.setSoTimeout(1000);
                    byte[] request = {'q'};
                    byte[] buffer = new byte[512];
                    DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
                    while (true) {
                        long start = System.nanoTime();
                        if (start >= deadline[0]) {
                            break;
                        }
                        socket.send(new DatagramPacket(request, request.length));
                        try {
                            reply.setLength(buffer.length);
                            socket.receive(reply);
                            lat.add(System.nanoTime() - start);
                        } catch (SocketTimeoutException e) {
                            lat.errors++;
                        }
                    }
                } catch (IOException e) {
                    lat.errors++;
                }
            }, "udp-load-" + i));
        }
        deadline[0] = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        return run(threads, all, seconds);
    }

    /** Starts the load threads, waits for them, and folds their latencies into one point. */
    private static Point run(List<Thread> threads, List<Latencies> all, int seconds) throws InterruptedException {
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        double[] pct = Latencies.percentiles(all);
        long count = all.stream().mapToLong(l -> l.count).sum();
        long errors = all.stream().mapToLong(l -> l.errors).sum();
        return new Point(count / (double) seconds, pct[0], pct[1], errors);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 50, java.net.InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        }
    }

    static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(HOST, 0))) {
            return s.getLocalPort();
        }
    }

    /** A child JVM on this class path; stderr goes to {@code logs/<name>.err}. */
    static Process child(String name, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx1g");
        command.add("-Dbench.serverPrep=" + World.SERVER_PREPARED);
        // Diagnostics only (e.g. a JFR recording): extra JVM options for every child, space-separated.
        String extra = System.getProperty("bench.childJvmArgs", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.replace("{name}", name).split("\\s+")));
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectError(results.resolve("logs").resolve(name + ".err").toFile());
        builder.environment().putAll(World.environment());
        return builder.start();
    }

}
