package racelab.ui.logtimeline;

import atlantafx.base.theme.Styles;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import racelab.logsim.trace.FaultSweep;

/**
 * The {@code log-explore} strip over the timeline: the fault at every position of the trace, one cell each, coloured
 * by what that run lost (red), applied twice (amber) or got right (green). A click on a cell loads that position on
 * the timeline; the cell of the position on screen is outlined.
 */
final class ExploreStrip extends VBox {

    private static final PseudoClass SHOWN = PseudoClass.getPseudoClass("shown");

    private final Label summary = new Label();
    private final HBox cells = new HBox(1);
    private final Hyperlink earliest = new Hyperlink();
    private final Hyperlink shortest = new Hyperlink();
    private final List<Region> built = new ArrayList<>();
    private final IntConsumer loader;
    private FaultSweep.Result result;

    ExploreStrip(IntConsumer loader) {
        this.loader = loader;
        getStyleClass().add("explore-strip");
        setId("explore-strip");
        setSpacing(2);
        summary.getStyleClass().add(Styles.TEXT_SMALL);
        summary.setId("explore-summary");
        summary.setMinWidth(0);
        earliest.setId("explore-earliest");
        shortest.setId("explore-shortest");
        for (Hyperlink link : List.of(earliest, shortest)) {
            link.getStyleClass().add(Styles.TEXT_SMALL);
            link.setFocusTraversable(false);
            link.setVisible(false);
            link.setManaged(false);
            link.setMinWidth(Region.USE_PREF_SIZE);
        }
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox top = new HBox(8, summary, gap, earliest, shortest);
        top.setAlignment(Pos.CENTER_LEFT);
        cells.setId("explore-cells");
        cells.setMinHeight(16);
        getChildren().addAll(top, cells);
        showPending("log-explore: running the fault at every position of the trace…");
    }

    void showPending(String text) {
        result = null;
        summary.setText(text);
        cells.getChildren().clear();
        built.clear();
        earliest.setVisible(false);
        earliest.setManaged(false);
        shortest.setVisible(false);
        shortest.setManaged(false);
    }

    void show(FaultSweep.Result sweep, int faultAfter) {
        if (sweep != result) {
            result = sweep;
            build();
        }
        for (int i = 0; i < built.size(); i++) {
            built.get(i).pseudoClassStateChanged(SHOWN, sweep.positions().get(i).afterEvent() == faultAfter);
        }
    }

    private void build() {
        cells.getChildren().clear();
        built.clear();
        long failing = result.failing();
        summary.setText("log-explore · " + result.fault() + " at " + result.positions().size() + " positions: "
                + failing + " wrong, " + (result.positions().size() - failing) + " correct"
                + (failing == 0 ? " (every position clean)" : ""));
        Tooltip.install(summary, new Tooltip("The same fault after every event of the fault-free trace, one run "
                + "each on the simulator; click a cell to load that position on the timeline"));
        for (FaultSweep.Position position : result.positions()) {
            Region cell = new Region();
            cell.getStyleClass().addAll("strip-cell", styleOf(position.verdict()));
            cell.setId("explore-at-" + position.afterEvent());
            cell.setMinWidth(1);
            cell.setPrefWidth(8);
            cell.setMaxWidth(Double.MAX_VALUE);
            HBox.setHgrow(cell, Priority.ALWAYS);
            Tooltip tip = new Tooltip("after event " + position.afterEvent() + " (" + position.event() + "): "
                    + describe(position));
            tip.setShowDelay(Duration.millis(150));
            tip.setWrapText(true);
            tip.setMaxWidth(420);
            Tooltip.install(cell, tip);
            int at = position.afterEvent();
            cell.setOnMouseClicked(e -> loader.accept(at));
            cells.getChildren().add(cell);
            built.add(cell);
        }
        link(earliest, "earliest failing: after " + result.earliestFailing(), result.earliestFailing());
        link(shortest, "shortest failing: after " + result.shortestFailing(), result.shortestFailing());
    }

    private void link(Hyperlink link, String text, int position) {
        boolean shown = position >= 0;
        link.setVisible(shown);
        link.setManaged(shown);
        link.setText(text);
        link.setOnAction(e -> loader.accept(position));
    }

    static String describe(FaultSweep.Position position) {
        if (position.correct()) {
            return "correct";
        }
        List<String> parts = new ArrayList<>();
        if (!position.lost().isEmpty()) {
            parts.add("lost " + entries(position.lost()));
        }
        if (!position.duplicated().isEmpty()) {
            parts.add("applied twice " + entries(position.duplicated()));
        }
        if (parts.isEmpty()) {
            parts.add(position.verdict());
        }
        if (!position.causes().isEmpty()) {
            parts.add("(" + String.join(", ", position.causes()) + ")");
        }
        return String.join(" ", parts);
    }

    private static String entries(List<Integer> ids) {
        StringBuilder text = new StringBuilder();
        ids.forEach(id -> text.append(text.length() == 0 ? "" : " ").append('e').append(id));
        return text.toString();
    }

    private static String styleOf(String verdict) {
        switch (verdict) {
            case "correct":
                return "correct";
            case "lost":
            case "lost+duplicated":
                return "lost";
            case "duplicated":
            case "applied-twice":
                return "duplicated";
            default:
                return "other";
        }
    }
}
