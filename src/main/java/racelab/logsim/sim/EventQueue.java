package racelab.logsim.sim;

/**
 * The single scheduler of a simulation: events run in (timeMs, sequence) order, one at a time, and the clock jumps to
 * each event's time. An iteration limit turns a livelock into a loud failure instead of a hung run.
 *
 * <p>Layout: a binary heap over parallel arrays (time, sequence, action) instead of a {@code PriorityQueue} of event
 * objects, so scheduling allocates nothing but the action and a comparison reads two longs from two arrays (log-bench
 * runs half a million events). The order is exactly the one of the (timeMs, sequence) pair, as before.
 */
public final class EventQueue {

    private long[] times = new long[256];
    private long[] sequences = new long[256];
    private Runnable[] actions = new Runnable[256];
    private int size;
    private final ManualClock clock;
    private final long iterationsMax;
    private long iterations;
    private long nextSequence;
    private long budget = Long.MAX_VALUE;
    /** Sequence numbers of {@link #first} events: below every ordinary one, in the order they were asked for. */
    private long nextFirstSequence = Long.MIN_VALUE;
    private Runnable afterEach;

    public EventQueue(ManualClock clock, long iterationsMax) {
        this.clock = clock;
        this.iterationsMax = iterationsMax;
    }

    public ManualClock clock() {
        return clock;
    }

    public long nowMs() {
        return clock.nowMs();
    }

    /** Runs {@code action} at {@code timeMs}, which must not be in the past. */
    public void at(long timeMs, Runnable action) {
        if (timeMs < clock.nowMs()) {
            throw new IllegalArgumentException("cannot schedule at " + timeMs + " ms, it is already " + clock.nowMs() + " ms");
        }
        push(timeMs, nextSequence++, action);
    }

    /**
     * Runs {@code action} now, before every other event already queued for this moment: a fault placed "after event
     * N" of a step trace fires right after N's action, with nothing in between.
     */
    public void first(Runnable action) {
        push(clock.nowMs(), nextFirstSequence++, action);
    }

    /** Calls {@code observer} after every action (a step recording reads the simulator's state there); null: none. */
    public void afterEach(Runnable observer) {
        afterEach = observer;
    }

    /**
     * Runs {@code action} after {@code delayMs}. Saturating: a delay such as {@code linger.ms=Long.MAX_VALUE} (valid
     * in Kafka, where it means "only when the batch is full") schedules at the end of time instead of overflowing into
     * the past; runs end long before.
     */
    public void after(long delayMs, Runnable action) {
        at(later(clock.nowMs(), delayMs), action);
    }

    /** {@code timeMs + delayMs}, saturating at {@code Long.MAX_VALUE}: settings may be as large as Kafka allows. */
    public static long later(long timeMs, long delayMs) {
        long sum = timeMs + Math.max(0, delayMs);
        return sum < timeMs ? Long.MAX_VALUE : sum;
    }

    /**
     * Stops running events once {@code events} have run: {@link #runUntil} then returns early and
     * {@link #exhausted()} is true. Unlike the iteration limit, which fails loudly, this ends a run that is still
     * busy with an outcome the caller can report.
     */
    public void budget(long events) {
        budget = events;
    }

    /** Whether the budget ran out; the clock then stands at the last event that ran. */
    public boolean exhausted() {
        return iterations >= budget;
    }

    /**
     * Runs every event up to and including {@code endMs}, then sets the clock to {@code endMs}; with the budget
     * exhausted it returns at once, leaving the clock at the last event run.
     */
    public void runUntil(long endMs) {
        while (size > 0 && times[0] <= endMs) {
            if (exhausted()) {
                return;
            }
            long timeMs = times[0];
            Runnable action = pop();
            clock.advanceTo(timeMs);
            if (++iterations > iterationsMax) {
                throw new IllegalStateException("simulation exceeded " + iterationsMax + " events at " + clock.nowMs()
                        + " ms; a component is rescheduling itself without progress");
            }
            action.run();
            if (afterEach != null) {
                afterEach.run();
            }
        }
        if (endMs > clock.nowMs()) {
            clock.advanceTo(endMs);
        }
    }

    public long iterations() {
        return iterations;
    }

    public int pending() {
        return size;
    }

    private void push(long timeMs, long sequence, Runnable action) {
        if (size == times.length) {
            times = java.util.Arrays.copyOf(times, size * 2);
            sequences = java.util.Arrays.copyOf(sequences, size * 2);
            actions = java.util.Arrays.copyOf(actions, size * 2);
        }
        // Sift up by moving parents down into the hole, then write the new event once.
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            long parentTime = times[parent];
            if (parentTime < timeMs || parentTime == timeMs && sequences[parent] < sequence) {
                break;
            }
            times[i] = parentTime;
            sequences[i] = sequences[parent];
            actions[i] = actions[parent];
            i = parent;
        }
        times[i] = timeMs;
        sequences[i] = sequence;
        actions[i] = action;
    }

    /** Removes the first event and returns its action. */
    private Runnable pop() {
        Runnable first = actions[0];
        int last = --size;
        long timeMs = times[last];
        long sequence = sequences[last];
        Runnable action = actions[last];
        actions[last] = null;
        // Sift the last event down from the root by moving the earlier child up into the hole.
        int i = 0;
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && (times[right] < times[child]
                    || times[right] == times[child] && sequences[right] < sequences[child])) {
                child = right;
            }
            long childTime = times[child];
            if (timeMs < childTime || timeMs == childTime && sequence < sequences[child]) {
                break;
            }
            times[i] = childTime;
            sequences[i] = sequences[child];
            actions[i] = actions[child];
            i = child;
        }
        if (size > 0) {
            times[i] = timeMs;
            sequences[i] = sequence;
            actions[i] = action;
        }
        return first;
    }
}
