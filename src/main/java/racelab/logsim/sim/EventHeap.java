package racelab.logsim.sim;

import java.util.Arrays;

/**
 * A four-ary min-heap of events by (timeMs, sequence), all primitives: an entry is the event's time and sequence side
 * by side in one {@code long[]} and an int naming where its action is kept ({@link EventQueue}'s slots). Sifting moves
 * no references: under G1 every reference stored into an old array costs a write barrier that dirties a card for the
 * next collection to scan, and a binary heap of actions moved one reference per level. Four children per node halve
 * the depth of a binary heap, and their keys are 64 adjacent bytes, so a sift touches few cache lines.
 */
final class EventHeap {

    /** Entry k's time at {@code 2k} and sequence at {@code 2k + 1}: the two longs a comparison reads sit together. */
    private long[] keys = new long[128];
    private int[] slots = new int[64];
    private int size;

    int size() {
        return size;
    }

    /** The first entry's time (the heap must not be empty). */
    long firstTime() {
        return keys[0];
    }

    /** The first entry's sequence (the heap must not be empty). */
    long firstSequence() {
        return keys[1];
    }

    /** The first entry's slot (the heap must not be empty). */
    int firstSlot() {
        return slots[0];
    }

    void push(long timeMs, long sequence, int slot) {
        if (size == slots.length) {
            keys = Arrays.copyOf(keys, size * 4);
            slots = Arrays.copyOf(slots, size * 2);
        }
        // Sift up by moving parents down into the hole, then write the new entry once.
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 2;
            long parentTime = keys[2 * parent];
            if (parentTime < timeMs || parentTime == timeMs && keys[2 * parent + 1] < sequence) {
                break;
            }
            keys[2 * i] = parentTime;
            keys[2 * i + 1] = keys[2 * parent + 1];
            slots[i] = slots[parent];
            i = parent;
        }
        keys[2 * i] = timeMs;
        keys[2 * i + 1] = sequence;
        slots[i] = slot;
    }

    /** Removes the first entry (the heap must not be empty). */
    void removeFirst() {
        int last = --size;
        long timeMs = keys[2 * last];
        long sequence = keys[2 * last + 1];
        int slot = slots[last];
        // Sift the last entry down from the root by moving the earliest of the (up to four) children into the hole.
        int i = 0;
        while (true) {
            int child = 4 * i + 1;
            if (child >= size) {
                break;
            }
            int end = Math.min(child + 4, size);
            long childTime = keys[2 * child];
            long childSequence = keys[2 * child + 1];
            for (int c = child + 1; c < end; c++) {
                long t = keys[2 * c];
                if (t < childTime || t == childTime && keys[2 * c + 1] < childSequence) {
                    child = c;
                    childTime = t;
                    childSequence = keys[2 * c + 1];
                }
            }
            if (timeMs < childTime || timeMs == childTime && sequence < childSequence) {
                break;
            }
            keys[2 * i] = childTime;
            keys[2 * i + 1] = childSequence;
            slots[i] = slots[child];
            i = child;
        }
        if (size > 0) {
            keys[2 * i] = timeMs;
            keys[2 * i + 1] = sequence;
            slots[i] = slot;
        }
    }
}
