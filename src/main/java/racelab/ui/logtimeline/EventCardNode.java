package racelab.ui.logtimeline;

import javafx.css.PseudoClass;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/**
 * One event on the log timeline: what happened in bold, the records it touched below. Its look follows the
 * replay ({@code :future}, {@code :current}) and what it did ({@code :fault}, {@code :loss}, {@code :doomed}), all
 * in {@code log-timeline.css}.
 */
final class EventCardNode extends VBox {

    static final PseudoClass FUTURE = PseudoClass.getPseudoClass("future");
    static final PseudoClass CURRENT = PseudoClass.getPseudoClass("current");
    static final PseudoClass FAULT = PseudoClass.getPseudoClass("fault");
    static final PseudoClass LOSS = PseudoClass.getPseudoClass("loss");
    static final PseudoClass DOOMED = PseudoClass.getPseudoClass("doomed");
    static final PseudoClass DRAGGING = PseudoClass.getPseudoClass("dragging");

    private final TimelineCard card;

    EventCardNode(TimelineCard card, String laneColor, boolean doomsSomething, boolean loss) {
        this.card = card;
        getStyleClass().add("event-card");
        setId((card.fault() ? "fault-card" : "event-" + card.event()));
        setStyle("-lane-color: " + laneColor + ";");
        Label title = new Label(card.title());
        title.getStyleClass().add("event-title");
        title.setMinWidth(0);
        Label detail = new Label(card.detail());
        detail.getStyleClass().add("event-detail");
        detail.setMinWidth(0);
        getChildren().addAll(title, detail);
        pseudoClassStateChanged(FAULT, card.fault());
        pseudoClassStateChanged(DOOMED, doomsSomething);
        pseudoClassStateChanged(LOSS, loss);
        Tooltip tip = new Tooltip("#" + card.event() + "  t = " + String.format("%.3f s", card.timeMs() / 1000.0)
                + "\n" + card.text() + (card.fault() ? "\n\nDrag sideways to any gap between two events: the run "
                + "is redone with the fault there." : ""));
        tip.setWrapText(true);
        tip.setMaxWidth(460);
        tip.setShowDelay(Duration.millis(250));
        tip.setShowDuration(Duration.seconds(30));
        Tooltip.install(this, tip);
    }

    TimelineCard card() {
        return card;
    }

    /** Shows another replay position without rebuilding the node. */
    void showPosition(int cardIndex, int position) {
        pseudoClassStateChanged(FUTURE, cardIndex >= position);
        pseudoClassStateChanged(CURRENT, cardIndex == position - 1);
    }
}
