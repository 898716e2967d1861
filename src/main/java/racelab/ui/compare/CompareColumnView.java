package racelab.ui.compare;

import atlantafx.base.theme.Styles;
import java.util.Locale;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import racelab.compare.ComparedRun;
import racelab.compare.Outcome;
import racelab.compare.RunCost;
import racelab.compare.TradeOffNotes;
import racelab.ui.balances.BalancesView;

/**
 * One mitigation's column: title and column tools, outcome badge, the balances (the shared
 * {@link BalancesView}), what its SQL did at the cursor's step and before, and the cost line.
 */
final class CompareColumnView extends VBox {

    static final double NARROW_WIDTH_PX = 330;
    static final double WIDE_WIDTH_PX = 500;

    // Paths, not font glyphs: arrows and crosses are missing from many fonts, headless ones included.
    private static final String LEFT_ICON = "M9 2 L3 7 L9 12 Z";
    private static final String RIGHT_ICON = "M3 2 L9 7 L3 12 Z";
    private static final String WIDEN_ICON = "M0 7 L4 3 L4 6 L10 6 L10 3 L14 7 L10 11 L10 8 L4 8 L4 11 Z";
    private static final String HIDE_ICON = "M2 3.4 L3.4 2 L7 5.6 L10.6 2 L12 3.4 L8.4 7 L12 10.6 L10.6 12 L7 8.4 "
            + "L3.4 12 L2 10.6 L5.6 7 Z";

    private final CompareColumnModel column;
    private final Label badge = new Label();
    private final Label status = new Label();
    private final VBox currentLines = new VBox(4);
    private final VBox earlierLines = new VBox(2);
    private final ScrollPane earlierScroll = new ScrollPane(earlierLines);
    private final Label figures = new Label();
    private final BalancesView balances;

    CompareColumnView(CompareViewModel model, CompareColumnModel column) {
        this.column = column;
        setId("column-" + column.mitigation());
        getStyleClass().add("compare-column");

        Label title = new Label(column.mitigation());
        title.getStyleClass().add("column-title");
        title.setMinWidth(Region.USE_PREF_SIZE);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button left = tool(LEFT_ICON, "Move this column left", () -> model.moveLeft(column));
        Button right = tool(RIGHT_ICON, "Move this column right", () -> model.moveRight(column));
        Button widen = tool(WIDEN_ICON, "Wider / narrower", () -> model.toggleWide(column));
        Button hide = tool(HIDE_ICON, "Hide this column (Columns menu brings it back)", () -> model.hide(column));
        left.setId("move-left-" + column.mitigation());
        right.setId("move-right-" + column.mitigation());
        widen.setId("widen-" + column.mitigation());
        hide.setId("hide-" + column.mitigation());
        HBox head = new HBox(4, title, spacer, left, right, widen, hide);
        head.setAlignment(Pos.CENTER_LEFT);

        badge.setId("outcome-" + column.mitigation());
        badge.getStyleClass().add("outcome-badge");
        badge.setMinWidth(Region.USE_PREF_SIZE);
        status.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        status.textProperty().bind(column.statusProperty());
        status.managedProperty().bind(column.statusProperty().isNotEmpty());
        status.visibleProperty().bind(column.statusProperty().isNotEmpty());
        status.setWrapText(true);

        balances = new BalancesView(column.balances());
        balances.setLegendVisible(false);
        balances.setId("balances-" + column.mitigation());

        Label now = new Label("AT THIS STEP");
        now.getStyleClass().add("trace-heading");
        currentLines.setId("current-trace-" + column.mitigation());
        Label before = new Label("EARLIER");
        before.getStyleClass().add("trace-heading");
        earlierScroll.setFitToWidth(true);
        earlierScroll.getStyleClass().add("compare-scroll");
        earlierScroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        earlierScroll.setMinHeight(60);
        // As tall as its lines (so an export shows them all), but it gives way first when the window is short.
        earlierScroll.prefHeightProperty().bind(javafx.beans.binding.Bindings.createDoubleBinding(
                () -> Math.min(420, earlierLines.prefHeight(-1) + 6), earlierLines.heightProperty(),
                earlierLines.getChildren()));
        VBox.setVgrow(earlierScroll, Priority.ALWAYS);

        figures.setId("cost-" + column.mitigation());
        figures.getStyleClass().add("cost-figures");
        figures.setWrapText(true);
        Label note = new Label(column.tradeOffNote());
        note.getStyleClass().add("cost-note");
        note.setWrapText(true);
        // The anchor itself is one long word that cannot wrap in a narrow column; the section's title can.
        Label link = new Label("Measured figures: " + TradeOffNotes.FIGURES_DOC
                + ", \u201cWhat the table says, fix by fix\u201d");
        link.setTooltip(new Tooltip(TradeOffNotes.figuresLink(column.mitigation())));
        link.getStyleClass().add("cost-link");
        link.setWrapText(true);
        Label costTitle = new Label("COST OF THE WHOLE RUN");
        costTitle.getStyleClass().add("trace-heading");
        VBox cost = new VBox(2, costTitle, figures, note, link);
        cost.getStyleClass().add("cost-line");
        cost.setMinHeight(Region.USE_PREF_SIZE);

        getChildren().addAll(head, badge, status, balances, now, currentLines, before, earlierScroll, cost);
        applyWidth();
        column.wideProperty().addListener((obs, old, wide) -> applyWidth());
        column.lines().addListener((ListChangeListener<TraceLine>) change -> showLines());
        column.outcomeProperty().addListener((obs, old, outcome) -> showBadge());
        column.runProperty().addListener((obs, old, run) -> showCost(run));
        showLines();
        showBadge();
        showCost(column.runProperty().get());
    }

    CompareColumnModel column() {
        return column;
    }

    /** Height the balances panel wants at this column's width. */
    double balancesPrefHeight() {
        double inner = getWidth() - snappedLeftInset() - snappedRightInset();
        return balances.prefHeight(inner > 0 ? inner : -1);
    }

    /** Gives the balances panel at least this height, so the sections below line up across columns. */
    void alignBalances(double heightPx) {
        if (balances.getMinHeight() != heightPx) {
            balances.setMinHeight(heightPx);
        }
    }

    private void applyWidth() {
        double width = column.wideProperty().get() ? WIDE_WIDTH_PX : NARROW_WIDTH_PX;
        setMinWidth(width);
        setPrefWidth(width);
        setMaxWidth(width);
    }

    private void showBadge() {
        Outcome outcome = column.outcomeProperty().get();
        badge.getStyleClass().removeAll("pending", "violated", "safe", "caution");
        if (outcome == null) {
            badge.setText(column.runProperty().get() == null ? "no run yet" : "outcome at the last step");
            badge.getStyleClass().add("pending");
            return;
        }
        badge.setText(outcome.label());
        badge.getStyleClass().add(styleOf(outcome.kind()));
    }

    static String styleOf(Outcome.Kind kind) {
        switch (kind) {
            case VIOLATED:
                return "violated";
            case DEADLOCK_VICTIM:
            case SAFE_AFTER_RETRIES:
                return "caution";
            default:
                return "safe";
        }
    }

    private void showCost(ComparedRun run) {
        if (run == null) {
            figures.setText("cost: after the run");
            return;
        }
        RunCost cost = run.cost();
        figures.setText(cost.statements() + " statements · " + cost.retries() + " retr"
                + (cost.retries() == 1 ? "y" : "ies") + " · " + cost.aborts() + " abort" + (cost.aborts() == 1 ? "" : "s")
                + "\n" + cost.lockWaits() + " lock wait" + (cost.lockWaits() == 1 ? "" : "s") + " · "
                + cost.stepsBlocked() + " step" + (cost.stepsBlocked() == 1 ? "" : "s") + " spent blocked");
        showBadge();
    }

    private void showLines() {
        currentLines.getChildren().clear();
        earlierLines.getChildren().clear();
        for (TraceLine line : column.lines()) {
            if (line.current()) {
                currentLines.getChildren().add(currentLine(line));
            } else {
                earlierLines.getChildren().add(earlierLine(line));
            }
        }
        if (currentLines.getChildren().isEmpty()) {
            Label idle = new Label(column.runProperty().get() == null ? ""
                    : column.lines().isEmpty() ? "nothing released yet"
                    : "no event: this step waits until its lane is released");
            idle.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
            currentLines.getChildren().add(idle);
        }
        earlierScroll.setVvalue(1.0);
    }

    private static Button tool(String svg, String tooltip, Runnable action) {
        javafx.scene.shape.SVGPath icon = new javafx.scene.shape.SVGPath();
        icon.setContent(svg);
        icon.getStyleClass().add("tool-icon");
        Button button = new Button();
        button.setGraphic(icon);
        button.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, "column-tool");
        button.setTooltip(new Tooltip(tooltip));
        button.setFocusTraversable(false);
        button.setOnAction(e -> action.run());
        return button;
    }

    private static VBox currentLine(TraceLine line) {
        Label summary = new Label(line.summary());
        summary.getStyleClass().add("trace-summary");
        summary.setWrapText(true);
        VBox box = new VBox(2, summary);
        for (String statement : line.sql()) {
            Label sql = new Label(statement);
            sql.getStyleClass().add("trace-sql");
            sql.setWrapText(true);
            box.getChildren().add(sql);
        }
        if (!line.detail().isEmpty()) {
            Label detail = new Label(line.detail());
            detail.getStyleClass().add("trace-detail");
            detail.setWrapText(true);
            box.getChildren().add(detail);
        }
        box.getStyleClass().addAll("trace-line", "current", cssName(line));
        return box;
    }

    private static VBox earlierLine(TraceLine line) {
        Label summary = new Label((line.scheduleStep() + 1) + ". " + line.summary());
        summary.getStyleClass().add("trace-summary");
        summary.setWrapText(true);
        if (!line.sql().isEmpty()) {
            summary.setTooltip(new Tooltip(String.join("\n", line.sql())));
        }
        VBox box = new VBox(summary);
        box.getStyleClass().addAll("trace-line", "earlier", cssName(line));
        return box;
    }

    private static String cssName(TraceLine line) {
        return line.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
