package racelab.logsim.trace;

/**
 * How much of a run to record. Small step scenes record everything; a big scene records a window of simulated time
 * (around its fault) so the timeline never holds thousands of cards.
 *
 * @param fromMs first simulated ms recorded
 * @param toMs last simulated ms recorded (inclusive)
 * @param eventsMax recording stops after this many events ({@link StepTrace#complete()} then says so)
 * @param statesEntriesMax entry states are kept per step only for journals of at most this many entries
 */
public record StepOptions(long fromMs, long toMs, int eventsMax, int statesEntriesMax) {

    /** Everything, with entry states for journals up to 64 entries, at most 20,000 events. */
    public static final StepOptions ALL = new StepOptions(0, Long.MAX_VALUE, 20_000, 64);

    /** Counts events (for faults placed by position) and keeps none. */
    public static final StepOptions COUNT_ONLY = new StepOptions(0, Long.MAX_VALUE, 0, 0);

    /** A window of simulated time, e.g. around a big scene's fault. */
    public static StepOptions window(long fromMs, long toMs, int eventsMax) {
        return new StepOptions(fromMs, toMs, eventsMax, 64);
    }

    public boolean covers(long timeMs) {
        return timeMs >= fromMs && timeMs <= toMs;
    }
}
