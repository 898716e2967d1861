package racelab.ui.timeline;

import javafx.css.PseudoClass;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import racelab.ledger.StepOutcome;

/**
 * One step on the timeline: its phase in bold and, below, what happened to it so far.
 *
 * <p>Each outcome has its own pseudo-class ({@code :waiting}, {@code :aborted}, {@code :declined}, ...) so the
 * looks live in {@code lab.css} and follow the light or dark theme.
 */
final class StepCard extends VBox {

    private static final PseudoClass PENDING = PseudoClass.getPseudoClass("pending");
    private static final PseudoClass CURRENT = PseudoClass.getPseudoClass("current");
    private static final PseudoClass SELECTED = PseudoClass.getPseudoClass("selected");
    private static final PseudoClass WAITING = PseudoClass.getPseudoClass("waiting");
    private static final PseudoClass DECLINED = PseudoClass.getPseudoClass("declined");
    private static final PseudoClass ABORTED = PseudoClass.getPseudoClass("aborted");
    private static final PseudoClass RETRIED = PseudoClass.getPseudoClass("retried");
    private static final PseudoClass SKIPPED = PseudoClass.getPseudoClass("skipped");
    static final PseudoClass DRAGGING = PseudoClass.getPseudoClass("dragging");

    private final Label phase = new Label();
    private final Label outcome = new Label();
    private final Tooltip tip = new Tooltip();
    private CardState state;

    StepCard(CardState state, boolean selected, String laneColor, String sqlText) {
        getStyleClass().add("step-card");
        setId("card-" + state.step().lane() + "-" + state.step().phase());
        setStyle("-lane-color: " + laneColor + ";");
        phase.getStyleClass().add("phase");
        outcome.getStyleClass().add("state");
        outcome.setMinWidth(0);
        phase.setMinWidth(0);
        phase.setText(state.step().phase());
        getChildren().addAll(phase, outcome);

        tip.setText(state.step() + "\n\n" + sqlText + "\n\nDrag sideways to move this step.");
        tip.getStyleClass().add("mono");
        tip.setShowDelay(Duration.millis(250));
        tip.setShowDuration(Duration.seconds(30));
        tip.setWrapText(true);
        tip.setMaxWidth(520);
        Tooltip.install(this, tip);
        update(state, selected);
    }

    /** Shows another replay position without rebuilding the node, which keeps stepping cheap. */
    void update(CardState next, boolean selected) {
        this.state = next;
        outcome.setText(stateText(next));
        StepOutcome latest = next.outcome();
        pseudoClassStateChanged(PENDING, latest == null);
        pseudoClassStateChanged(CURRENT, next.current());
        pseudoClassStateChanged(SELECTED, selected);
        pseudoClassStateChanged(WAITING, latest == StepOutcome.BLOCKED);
        pseudoClassStateChanged(DECLINED, latest == StepOutcome.DECLINED);
        pseudoClassStateChanged(ABORTED, latest == StepOutcome.ABORTED || latest == StepOutcome.DEADLOCK_VICTIM);
        pseudoClassStateChanged(RETRIED, latest == StepOutcome.RETRIED);
        pseudoClassStateChanged(SKIPPED, latest == StepOutcome.SKIPPED);
    }

    CardState state() {
        return state;
    }

    /** The short line under the phase. */
    static String stateText(CardState state) {
        StepOutcome latest = state.outcome();
        if (latest == null) {
            return "not yet run";
        }
        switch (latest) {
            case RAN:
                return "ran";
            case BLOCKED:
                return "waits for " + state.blockedBy();
            case UNBLOCKED:
                return "resumed";
            case DECLINED:
                return "declined";
            case ABORTED:
                return state.sqlState() == null ? "aborted" : "aborted " + state.sqlState();
            case DEADLOCK_VICTIM:
                return "deadlock";
            case RETRIED:
                return "retried";
            case SKIPPED:
                return "skipped";
            default:
                return latest.name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
