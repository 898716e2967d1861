package racelab.ui.replay;

import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;

/**
 * A cursor over an immutable run that the replay bar ({@link ReplayControlsView}) drives: the ledger timeline, the
 * compare page and the log timeline all step with the same buttons and keys through it.
 *
 * <p>Position {@code 0} is the start (nothing ran); {@code k} means the first {@code k} events ran. Stepping back is
 * moving the cursor, never undoing anything.
 */
public interface ReplayCursor {

    /** Number of executed events: 0 = start, {@link #sizeProperty()} = end. */
    IntegerProperty positionProperty();

    default int getPosition() {
        return positionProperty().get();
    }

    /** Number of events in the run. */
    ReadOnlyIntegerProperty sizeProperty();

    BooleanProperty playingProperty();

    DoubleProperty speedStepsPerSecondProperty();

    BooleanBinding atStartBinding();

    BooleanBinding atEndBinding();

    /** Runs one more event; returns false at the end (and stops playing). */
    boolean forward();

    void back();

    void toStart();

    void toEnd();

    /** Space bar: play from the current place, or from the start when already at the end. */
    void togglePlaying();
}
