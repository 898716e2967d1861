package racelab.explore;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Lazily yields interleavings of the lanes' steps (lane order kept), as arrays of global step ids, in
 * lexicographic order.
 *
 * <p>With {@link Independence#none} it yields every interleaving; with a real relation it yields exactly one
 * schedule per equivalence class, the lexicographically least one, by refusing any step that
 * {@link Independence#mayAppend} rejects. The normal-form property is prefix-closed, so the depth-first search
 * never misses a class; it may visit dead-end prefixes, which costs time but no runs. Each yielded array is a
 * fresh copy.
 */
public final class InterleavingIterator implements Iterator<int[]> {

    private final Lanes lanes;
    private final Independence independence;
    private final int stepCount;
    private final int[] word;
    private final int[] laneAt;
    private final int[] nextLaneToTry;
    private final int[] progress;
    private int depth;
    private boolean lookedAhead;
    private boolean exhausted;

    public InterleavingIterator(Lanes lanes, Independence independence) {
        this.lanes = lanes;
        this.independence = independence;
        this.stepCount = lanes.stepCount();
        this.word = new int[stepCount];
        this.laneAt = new int[stepCount];
        this.nextLaneToTry = new int[stepCount + 1];
        this.progress = new int[lanes.laneCount()];
    }

    /** Counts the schedules this iterator would yield, without keeping them. */
    public static long count(Lanes lanes, Independence independence) {
        InterleavingIterator iterator = new InterleavingIterator(lanes, independence);
        long count = 0;
        while (iterator.hasNext()) {
            iterator.next();
            count++;
        }
        return count;
    }

    @Override
    public boolean hasNext() {
        if (!lookedAhead && !exhausted) {
            exhausted = !advance();
            lookedAhead = true;
        }
        return !exhausted;
    }

    @Override
    public int[] next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        lookedAhead = false;
        return word.clone();
    }

    private boolean advance() {
        if (depth == stepCount) {
            backtrack();
        }
        while (true) {
            if (depth < 0) {
                return false;
            }
            if (extend()) {
                if (depth == stepCount) {
                    return true;
                }
            } else if (depth == 0) {
                depth = -1;
                return false;
            } else {
                backtrack();
            }
        }
    }

    /** Places the next allowed step at {@code depth}, trying lanes from {@code nextLaneToTry[depth]}. */
    private boolean extend() {
        for (int lane = nextLaneToTry[depth]; lane < lanes.laneCount(); lane++) {
            if (progress[lane] == lanes.laneSize(lane)) {
                continue;
            }
            int step = lanes.id(lane, progress[lane]);
            if (independence.mayAppend(word, depth, step)) {
                word[depth] = step;
                laneAt[depth] = lane;
                progress[lane]++;
                nextLaneToTry[depth] = lane + 1;
                depth++;
                nextLaneToTry[depth] = 0;
                return true;
            }
        }
        return false;
    }

    private void backtrack() {
        depth--;
        progress[laneAt[depth]]--;
    }
}
