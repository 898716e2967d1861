package racelab.ui.replay;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import racelab.ledger.TraceStep;

/**
 * A cursor over the immutable trace of a run: stepping back is moving the cursor, never undoing a database.
 *
 * <p>The position counts executed trace events: {@code 0} is the start (opening balances, nothing ran),
 * {@code k} means events {@code 0..k-1} ran and event {@code k-1} is the current one. Playing is a flag here;
 * the view owns the clock that calls {@link #forward()}, so this class needs no toolkit.
 */
public final class ReplayViewModel implements ReplayCursor {

    /** Replay speeds offered to the user, in trace events per second. */
    public static final List<Double> SPEEDS_STEPS_PER_SECOND = List.of(0.5, 1.0, 2.0, 4.0);

    /** Position, size, playing and speed: the same cursor the log timeline uses, with this trace's views on top. */
    private final StepCursor cursor = new StepCursor();
    private final ObservableList<TraceStep> steps = FXCollections.observableArrayList();
    // Kept in a field: a wrapper nobody holds is garbage collected and silently stops forwarding changes.
    private final ObservableList<TraceStep> stepsReadOnly = FXCollections.unmodifiableObservableList(steps);
    private final ReadOnlyObjectWrapper<Map<String, Long>> openingBalances = new ReadOnlyObjectWrapper<>(Map.of());
    private final ReadOnlyObjectWrapper<TraceStep> currentStep = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Map<String, Long>> currentBalances = new ReadOnlyObjectWrapper<>(Map.of());
    private final ReadOnlyObjectWrapper<Map<String, Long>> previousBalances = new ReadOnlyObjectWrapper<>(Map.of());

    public ReplayViewModel() {
        // The cursor clamps a position out of range by setting it again; only a position in range is shown.
        cursor.positionProperty().addListener((obs, old, now) -> {
            if (now.intValue() == cursor.getPosition()) {
                refresh();
            }
        });
    }

    //*************************************************************************
    // Properties                                                            //
    //*************************************************************************

    /** The trace being replayed, read-only for views. */
    public ObservableList<TraceStep> steps() {
        return stepsReadOnly;
    }

    /** Number of executed events: 0 = start, {@link #sizeProperty()} = end. Views may bind a scrubber to it. */
    @Override
    public IntegerProperty positionProperty() {
        return cursor.positionProperty();
    }

    /** Number of events in the trace. */
    @Override
    public ReadOnlyIntegerProperty sizeProperty() {
        return cursor.sizeProperty();
    }

    /** The event that just ran, or null at the start. */
    public ReadOnlyObjectProperty<TraceStep> currentStepProperty() {
        return currentStep.getReadOnlyProperty();
    }

    public TraceStep getCurrentStep() {
        return currentStep.get();
    }

    /** Committed balances after the current event (opening balances at the start). */
    public ReadOnlyObjectProperty<Map<String, Long>> currentBalancesProperty() {
        return currentBalances.getReadOnlyProperty();
    }

    /** Balances one event earlier, so views can animate from there. */
    public ReadOnlyObjectProperty<Map<String, Long>> previousBalancesProperty() {
        return previousBalances.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Map<String, Long>> openingBalancesProperty() {
        return openingBalances.getReadOnlyProperty();
    }

    @Override
    public BooleanProperty playingProperty() {
        return cursor.playingProperty();
    }

    @Override
    public DoubleProperty speedStepsPerSecondProperty() {
        return cursor.speedStepsPerSecondProperty();
    }

    @Override
    public BooleanBinding atStartBinding() {
        return cursor.atStartBinding();
    }

    @Override
    public BooleanBinding atEndBinding() {
        return cursor.atEndBinding();
    }

    //*************************************************************************
    // Commands                                                              //
    //*************************************************************************

    /**
     * Replaces the trace; the position stays where it was when the new trace is long enough, so editing a
     * schedule keeps the user's place in the story.
     */
    public void load(Map<String, Long> opening, List<TraceStep> trace) {
        int keep = cursor.getPosition();
        openingBalances.set(Collections.unmodifiableMap(new LinkedHashMap<>(opening)));
        steps.setAll(trace);
        cursor.resize(trace.size());
        if (cursor.getPosition() == keep) {
            // The position did not move, so no listener showed the new trace's step there.
            refresh();
        }
    }

    /** Runs one more event; returns false at the end (and stops playing). */
    @Override
    public boolean forward() {
        return cursor.forward();
    }

    @Override
    public void back() {
        cursor.back();
    }

    @Override
    public void toStart() {
        cursor.toStart();
    }

    @Override
    public void toEnd() {
        cursor.toEnd();
    }

    /** Space bar: play from the current place, or from the start when already at the end. */
    @Override
    public void togglePlaying() {
        cursor.togglePlaying();
    }

    private void refresh() {
        int k = cursor.getPosition();
        currentStep.set(k == 0 ? null : steps.get(k - 1));
        currentBalances.set(balancesAt(k));
        previousBalances.set(balancesAt(Math.max(0, k - 1)));
    }

    private Map<String, Long> balancesAt(int k) {
        return k == 0 ? openingBalances.get() : steps.get(k - 1).balances();
    }
}
