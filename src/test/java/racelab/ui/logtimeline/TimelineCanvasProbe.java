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

    /** Whether the run's fault card is wholly in view (and has its node on the canvas). */
    public static boolean faultCardInView(LogTimelineCanvas canvas, TimelineRun run) {
        int column = canvas.columnOf(run.faultCard());
        return column >= 0 && canvas.faultCard() != null && wholeColumnsInView(canvas).contains(column);
    }
}
