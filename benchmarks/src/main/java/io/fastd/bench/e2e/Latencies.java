package io.fastd.bench.e2e;

import java.util.Arrays;
import java.util.List;

/** Per-thread latency samples (bounded), merged into percentiles. */
final class Latencies {

    static final int CAP = 1 << 20;
    private final long[] samples = new long[CAP];
    private int size;
    long count;
    long errors;

    void add(long nanos) {
        if (size < CAP) {
            samples[size++] = nanos;
        }
        count++;
    }

    /** p50 and p99 in milliseconds over every thread's samples. */
    static double[] percentiles(List<Latencies> all) {
        int total = all.stream().mapToInt(l -> l.size).sum();
        if (total == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        long[] merged = new long[total];
        int at = 0;
        for (Latencies l : all) {
            System.arraycopy(l.samples, 0, merged, at, l.size);
            at += l.size;
        }
        Arrays.sort(merged);
        return new double[] {merged[(int) (total * 0.50)] / 1e6, merged[Math.min(total - 1, (int) (total * 0.99))] / 1e6};
    }
}
