package dev.multidocker.bench;

import java.util.Arrays;

/** Percentiles of a set of measured latencies, nearest-rank. */
record Latencies(int count, double p50Millis, double p99Millis, double maxMillis) {

    static Latencies ofNanos(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Latencies(sorted.length, millis(rank(sorted, 50)), millis(rank(sorted, 99)),
                millis(sorted[sorted.length - 1]));
    }

    private static long rank(long[] sorted, double percentile) {
        int index = (int) Math.ceil(percentile / 100 * sorted.length) - 1;
        return sorted[Math.max(0, index)];
    }

    private static double millis(long nanos) {
        return nanos / 1_000_000.0;
    }
}
