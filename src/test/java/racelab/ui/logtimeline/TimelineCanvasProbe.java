package racelab.ui.logtimeline;

import java.util.ArrayList;
import java.util.List;

/** What a learner sees of the swimlanes: which columns are wholly in view, measured from the scroll bar. */
public final class TimelineCanvasProbe {

    private TimelineCanvasProbe() {
    }

    /** The columns whose card is wholly in view, right of the lane headers, left to right. */
    public static List<Integer> wholeColumnsInView(LogTimelineCanvas canvas) {
        double viewport = canvas.getViewportBounds().getWidth();
        double left = Math.max(0, canvas.canvas().getPrefWidth() - viewport) * canvas.getHvalue();
        double columnWidth = canvas.columnX(1) - canvas.columnX(0);
        List<Integer> inView = new ArrayList<>();
        for (int column = 0; column < canvas.columnCount(); column++) {
            double x = canvas.columnX(column);
            if (x >= left + canvas.columnX(0) && x + columnWidth <= left + viewport) {
                inView.add(column);
            }
        }
        return inView;
    }

    /**
     * Whether the run's fault card is wholly in view: its column in the swimlanes' view, and the card inside every
     * scroll pane around the swimlanes (the page scrolls vertically in a short window).
     */
    public static boolean faultCardInView(LogTimelineCanvas canvas, TimelineRun run) {
        int column = canvas.columnOf(run.faultCard());
        javafx.scene.Node card = canvas.faultCard();
        if (column < 0 || card == null || !wholeColumnsInView(canvas).contains(column)) {
            return false;
        }
        javafx.geometry.Bounds onScene = card.localToScene(card.getBoundsInLocal());
        for (javafx.scene.Parent up = canvas.getParent(); up != null; up = up.getParent()) {
            if (up instanceof javafx.scene.control.ScrollPane scroll) {
                javafx.geometry.Bounds shown = scroll.localToScene(scroll.getLayoutBounds());
                if (onScene.getMinY() < shown.getMinY() - 0.5 || onScene.getMaxY() > shown.getMaxY() + 0.5) {
                    return false;
                }
            }
        }
        return true;
    }
}
