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
 *
 * <p>The timeline draws only the columns in view and reuses its card nodes: {@link #bind} shows another event in
 * the same node, so scrolling and a new run change texts and pseudo-classes instead of building nodes.
 */
final class EventCardNode extends VBox {

    static final PseudoClass FUTURE = PseudoClass.getPseudoClass("future");
    static final PseudoClass CURRENT = PseudoClass.getPseudoClass("current");
    static final PseudoClass FAULT = PseudoClass.getPseudoClass("fault");
    static final PseudoClass LOSS = PseudoClass.getPseudoClass("loss");
    static final PseudoClass DOOMED = PseudoClass.getPseudoClass("doomed");
    static final PseudoClass DRAGGING = PseudoClass.getPseudoClass("dragging");

    private final Label title = new Label();
    private final Label detail = new Label();
    private final Tooltip tip = new Tooltip();
    private TimelineCard card;
    private int cardIndex = -1;
    private String laneColor;

    EventCardNode() {
        getStyleClass().add("event-card");
        title.getStyleClass().add("event-title");
        title.setMinWidth(0);
        detail.getStyleClass().add("event-detail");
        detail.setMinWidth(0);
        getChildren().addAll(title, detail);
        tip.setWrapText(true);
        tip.setMaxWidth(460);
        tip.setShowDelay(Duration.millis(250));
        tip.setShowDuration(Duration.seconds(30));
        Tooltip.install(this, tip);
    }

    /** Shows {@code shown} (the run's card number {@code index}) in this node, at a replay position. */
    void bind(TimelineCard shown, int index, String color, boolean doomsSomething, int position) {
        if (shown != card) {
            card = shown;
            setId(shown.fault() ? "fault-card" : "event-" + shown.event());
            title.setText(shown.title());
            detail.setText(shown.detail());
            tip.setText("#" + shown.event() + "  t = " + String.format("%.3f s", shown.timeMs() / 1000.0)
                    + "\n" + shown.text() + (shown.fault() ? "\n\nDrag sideways to any gap between two events: the "
                    + "run is redone with the fault there." : ""));
            pseudoClassStateChanged(FAULT, shown.fault());
            pseudoClassStateChanged(LOSS, shown.loses());
        }
        if (!color.equals(laneColor)) {
            laneColor = color;
            setStyle("-lane-color: " + color + ";");
        }
        cardIndex = index;
        pseudoClassStateChanged(DOOMED, doomsSomething);
        showPosition(position);
    }

    TimelineCard card() {
        return card;
    }

    /** The index in the run of the event this node shows. */
    int cardIndex() {
        return cardIndex;
    }

    /** Shows another replay position without rebuilding the node. */
    void showPosition(int position) {
        pseudoClassStateChanged(FUTURE, cardIndex >= position);
        pseudoClassStateChanged(CURRENT, cardIndex == position - 1);
    }
}
