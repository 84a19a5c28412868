package io.fastd.bench.e2e;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The quick profile's output ({@code benchmarks/run.sh quick}): {@code CpuSummary <resultsDir>}
 * reads {@code load.csv} and writes {@code cpu.csv}, one row per contestant and HTTP point with
 * the median of its rounds:
 * {@code contestant,w,conc,req_per_s,server_cpu_us,db_cpu_us,p99_ms}. Contestants keep the
 * harness's names ({@code vertx}, {@code kernel} for process mode, {@code kernelbase} for base
 * mode); the limit loop and UDP points are left out. Rows keep the order of their first round.
 */
public final class CpuSummary {

    static final String HEADER = "contestant,w,conc,req_per_s,server_cpu_us,db_cpu_us,p99_ms";

    private CpuSummary() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: CpuSummary <resultsDir> (reads load.csv, writes cpu.csv)");
        }
        Path dir = Path.of(args[0]);
        List<String> lines = summarize(Report.csv(dir.resolve("load.csv")));
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(dir.resolve("cpu.csv")))) {
            lines.forEach(out::println);
        }
        lines.forEach(System.out::println);
    }

    /** The lines of {@code cpu.csv}, header first, from the rows of {@code load.csv} (no header). */
    static List<String> summarize(List<String[]> loadRows) {
        // load.csv: protocol,contestant,workers,concurrency,rps,p50_ms,p99_ms,errors,server_cpu_us_per_req,db_cpu_us_per_req[,round]
        Map<String, List<String[]>> rounds = new LinkedHashMap<>();
        for (String[] r : loadRows) {
            if (r[0].equals("http")) {
                rounds.computeIfAbsent(r[1] + "," + r[2] + "," + r[3], k -> new ArrayList<>()).add(r);
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        rounds.forEach((point, list) -> {
            String[] m = LoadReport.medianRow(list);
            String server = m.length > 8 ? m[8] : "NaN";
            String db = m.length > 9 ? m[9] : "NaN";
            lines.add(String.join(",", point, m[4], server, db, m[6]));
        });
        return lines;
    }
}
