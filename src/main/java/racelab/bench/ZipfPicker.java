package racelab.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Zipf-distributed draws: account {@code i} (0-based) is picked with probability proportional to
 * {@code 1 / (i + 1)^exponent}. Exponent 0 is uniform; around 1 a few accounts take most of the traffic.
 */
public final class ZipfPicker implements AccountPicker {

    private final double exponent;
    /** Cumulative probabilities; a binary search turns one uniform draw into an index. */
    private final double[] cumulative;

    public ZipfPicker(int accountCount, double exponent) {
        if (accountCount < 1) {
            throw new IllegalArgumentException("need at least one account");
        }
        if (exponent < 0) {
            throw new IllegalArgumentException("zipf exponent must be >= 0");
        }
        this.exponent = exponent;
        this.cumulative = new double[accountCount];
        double sum = 0;
        for (int i = 0; i < accountCount; i++) {
            sum += 1.0 / Math.pow(i + 1, exponent);
            cumulative[i] = sum;
        }
        for (int i = 0; i < accountCount; i++) {
            cumulative[i] /= sum;
        }
    }

    @Override
    public int pick(SplittableRandom random) {
        double u = random.nextDouble();
        int index = Arrays.binarySearch(cumulative, u);
        if (index < 0) {
            index = -index - 1;
        }
        return Math.min(index, cumulative.length - 1);
    }

    /** Share of draws that land on the {@code k} most popular accounts. */
    public double shareOfTop(int k) {
        return cumulative[Math.min(k, cumulative.length) - 1];
    }

    @Override
    public String describe() {
        return String.format(java.util.Locale.ROOT, "zipf s=%.2f over %d accounts", exponent, cumulative.length);
    }
}
