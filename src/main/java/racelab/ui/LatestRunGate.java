package racelab.ui;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The newest request wins: a page publishes a numbered run request, its view computes it off the FX thread, and
 * only the answer to the newest request reaches the screen, so a fast click after a slow run never shows stale
 * results.
 *
 * <p>Imports only {@code javafx.beans}, so view models using it test without a toolkit.
 *
 * @param <Q> the page's request record
 */
public final class LatestRunGate<Q extends LatestRunGate.Request> {

    /** A request stamped with the generation it was published in. */
    public interface Request {
        long generation();
    }

    private final ReadOnlyObjectWrapper<Q> pending = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    /** Read by the run's own thread to stop early once superseded or cancelled. */
    private volatile long generation;

    /** The generation for the next request; every earlier request is superseded from now on. */
    public long nextGeneration() {
        return ++generation;
    }

    /** Publishes a request made with {@link #nextGeneration()}; the view computes it. */
    public void publish(Q request) {
        pending.set(request);
    }

    /** The view started computing {@code request}. */
    public void started(Q request) {
        if (isNewest(request)) {
            running.set(true);
        }
    }

    /**
     * Cancels the newest request: the gate is idle at once with {@code message} as the error, and whatever that run
     * still produces is dropped. A run can watch {@link #isCurrent} to stop early.
     */
    public void cancel(String message) {
        if (!running.get()) {
            return;
        }
        generation++;
        running.set(false);
        pending.set(null);
        error.set(message);
    }

    /** Whether {@code request} is still the newest, neither superseded nor cancelled; safe from any thread. */
    public boolean isCurrent(Q request) {
        return isNewest(request);
    }

    /** True when {@code request} is still the newest: the caller shows its result, and the gate is idle again. */
    public boolean succeeded(Q request) {
        return finish(request, "");
    }

    /** Records the failure of the newest request; false (and nothing changes) when it was superseded. */
    public boolean failed(Q request, String message) {
        return finish(request, message);
    }

    private boolean finish(Q request, String message) {
        if (!isNewest(request)) {
            return false;
        }
        running.set(false);
        pending.set(null);
        error.set(message);
        return true;
    }

    private boolean isNewest(Q request) {
        return request.generation() == generation;
    }

    /** The request waiting to be computed, or null. */
    public ReadOnlyObjectProperty<Q> pendingProperty() {
        return pending.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** Why the newest run failed; empty when it did not. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }
}
