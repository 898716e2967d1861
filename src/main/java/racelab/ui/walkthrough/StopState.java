package racelab.ui.walkthrough;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import racelab.walkthrough.Answer;
import racelab.walkthrough.ChallengeKey;
import racelab.walkthrough.Stop;
import racelab.walkthrough.StopResult;

/**
 * Everything a session remembers about one stop: whether it was visited and revealed, the prediction, hints and
 * challenge moves, the interviewer's notes, the measured answer and the picture for the report.
 */
public final class StopState {

    private final Stop stop;
    private final BooleanProperty visited = new SimpleBooleanProperty(false);
    private final BooleanProperty revealed = new SimpleBooleanProperty(false);
    private final StringProperty prediction = new SimpleStringProperty("");
    private final BooleanProperty predictionLocked = new SimpleBooleanProperty(false);
    private final IntegerProperty hintsShown = new SimpleIntegerProperty(0);
    private final IntegerProperty moves = new SimpleIntegerProperty(0);
    private final BooleanProperty won = new SimpleBooleanProperty(false);
    private final BooleanProperty solutionShown = new SimpleBooleanProperty(false);
    private final IntegerProperty bestMoves = new SimpleIntegerProperty(-1);
    private final StringProperty notes = new SimpleStringProperty("");
    private final ObjectProperty<StopResult> result = new SimpleObjectProperty<>();
    private final ObjectProperty<Answer> answer = new SimpleObjectProperty<>();
    private final ObjectProperty<ChallengeKey.Solution> solution = new SimpleObjectProperty<>();
    private final StringProperty measureError = new SimpleStringProperty("");
    private byte[] picture;

    StopState(Stop stop) {
        this.stop = stop;
    }

    public Stop stop() {
        return stop;
    }

    public BooleanProperty visitedProperty() {
        return visited;
    }

    /** Revealed by the interviewer (the button or R); outside interview mode everything shows anyway. */
    public BooleanProperty revealedProperty() {
        return revealed;
    }

    /** The candidate's prediction as typed or chosen. */
    public StringProperty predictionProperty() {
        return prediction;
    }

    /** Entered (Enter or a choice): the candidate committed to it before the reveal. */
    public BooleanProperty predictionLockedProperty() {
        return predictionLocked;
    }

    public IntegerProperty hintsShownProperty() {
        return hintsShown;
    }

    /** Challenge moves: accepted drags, mitigations, power cuts or settings tried. */
    public IntegerProperty movesProperty() {
        return moves;
    }

    public BooleanProperty wonProperty() {
        return won;
    }

    public BooleanProperty solutionShownProperty() {
        return solutionShown;
    }

    /** Fewest moves this challenge was ever solved in (remembered), or -1. */
    public IntegerProperty bestMovesProperty() {
        return bestMoves;
    }

    public StringProperty notesProperty() {
        return notes;
    }

    /** The stop's own real run, measured in the background when the stop is first shown. */
    public ObjectProperty<StopResult> resultProperty() {
        return result;
    }

    /** The measured answer to the prediction; held here, put on screen only at the reveal. */
    public ObjectProperty<Answer> answerProperty() {
        return answer;
    }

    /** A challenge's solution found by search (explorer or isolator), or null while searching or when none. */
    public ObjectProperty<ChallengeKey.Solution> solutionProperty() {
        return solution;
    }

    /** Why measuring failed, for a message; empty when it did not. */
    public StringProperty measureErrorProperty() {
        return measureError;
    }

    /** The key-step picture for the report (PNG), or null. */
    public byte[] picture() {
        return picture;
    }

    public void setPicture(byte[] png) {
        picture = png;
    }

    /** Whether the candidate's prediction matched the real run; null when nothing can be checked yet. */
    public Boolean predictionRight() {
        if (stop.prediction() == null || answer.get() == null || prediction.get().isBlank()) {
            return null;
        }
        return answer.get().matches(prediction.get());
    }
}
