package racelab.ui.replay;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;

/**
 * A bare {@link ReplayCursor}: a position clamped to {@code 0..size}, with no knowledge of what is at a position.
 * Pages whose per-step views are computed once per run (the log timeline) index them with it.
 */
public final class StepCursor implements ReplayCursor {

    private final IntegerProperty position = new SimpleIntegerProperty(0);
    private final ReadOnlyIntegerWrapper size = new ReadOnlyIntegerWrapper(0);
    private final BooleanProperty playing = new SimpleBooleanProperty(false);
    private final DoubleProperty speedStepsPerSecond = new SimpleDoubleProperty(1.0);
    private final BooleanBinding atStart = position.lessThanOrEqualTo(0);
    private final BooleanBinding atEnd = Bindings.createBooleanBinding(
            () -> position.get() >= size.get(), position, size);

    public StepCursor() {
        position.addListener((obs, old, now) -> {
            int clamped = clamp(now.intValue());
            if (clamped != now.intValue()) {
                position.set(clamped);
            }
        });
    }

    /** Sets the number of events; the position is kept when it still fits, else moved to the new end. */
    public void resize(int events) {
        if (events < 0) {
            throw new IllegalArgumentException("a run has at least 0 events, not " + events);
        }
        size.set(events);
        position.set(clamp(position.get()));
    }

    @Override
    public IntegerProperty positionProperty() {
        return position;
    }

    @Override
    public ReadOnlyIntegerProperty sizeProperty() {
        return size.getReadOnlyProperty();
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
}
