package racelab.explore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Zeller and Hildebrandt's ddmin: shrinks a failing input (a list of faults, steps, records) to a 1-minimal one,
 * i.e. one from which removing any single element makes the failure disappear.
 *
 * <p>The test predicate must be deterministic (the simulator's is: one seed, one clock); results are cached by
 * subset, so each subset is tested at most once. Order of elements is kept. The search checks the cancellation
 * before every test and then returns the smallest failing input found so far.
 */
public final class DeltaDebugger<T> {

    /**
     * The result of one shrink.
     *
     * @param original the failing input we started from
     * @param minimal the smallest failing input found; 1-minimal when {@code complete}
     * @param tests number of distinct inputs tested
     * @param complete false when cancelled before reaching a 1-minimal input
     */
    public record Result<T>(List<T> original, List<T> minimal, int tests, boolean complete) {
        public Result {
            original = List.copyOf(original);
            minimal = List.copyOf(minimal);
        }
    }

    private final Predicate<List<T>> fails;
    private final Cancellation cancellation;
    private final Map<List<T>, Boolean> cache = new HashMap<>();
    private boolean cancelled;

    /**
     * @param fails true when the input still shows the failure (e.g. a write is still lost)
     */
    public DeltaDebugger(Predicate<List<T>> fails, Cancellation cancellation) {
        this.fails = fails;
        this.cancellation = cancellation;
    }

    /**
     * Shrinks {@code failing}.
     *
     * @throws IllegalArgumentException when {@code failing} does not fail: there is nothing to shrink
     */
    public Result<T> minimize(List<T> failing) {
        List<T> input = List.copyOf(failing);
        if (!test(input)) {
            throw new IllegalArgumentException("the input does not fail, so there is nothing to shrink");
        }
        List<T> current = input;
        if (test(List.of())) {
            current = List.of();
        }
        int granularity = 2;
        while (current.size() >= 2 && !cancelled) {
            List<List<T>> chunks = split(current, granularity);
            List<T> smaller = null;
            int nextGranularity = granularity;
            for (List<T> chunk : chunks) {
                if (test(chunk)) {
                    smaller = chunk;
                    nextGranularity = 2;
                    break;
                }
            }
            // With two chunks each complement is the other chunk, already tested above.
            if (smaller == null && granularity > 2) {
                for (int i = 0; i < chunks.size() && smaller == null; i++) {
                    List<T> complement = complement(chunks, i);
                    if (test(complement)) {
                        smaller = complement;
                        nextGranularity = Math.max(granularity - 1, 2);
                    }
                }
            }
            if (smaller != null) {
                current = smaller;
                granularity = nextGranularity;
            } else if (granularity < current.size()) {
                granularity = Math.min(current.size(), granularity * 2);
            } else {
                break;
            }
        }
        if (current.size() == 1 && !cancelled && test(List.of())) {
            current = List.of();
        }
        return new Result<>(input, current, cache.size(), !cancelled);
    }

    private boolean test(List<T> input) {
        Boolean known = cache.get(input);
        if (known != null) {
            return known;
        }
        if (cancellation.isCancelled()) {
            cancelled = true;
            return false;
        }
        boolean result = fails.test(input);
        if (cancellation.isCancelled()) {
            // A test cut short by the cancel proves nothing: do not cache it and do not trust it.
            cancelled = true;
            return false;
        }
        cache.put(List.copyOf(input), result);
        return result;
    }

    private static <T> List<List<T>> split(List<T> input, int parts) {
        List<List<T>> chunks = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < parts; i++) {
            int end = start + (input.size() - start) / (parts - i);
            chunks.add(List.copyOf(input.subList(start, end)));
            start = end;
        }
        return chunks;
    }

    private static <T> List<T> complement(List<List<T>> chunks, int skipped) {
        List<T> rest = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            if (i != skipped) {
                rest.addAll(chunks.get(i));
            }
        }
        return List.copyOf(rest);
    }
}
