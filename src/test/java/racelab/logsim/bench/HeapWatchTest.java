package racelab.logsim.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The peak heap log-bench prints: the most heap in use at once, read where collections start, and the live data. */
class HeapWatchTest {

    private static byte[] held;

    @Test
    void aBlockHeldAcrossACollectionCountsInThePeakAndInTheLiveData() throws Exception {
        int blockBytes = 48 << 20;
        long[] figures;
        try (HeapWatch watch = new HeapWatch()) {
            held = new byte[blockBytes];
            held[blockBytes - 1] = 1;
            System.gc();
            figures = watch.finish();
        } finally {
            held = null;
        }
        assertThat(figures[0]).as("peak heap").isGreaterThanOrEqualTo(blockBytes);
        assertThat(figures[1]).as("live data after a collection").isGreaterThanOrEqualTo(blockBytes);
        assertThat(figures[0]).isGreaterThanOrEqualTo(figures[1]);
        assertThat(figures[0]).isLessThanOrEqualTo(Runtime.getRuntime().maxMemory());
    }

    @Test
    void garbageReleasedBeforeTheCollectionIsNotLiveData() throws Exception {
        long[] figures;
        long before = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        try (HeapWatch watch = new HeapWatch()) {
            byte[] garbage = new byte[48 << 20];
            garbage[1] = 1;
            garbage = null;
            System.gc();
            figures = watch.finish();
        }
        assertThat(figures[0]).as("peak heap").isGreaterThanOrEqualTo(48 << 20);
        assertThat(figures[1]).as("live data").isLessThan(Math.max(before, 0) + (40 << 20));
    }
}
