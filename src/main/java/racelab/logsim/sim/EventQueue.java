package racelab.logsim.sim;

/**
 * The single scheduler of a simulation: events run in (timeMs, sequence) order, one at a time, and the clock jumps to
 * each event's time. An iteration limit turns a livelock into a loud failure instead of a hung run.
 *
 * <p>Layout: instead of a {@code PriorityQueue} of event objects, two heaps of primitives ({@link EventHeap}: time,
 * sequence and the slot of the action; the actions sit in slots that never move), so scheduling allocates nothing but
 * the action. Events due soon go to one heap, events due later (timeouts) to the other: log-bench keeps about 9,400
 * events pending, of which about 9,300 are due more than 100 ms ahead, while most events that run were scheduled a
 * few milliseconds before. The near heap thus stays small enough to live in the first-level cache, and only the
 * events that were scheduled far ahead pay for the deep heap. The next event is the earlier of the two heaps' first
 * events; every (timeMs, sequence) pair is unique, so the order is exactly that of the pairs, as with one heap.
 */
public final class EventQueue {

    /**
     * Events due within this many milliseconds of their scheduling go to {@link #near}, the others to {@link #far}.
     * Only speed depends on it: the first event is always the earlier of the two heaps' first ones.
     */
    private static final long NEAR_MS = 100;
    private final EventHeap near = new EventHeap();
    private final EventHeap far = new EventHeap();
    /** The pending actions, each in a slot that stays put while its heap entry moves; free slots are reused. */
    private Runnable[] actions = new Runnable[256];
    private int usedSlots;
    private int[] freeSlots = new int[256];
    private int freeSlotCount;
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
        EventHeap heap;
        while ((heap = firstHeap()) != null && heap.firstTime() <= endMs) {
            if (exhausted()) {
                return;
            }
            long timeMs = heap.firstTime();
            Runnable action = pop(heap);
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
        return near.size() + far.size();
    }

    private void push(long timeMs, long sequence, Runnable action) {
        int slot = takeSlot();
        actions[slot] = action;
        (timeMs - clock.nowMs() <= NEAR_MS ? near : far).push(timeMs, sequence, slot);
    }

    private int takeSlot() {
        if (freeSlotCount > 0) {
            return freeSlots[--freeSlotCount];
        }
        if (usedSlots == actions.length) {
            actions = java.util.Arrays.copyOf(actions, usedSlots * 2);
            freeSlots = java.util.Arrays.copyOf(freeSlots, usedSlots * 2);
        }
        return usedSlots++;
    }

    /** The heap holding the first event by (timeMs, sequence), or null when nothing is pending. */
    private EventHeap firstHeap() {
        if (far.size() == 0) {
            return near.size() == 0 ? null : near;
        }
        if (near.size() == 0) {
            return far;
        }
        long nearTime = near.firstTime();
        long farTime = far.firstTime();
        return nearTime < farTime || nearTime == farTime && near.firstSequence() < far.firstSequence() ? near : far;
    }

    /** Removes the first event of {@code heap} and returns its action. */
    private Runnable pop(EventHeap heap) {
        int slot = heap.firstSlot();
        heap.removeFirst();
        Runnable action = actions[slot];
        actions[slot] = null;
        freeSlots[freeSlotCount++] = slot;
        return action;
    }
}
