package racelab.ui.replay;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
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

    private final ObservableList<TraceStep> steps = FXCollections.observableArrayList();
    // Kept in a field: a wrapper nobody holds is garbage collected and silently stops forwarding changes.
    private final ObservableList<TraceStep> stepsReadOnly = FXCollections.unmodifiableObservableList(steps);
    private final ReadOnlyObjectWrapper<Map<String, Long>> openingBalances = new ReadOnlyObjectWrapper<>(Map.of());
    private final IntegerProperty position = new SimpleIntegerProperty(0);
    private final ReadOnlyIntegerWrapper size = new ReadOnlyIntegerWrapper(0);
    private final ReadOnlyObjectWrapper<TraceStep> currentStep = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Map<String, Long>> currentBalances = new ReadOnlyObjectWrapper<>(Map.of());
    private final ReadOnlyObjectWrapper<Map<String, Long>> previousBalances = new ReadOnlyObjectWrapper<>(Map.of());
    private final BooleanProperty playing = new SimpleBooleanProperty(false);
    private final DoubleProperty speedStepsPerSecond = new SimpleDoubleProperty(1.0);
    private final BooleanBinding atStart = position.lessThanOrEqualTo(0);
    private final BooleanBinding atEnd = Bindings.createBooleanBinding(
            () -> position.get() >= size.get(), position, size);

    public ReplayViewModel() {
        position.addListener((obs, old, now) -> {
            int clamped = clamp(now.intValue());
            if (clamped != now.intValue()) {
                position.set(clamped);
                return;
            }
            refresh();
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
        return position;
    }

    @Override
    public int getPosition() {
        return position.get();
    }

    /** Number of events in the trace. */
    @Override
    public ReadOnlyIntegerProperty sizeProperty() {
        return size.getReadOnlyProperty();
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
        return playing;
    }

    @Override
    public DoubleProperty speedStepsPerSecondProperty() {
        return speedStepsPerSecond;
    }

    @Override
    public BooleanBinding atStartBinding() {
        return atStart;
    }

    @Override
    public BooleanBinding atEndBinding() {
        return atEnd;
    }

    //*************************************************************************
    // Commands                                                              //
    //*************************************************************************

    /**
     * Replaces the trace; the position stays where it was when the new trace is long enough, so editing a
     * schedule keeps the user's place in the story.
     */
    public void load(Map<String, Long> opening, List<TraceStep> trace) {
        int keep = position.get();
        openingBalances.set(Collections.unmodifiableMap(new LinkedHashMap<>(opening)));
        steps.setAll(trace);
        size.set(trace.size());
        if (clamp(keep) == keep) {
            refresh();
        }
        position.set(clamp(keep));
    }

    /** Runs one more event; returns false at the end (and stops playing). */
    @Override
    public boolean forward() {
        if (position.get() >= size.get()) {
            playing.set(false);
            return false;
        }
        position.set(position.get() + 1);
        return true;
    }

    @Override
    public void back() {
        position.set(position.get() - 1);
    }

    @Override
    public void toStart() {
        position.set(0);
    }

    @Override
    public void toEnd() {
        position.set(size.get());
    }

    /** Space bar: play from the current place, or from the start when already at the end. */
    @Override
    public void togglePlaying() {
        if (playing.get()) {
            playing.set(false);
            return;
        }
        if (position.get() >= size.get()) {
            position.set(0);
        }
        playing.set(size.get() > 0);
    }

    private int clamp(int wanted) {
        return Math.max(0, Math.min(wanted, size.get()));
    }

    private void refresh() {
        int k = position.get();
        currentStep.set(k == 0 ? null : steps.get(k - 1));
        currentBalances.set(balancesAt(k));
        previousBalances.set(balancesAt(Math.max(0, k - 1)));
    }

    private Map<String, Long> balancesAt(int k) {
        return k == 0 ? openingBalances.get() : steps.get(k - 1).balances();
    }
}
