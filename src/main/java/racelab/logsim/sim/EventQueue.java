package racelab.logsim.sim;

import java.util.PriorityQueue;

/**
 * The single scheduler of a simulation: events run in (timeMs, sequence) order, one at a time, and the clock jumps to
 * each event's time. An iteration limit turns a livelock into a loud failure instead of a hung run.
 */
public final class EventQueue {

    private static final class Event implements Comparable<Event> {
        final long timeMs;
        final long sequence;
        final Runnable action;

        Event(long timeMs, long sequence, Runnable action) {
            this.timeMs = timeMs;
            this.sequence = sequence;
            this.action = action;
        }

        @Override
        public int compareTo(Event other) {
            int byTime = Long.compare(timeMs, other.timeMs);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }

    private final PriorityQueue<Event> events = new PriorityQueue<>();
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
        events.add(new Event(timeMs, nextSequence++, action));
    }

    /**
     * Runs {@code action} now, before every other event already queued for this moment: a fault placed "after event
     * N" of a step trace fires right after N's action, with nothing in between.
     */
    public void first(Runnable action) {
        events.add(new Event(clock.nowMs(), nextFirstSequence++, action));
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
        while (!events.isEmpty() && events.peek().timeMs <= endMs) {
            if (exhausted()) {
                return;
            }
            Event event = events.poll();
            clock.advanceTo(event.timeMs);
            if (++iterations > iterationsMax) {
                throw new IllegalStateException("simulation exceeded " + iterationsMax + " events at " + clock.nowMs()
                        + " ms; a component is rescheduling itself without progress");
            }
            event.action.run();
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
        return events.size();
    }
}
