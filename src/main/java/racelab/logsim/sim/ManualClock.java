package racelab.logsim.sim;

/**
 * Simulated time in milliseconds. It moves only when the event loop advances it and refuses to go back, like Kafka's
 * {@code MockTime}: a rewind would mean two runs of one seed could disagree.
 */
public final class ManualClock {

    private long nowMs;

    public long nowMs() {
        return nowMs;
    }

    /** Moves the clock to {@code timeMs}; throws if that is in the past. */
    public void advanceTo(long timeMs) {
        if (timeMs < nowMs) {
            throw new IllegalStateException("simulated clock cannot go back from " + nowMs + " ms to " + timeMs + " ms");
        }
        nowMs = timeMs;
    }
}
