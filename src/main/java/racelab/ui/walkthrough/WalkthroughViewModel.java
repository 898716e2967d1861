package racelab.ui.walkthrough;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import racelab.walkthrough.SessionRecord;
import racelab.walkthrough.Stop;
import racelab.walkthrough.Walkthrough;
import racelab.walkthrough.WalkthroughPreferences;

/**
 * A walkthrough session: the path (interview or class), the current stop, interview mode, the private notes pane,
 * and each stop's {@link StopState}. Imports only {@code javafx.beans}, so it is tested without a toolkit.
 */
public final class WalkthroughViewModel {

    private final Walkthrough walkthrough;
    private final WalkthroughPreferences preferences;
    private final ObjectProperty<Walkthrough.Track> track = new SimpleObjectProperty<>(Walkthrough.Track.INTERVIEW);
    private final IntegerProperty index = new SimpleIntegerProperty(0);
    private final BooleanProperty interviewMode = new SimpleBooleanProperty(true);
    private final BooleanProperty notesVisible = new SimpleBooleanProperty(true);
    private final Map<String, StopState> states = new LinkedHashMap<>();
    private final ReadOnlyObjectWrapper<StopState> current = new ReadOnlyObjectWrapper<>();

    public WalkthroughViewModel(Walkthrough walkthrough, WalkthroughPreferences preferences) {
        this.walkthrough = walkthrough;
        this.preferences = preferences;
        for (Stop stop : walkthrough.stops()) {
            StopState state = new StopState(stop);
            if (stop.challenge() != null) {
                state.bestMovesProperty().set(preferences.bestMoves(walkthrough.id(), stop.id()));
            }
            states.put(stop.id(), state);
        }
        interviewMode.set(preferences.interviewMode());
        interviewMode.addListener((obs, old, now) -> preferences.saveInterviewMode(now));
        track.addListener((obs, old, now) -> {
            index.set(0);
            refresh();
        });
        index.addListener((obs, old, now) -> refresh());
        refresh();
    }

    public Walkthrough walkthrough() {
        return walkthrough;
    }

    public WalkthroughPreferences preferences() {
        return preferences;
    }

    public ObjectProperty<Walkthrough.Track> trackProperty() {
        return track;
    }

    /** Position in the current path, 0-based. */
    public IntegerProperty indexProperty() {
        return index;
    }

    /** Answers, verdicts, outcomes, forensics and trade-offs hidden until revealed; remembered. */
    public BooleanProperty interviewModeProperty() {
        return interviewMode;
    }

    /** The interviewer's private pane (follow-ups with model answers, notes); hide it while screen-sharing. */
    public BooleanProperty notesVisibleProperty() {
        return notesVisible;
    }

    public ReadOnlyObjectProperty<StopState> currentProperty() {
        return current.getReadOnlyProperty();
    }

    public StopState current() {
        return current.get();
    }

    /** The stops of the current path. */
    public List<Stop> path() {
        return walkthrough.stops(track.get());
    }

    public StopState state(Stop stop) {
        return states.get(stop.id());
    }

    /** Whether the current stop's answers are on screen: revealed, or interview mode off. */
    public BooleanBinding shownBinding(StopState state) {
        return Bindings.createBooleanBinding(() -> !interviewMode.get() || state.revealedProperty().get(),
                interviewMode, state.revealedProperty());
    }

    public boolean isShown(StopState state) {
        return !interviewMode.get() || state.revealedProperty().get();
    }

    public boolean next() {
        if (index.get() + 1 >= path().size()) {
            return false;
        }
        index.set(index.get() + 1);
        return true;
    }

    public boolean previous() {
        if (index.get() == 0) {
            return false;
        }
        index.set(index.get() - 1);
        return true;
    }

    /** Reveals the current stop: the real run, the answer check, the explanation. */
    public void reveal() {
        StopState state = current();
        if (state != null) {
            if (!state.predictionProperty().get().isBlank()) {
                state.predictionLockedProperty().set(true);
            }
            state.revealedProperty().set(true);
        }
    }

    /** Shows one more hint of the stop (its challenge's hints after its own); false when none is left. */
    public boolean nextHint() {
        StopState state = current();
        if (state == null || state.hintsShownProperty().get() >= hints(state.stop()).size()) {
            return false;
        }
        state.hintsShownProperty().set(state.hintsShownProperty().get() + 1);
        return true;
    }

    /** The stop's hints, then its challenge's. */
    public static List<String> hints(Stop stop) {
        List<String> hints = new ArrayList<>(stop.hints());
        if (stop.challenge() != null) {
            hints.addAll(stop.challenge().hints());
        }
        return hints;
    }

    /** Counts one challenge move of the current stop, unless it is already won. */
    public void countMove(StopState state) {
        if (!state.wonProperty().get()) {
            state.movesProperty().set(state.movesProperty().get() + 1);
        }
    }

    /**
     * Records a won challenge: the first win stays; a win reached through "show solution" is recorded as won but
     * not remembered as solved.
     */
    public void won(StopState state) {
        if (state.wonProperty().get()) {
            return;
        }
        state.wonProperty().set(true);
        if (!state.solutionShownProperty().get()) {
            state.bestMovesProperty().set(preferences.recordWin(walkthrough.id(), state.stop().id(),
                    state.movesProperty().get()));
        }
    }

    private void refresh() {
        List<Stop> path = path();
        if (path.isEmpty()) {
            current.set(null);
            return;
        }
        int at = Math.max(0, Math.min(index.get(), path.size() - 1));
        StopState state = states.get(path.get(at).id());
        state.visitedProperty().set(true);
        current.set(state);
    }

    /** The session so far, for the report. */
    public SessionRecord record(ZonedDateTime when) {
        List<SessionRecord.StopRecord> stops = new ArrayList<>();
        for (Stop stop : path()) {
            StopState state = states.get(stop.id());
            boolean shown = state.visitedProperty().get() && isShown(state);
            String prediction = state.predictionProperty().get().isBlank() ? null : state.predictionProperty().get();
            stops.add(new SessionRecord.StopRecord(stop.id(), stop.title(), stop.sceneFile().toString(),
                    stop.minutes(), state.visitedProperty().get(), shown,
                    stop.prediction() == null ? null : stop.prediction().prompt(), prediction,
                    shown && state.answerProperty().get() != null ? state.answerProperty().get().value() : null,
                    shown && state.answerProperty().get() != null ? state.answerProperty().get().source() : null,
                    shown ? state.predictionRight() : null, state.hintsShownProperty().get(), hints(stop).size(),
                    stop.challenge() == null ? null : stop.challenge().prompt(), state.movesProperty().get(),
                    state.wonProperty().get(), state.solutionShownProperty().get(), state.bestMovesProperty().get(),
                    state.notesProperty().get(),
                    state.visitedProperty().get() && state.resultProperty().get() != null
                            ? state.resultProperty().get().outcomeLine() : null,
                    state.picture()));
        }
        return new SessionRecord(walkthrough.title(), walkthrough.file(),
                when.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")), track.get(), interviewMode.get(),
                stops);
    }
}
