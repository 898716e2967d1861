package racelab.bench;

import java.util.Arrays;

/** Latencies of one worker's measured transfers, in nanoseconds; a growing array, no boxing on the hot path. */
final class LatencyLog {

    private long[] nanos = new long[4096];
    private int size;

    void add(long latencyNanos) {
        if (size == nanos.length) {
            nanos = Arrays.copyOf(nanos, size * 2);
        }
        nanos[size++] = latencyNanos;
    }

    int size() {
        return size;
    }

    /** All logs merged and sorted, ready for {@link #percentile}. */
    static long[] mergeSorted(Iterable<LatencyLog> logs) {
        int total = 0;
        for (LatencyLog log : logs) {
            total += log.size;
        }
        long[] all = new long[total];
        int at = 0;
        for (LatencyLog log : logs) {
            System.arraycopy(log.nanos, 0, all, at, log.size);
            at += log.size;
        }
        Arrays.sort(all);
        return all;
    }

    /** Nearest-rank percentile of a sorted array; 0 when empty. */
    static long percentile(long[] sorted, double percent) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
