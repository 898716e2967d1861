package racelab.explore;

/**
 * A cooperative cancel flag shared between whoever starts a search (a UI task, a test) and the search itself.
 *
 * <p>The search checks it before each run; a run already released to the database finishes first, so cancelling
 * never leaves a lane half-way through a transaction.
 */
public final class Cancellation {

    private volatile boolean cancelled;

    /** Asks the search to stop before its next run; safe to call from any thread, more than once. */
    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }
}
