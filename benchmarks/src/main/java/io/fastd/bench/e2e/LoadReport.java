package io.fastd.bench.e2e;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Part 4 of {@link Report}: turns {@code load.csv} into the load tables of {@code summary.md}
 * (req/s with p50/p99, CPU per request, the kernel's ratios to the limit, to (b) and to (c)) and
 * into the gnuplot data files {@code http-w<W>.dat}. A point measured in several rounds is
 * reported as the median of each column, with the range of its per-round ratios.
 */
final class LoadReport {

    private LoadReport() {
    }

    /**
     * CPU time per request answered, server process / MariaDB, in µs (from /proc during each
     * point): less noisy than req/s on a shared machine, and it says where the cost is.
     */
    static void cpu(PrintWriter md, String protocol, List<Contestant> present, Map<String, String[]> byKey,
                    TreeSet<Integer> workers, TreeSet<Integer> concurrency) {
        if (byKey.values().stream().noneMatch(r -> r.length > 9)) {
            return;
        }
        md.println("\nCPU per request over " + protocol.toUpperCase(Locale.ROOT)
                + ", µs: server process / MariaDB (user + system, from /proc, over each point):\n");
        StringBuilder header = new StringBuilder("| W | conc. |");
        StringBuilder align = new StringBuilder("|---:|---:|");
        for (Contestant c : present) {
            header.append(' ').append(c.title()).append(" |");
            align.append("---:|");
        }
        md.println(header);
        md.println(align);
        points(protocol, present, byKey, workers, concurrency, (line, cells) -> {
            cells.forEach(r -> line.append(' ').append(r == null || r.length < 10 ? "n/a" : r[8] + " / " + r[9]).append(" |"));
            md.println(line);
        });
    }

    /**
     * For every (W, conc.) point with a row of any contestant: {@code row} gets the line started
     * with "| W | conc. |" and the contestants' rows in order (null where one has none).
     */
    static void points(String protocol, List<Contestant> present, Map<String, String[]> byKey, TreeSet<Integer> workers,
                       TreeSet<Integer> concurrency, java.util.function.BiConsumer<StringBuilder, List<String[]>> row) {
        for (int w : workers) {
            for (int c : concurrency) {
                List<String[]> cells = present.stream().map(x -> byKey.get(key(protocol, x, w, c))).toList();
                if (cells.stream().anyMatch(r -> r != null)) {
                    row.accept(new StringBuilder("| " + w + " | " + c + " |"), cells);
                }
            }
        }
    }

    static void write(Path dir, PrintWriter md) throws IOException {
        List<String[]> rows = Report.csv(dir.resolve("load.csv"));
        if (rows.isEmpty()) {
            return;
        }
        // protocol,contestant,workers,concurrency,rps,p50_ms,p99_ms,errors,server_cpu_us_per_req,db_cpu_us_per_req[,round]
        // A point measured in several rounds is reported as the median of each column (errors: the sum).
        Map<String, List<String[]>> rounds = new LinkedHashMap<>();
        Map<Integer, List<String[]>> limitRounds = new TreeMap<>();
        TreeSet<Integer> workers = new TreeSet<>();
        TreeSet<Integer> concurrency = new TreeSet<>();
        for (String[] r : rows) {
            int w = Integer.parseInt(r[2]);
            if (r[1].equals("limit")) {
                limitRounds.computeIfAbsent(w, k -> new ArrayList<>()).add(r);
                continue;
            }
            workers.add(w);
            concurrency.add(Integer.parseInt(r[3]));
            rounds.computeIfAbsent(r[0] + "/" + r[1] + "/" + w + "/" + r[3], k -> new ArrayList<>()).add(r);
        }
        Map<String, String[]> byKey = new LinkedHashMap<>();
        rounds.forEach((k, list) -> byKey.put(k, medianRow(list)));
        Map<Integer, String[]> limit = new TreeMap<>();
        limitRounds.forEach((w, list) -> limit.put(w, medianRow(list)));
        int roundCount = rounds.values().stream().mapToInt(List::size).max().orElse(1);
        List<Contestant> present = contestants(rows);
        List<Contestant> kernels = present.stream().filter(c -> KERNELS.contains(c.name())).toList();
        // (b) is plain Netty + HikariCP; runs without it (e.g. the A/B) compare with (b') instead
        Contestant base = present.stream().filter(c -> c.name().equals("netty")).findFirst()
                .orElseGet(() -> present.stream().filter(c -> c.name().equals("hikari")).findFirst().orElse(null));
        Contestant vertx = present.stream().filter(c -> c.name().equals("vertx")).findFirst().orElse(null);
        md.println("\n### 4. Single query under load (loopback, real MariaDB): req/s, p50/p99 ms\n");
        if (roundCount > 1) {
            md.println("Every point ran in " + roundCount + " interleaved rounds; each cell is the median of its"
                    + " rounds (errors: their sum). The ratio tables also give the range of the per-round ratios.\n");
        }
        md.println("(a) limit = W threads, one JDBC connection each, query in a loop, no network of ours;"
                + " (b) plain Netty 4.1 (NIO), the JDBC handler on a DefaultEventExecutorGroup(W), HikariCP(W);"
                + " (b') the kernel's server with HikariCP(W) instead of the workers' connections;"
                + " (c) Vert.x, W event loops, 1 MySQL connection each;"
                + " (d) this kernel, W workers, 1 connection each (process mode: server.mode=process; base mode,"
                + " the default since 2026-12-02: server.mode=base).\n");
        md.println("| W | limit (a) req/s | p50 | p99 |");
        md.println("|---:|---:|---:|---:|");
        limit.forEach((w, r) -> md.printf("| %d | %s | %s | %s |%n", w, r[4], r[5], r[6]));
        md.println("\nEvery JDBC contestant (a, b, b', d) uses MariaDB Connector/J with server-side prepared"
                + " statements (useServerPrepStmts=true, the driver's statement cache), like Vert.x's client;"
                + " Vert.x runs on Netty's native epoll transport, the kernel on epoll too (server.transport=auto),"
                + " (b) on NIO as written by a typical user.");
        for (String protocol : List.of("http", "udp")) {
            boolean any = byKey.keySet().stream().anyMatch(k -> k.startsWith(protocol + "/"));
            if (!any) {
                continue;
            }
            md.println("\n**" + protocol.toUpperCase(Locale.ROOT) + "**\n");
            StringBuilder header = new StringBuilder("| W | conc. |");
            StringBuilder align = new StringBuilder("|---:|---:|");
            for (Contestant c : present) {
                header.append(' ').append(c.title()).append(" req/s (p50/p99) |");
                align.append("---:|");
            }
            md.println(header + " errors " + String.join("/", present.stream().map(Contestant::label).toList()) + " |");
            md.println(align + "---|");
            points(protocol, present, byKey, workers, concurrency, (line, cells) -> {
                cells.forEach(r -> line.append(' ').append(cell(r)).append(" |"));
                md.println(line + " " + String.join("/", cells.stream().map(LoadReport::err).toList()) + " |");
            });
            cpu(md, protocol, present, byKey, workers, concurrency);
            if (kernels.isEmpty()) {
                continue;
            }
            md.println("\nRatios over " + protocol.toUpperCase(Locale.ROOT) + " of each (d) to (a) the limit, to "
                    + (base == null ? "(b)" : base.title()) + " and to (c) Vert.x:\n");
            String b = base == null ? "b" : base.label();
            // the per-round columns only where a point ran more than once
            md.println("| W | conc. | (d) | d/a | d/" + b + " | d/c |"
                    + (roundCount > 1 ? " d/" + b + " per round | d/c per round |" : ""));
            md.println("|---:|---:|---|---:|---:|---:|" + (roundCount > 1 ? "---|---|" : ""));
            for (int w : workers) {
                for (int c : concurrency) {
                    for (Contestant k : kernels) {
                        String[] d = byKey.get(key(protocol, k, w, c));
                        if (d == null) {
                            continue;
                        }
                        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "| %d | %d | %s | %s | %s | %s |",
                                w, c, k.title(), ratio(d, limit.get(w)),
                                ratio(d, base == null ? null : byKey.get(key(protocol, base, w, c))),
                                ratio(d, vertx == null ? null : byKey.get(key(protocol, vertx, w, c)))));
                        if (roundCount > 1) {
                            List<String[]> dRounds = rounds.get(key(protocol, k, w, c));
                            line.append(' ').append(roundRatios(dRounds, base == null ? null : rounds.get(key(protocol, base, w, c))))
                                    .append(" | ").append(roundRatios(dRounds, vertx == null ? null : rounds.get(key(protocol, vertx, w, c))))
                                    .append(" |");
                        }
                        md.println(line);
                    }
                }
            }
        }
        if (byKey.keySet().stream().anyMatch(k -> k.contains("/kernelraw/"))) {
            md.println("\n**Diagnostic: where the kernel's time goes** (d-raw = the kernel's per-worker connection via"
                    + " Database.connection(), query in plain JDBC exactly as the HikariCP handler writes it)\n");
            md.println("| protocol | W | conc. | (b') kernel server + HikariCP req/s (p50/p99) | (d-raw) req/s (p50/p99) | (d) kernel req/s (p50/p99) | d-raw/b' | d/d-raw |");
            md.println("|---|---:|---:|---:|---:|---:|---:|---:|");
            for (String protocol : List.of("http", "udp")) {
                for (int w : workers) {
                    for (int c : concurrency) {
                        String[] b = byKey.get(protocol + "/hikari/" + w + "/" + c);
                        String[] r = byKey.get(protocol + "/kernelraw/" + w + "/" + c);
                        String[] d = byKey.get(protocol + "/kernel/" + w + "/" + c);
                        if (r == null) {
                            continue;
                        }
                        md.printf("| %s | %d | %d | %s | %s | %s | %s | %s |%n", protocol, w, c, cell(b), cell(r), cell(d),
                                ratio(r, b), ratio(d, r));
                    }
                }
            }
        }
        // the same columns in every file (NaN where a point is missing), so run.sh reads one header
        String names = String.join(" ", present.stream().map(Contestant::name).toList());
        for (int w : workers) {
            try (PrintWriter dat = new PrintWriter(Files.newBufferedWriter(dir.resolve("http-w" + w + ".dat")))) {
                dat.println("# concurrency limit " + names);
                dat.println("# req/s over HTTP at W=" + w);
                for (int c : concurrency) {
                    StringBuilder line = new StringBuilder(c + " " + (limit.containsKey(w) ? limit.get(w)[4] : "NaN"));
                    for (Contestant x : present) {
                        line.append(' ').append(rps(byKey.get(key("http", x, w, c))));
                    }
                    dat.println(line);
                }
            }
        }
    }

    /** A load contestant: its name in load.csv, its short label (b, b', c, d...) and its title. */
    record Contestant(String name, String label, String title) {
    }

    /** Every known contestant in table and plot order; run.sh titles the plot lines the same way. */
    static final List<Contestant> KNOWN = List.of(
            new Contestant("netty", "b", "(b) Netty + HikariCP(W)"),
            new Contestant("nettyepoll", "b-epoll", "(b) Netty on epoll + HikariCP(W)"),
            new Contestant("hikari", "b'", "(b') kernel server + HikariCP(W)"),
            new Contestant("vertx", "c", "(c) Vert.x + MySQL client"),
            new Contestant("kernel", "d", "(d) kernel, process mode"),
            new Contestant("kernelbase", "d-base", "(d) kernel, base mode"),
            new Contestant("kernelbasenio", "d-base-nio", "(d) kernel, base mode on NIO"),
            new Contestant("kernelraw", "d-raw", "(d-raw) kernel connection, plain JDBC"));

    /** The contestants whose ratios to (a), (b) and (c) are reported. */
    static final List<String> KERNELS = List.of("kernel", "kernelbase");

    /** The contestants of load.csv (the limit aside): known ones in {@link #KNOWN} order, then the rest. */
    static List<Contestant> contestants(List<String[]> rows) {
        List<String> names = rows.stream().map(r -> r[1]).filter(n -> !n.equals("limit")).distinct().toList();
        List<Contestant> list = new ArrayList<>(KNOWN.stream().filter(c -> names.contains(c.name())).toList());
        names.stream().filter(n -> KNOWN.stream().noneMatch(c -> c.name().equals(n)))
                .forEach(n -> list.add(new Contestant(n, n, n)));
        return list;
    }

    static String key(String protocol, Contestant c, int w, int concurrency) {
        return protocol + "/" + c.name() + "/" + w + "/" + concurrency;
    }

    static String cell(String[] r) {
        return r == null ? "n/a" : r[4] + " (" + r[5] + "/" + r[6] + ")";
    }

    static String rps(String[] r) {
        return r == null ? "NaN" : r[4];
    }

    static String err(String[] r) {
        return r == null ? "-" : r[7];
    }

    /**
     * One row standing for the rounds of a point: the first row's labels, the median of every
     * measured column and the sum of the errors.
     */
    static String[] medianRow(List<String[]> list) {
        String[] row = list.get(0).clone();
        if (list.size() == 1) {
            return row;
        }
        String[] formats = {null, null, null, null, "%.0f", "%.3f", "%.3f", null, "%.1f", "%.1f"};
        for (int i = 4; i < Math.min(row.length, formats.length); i++) {
            int column = i;
            if (formats[i] != null) {
                row[i] = String.format(Locale.ROOT, formats[i], Report.median(list.stream().map(r -> Double.parseDouble(r[column])).toList()));
            }
        }
        row[7] = Long.toString(list.stream().mapToLong(r -> Long.parseLong(r[7])).sum());
        return row;
    }

    /**
     * The lowest and highest ratio of {@code num}'s req/s to {@code den}'s within the same round
     * ("n/a" unless both ran in more than one round).
     */
    static String roundRatios(List<String[]> num, List<String[]> den) {
        if (num == null || den == null || num.size() < 2 || num.get(0).length < 11) {
            return "n/a";
        }
        Map<String, Double> denByRound = new TreeMap<>();
        den.forEach(r -> denByRound.put(r[10], Double.parseDouble(r[4])));
        List<Double> ratios = num.stream().filter(r -> denByRound.getOrDefault(r[10], 0.0) > 0)
                .map(r -> Double.parseDouble(r[4]) / denByRound.get(r[10])).sorted().toList();
        return ratios.isEmpty() ? "n/a"
                : String.format(Locale.ROOT, "%.2f–%.2f", ratios.get(0), ratios.get(ratios.size() - 1));
    }

    static String ratio(String[] num, String[] den) {
        if (num == null || den == null || Double.parseDouble(den[4]) == 0) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.2f", Double.parseDouble(num[4]) / Double.parseDouble(den[4]));
    }
}
