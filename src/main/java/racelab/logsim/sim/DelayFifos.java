package racelab.logsim.sim;

/**
 * Events scheduled a fixed delay ahead, one first-in first-out queue per delay: events that share a delay are
 * scheduled in clock order, so each queue is already in (timeMs, sequence) order (the clock never goes back and
 * sequences grow), and the first event of all is the earliest of the queues' first ones. A pop thus costs a look at
 * each queue's head instead of a sift through a deep heap. Log-bench schedules its timeouts with a handful of delays
 * (fetch waits of 500 ms, fetch timeouts of 1,504 ms, request timeouts of 30 s: 16 distinct far delays in all). A
 * queue that runs empty may take another delay; when all {@link #QUEUES_MAX} queues hold events of other delays,
 * {@link #offer} refuses and the caller keeps the event in a heap.
 */
final class DelayFifos {

    static final int QUEUES_MAX = 32;

    /** The delay each queue holds events of; a queue with no events may be given another. */
    private final long[] delays = new long[QUEUES_MAX];
    /** Per queue: (time, sequence) pairs and action slots in a ring, from head to head + size. */
    private final long[][] keys = new long[QUEUES_MAX][];
    private final int[][] slots = new int[QUEUES_MAX][];
    private final int[] heads = new int[QUEUES_MAX];
    private final int[] sizes = new int[QUEUES_MAX];
    private int queueCount;
    private int size;
    /** The queue whose head is the first event of all, or -1 when no event is queued. */
    private int first = -1;

    int size() {
        return size;
    }

    /**
     * Queues an event due {@code delayMs} after the moment of scheduling, at {@code timeMs} (every event offered
     * before it with the same delay has an earlier time or an equal time and a smaller sequence). Returns false,
     * queuing nothing, when every queue holds events of other delays.
     */
    boolean offer(long delayMs, long timeMs, long sequence, int slot) {
        int q = queueOf(delayMs);
        if (q < 0) {
            return false;
        }
        int n = sizes[q];
        if (keys[q] == null) {
            keys[q] = new long[32];
            slots[q] = new int[16];
        } else if (n == slots[q].length) {
            grow(q);
        }
        int at = (heads[q] + n) & (slots[q].length - 1);
        keys[q][2 * at] = timeMs;
        keys[q][2 * at + 1] = sequence;
        slots[q][at] = slot;
        sizes[q] = n + 1;
        size++;
        if (n == 0 && (first < 0 || before(q, first))) {
            first = q;
        }
        return true;
    }

    /** The queue for {@code delayMs}: the one holding that delay, else an empty one (given the delay), else -1. */
    private int queueOf(long delayMs) {
        int empty = -1;
        for (int q = 0; q < queueCount; q++) {
            if (delays[q] == delayMs) {
                return q;
            }
            if (empty < 0 && sizes[q] == 0) {
                empty = q;
            }
        }
        if (empty < 0) {
            if (queueCount == QUEUES_MAX) {
                return -1;
            }
            empty = queueCount++;
        }
        delays[empty] = delayMs;
        return empty;
    }

    /** Doubles queue {@code q}'s ring, its events from index 0 on in order. */
    private void grow(int q) {
        int n = sizes[q];
        int mask = slots[q].length - 1;
        long[] grownKeys = new long[keys[q].length * 2];
        int[] grownSlots = new int[slots[q].length * 2];
        for (int k = 0; k < n; k++) {
            int from = (heads[q] + k) & mask;
            grownKeys[2 * k] = keys[q][2 * from];
            grownKeys[2 * k + 1] = keys[q][2 * from + 1];
            grownSlots[k] = slots[q][from];
        }
        keys[q] = grownKeys;
        slots[q] = grownSlots;
        heads[q] = 0;
    }

    /** Whether queue {@code a}'s head comes before queue {@code b}'s (both non-empty). */
    private boolean before(int a, int b) {
        long timeA = keys[a][2 * heads[a]];
        long timeB = keys[b][2 * heads[b]];
        return timeA < timeB || timeA == timeB && keys[a][2 * heads[a] + 1] < keys[b][2 * heads[b] + 1];
    }

    /** The first event's time (at least one event queued). */
    long firstTime() {
        return keys[first][2 * heads[first]];
    }

    /** The first event's sequence (at least one event queued). */
    long firstSequence() {
        return keys[first][2 * heads[first] + 1];
    }

    /** The first event's slot (at least one event queued). */
    int firstSlot() {
        return slots[first][heads[first]];
    }

    /** Removes the first event (at least one event queued). */
    void removeFirst() {
        int q = first;
        heads[q] = (heads[q] + 1) & (slots[q].length - 1);
        sizes[q]--;
        size--;
        first = -1;
        for (int k = 0; k < queueCount; k++) {
            if (sizes[k] > 0 && (first < 0 || before(k, first))) {
                first = k;
            }
        }
    }
}
