package racelab.ui.timeline;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Line;
import javafx.scene.shape.Polygon;
import racelab.ledger.TraceStep;
import racelab.scenario.StepRef;

/**
 * Swimlanes: one row per lane, one column per schedule position, one card per step.
 *
 * <p>Cards are dragged with plain mouse events (press, drag, release) rather than the platform's drag and drop,
 * which keeps the gesture inside the row (a lane's steps never change lanes) and works the same headless. On
 * release the card's column is offered to {@code mover}; a refused move snaps back and the view model's hint
 * says why.
 */
public final class TimelineView extends ScrollPane {

    static final double LANE_HEADER_WIDTH = 156;
    private static final double COLUMN_WIDTH_MIN = 96;
    private static final double COLUMN_WIDTH_MAX = 150;
    private static final double COLUMN_GAP = 10;
    static final double ROW_HEIGHT = 78;
    static final double CARD_HEIGHT = 56;
    static final double TOP = 26;
    private static final double DRAG_THRESHOLD = 6;
    private static final String[] LANE_COLORS = {
        "-color-chart-1", "-color-chart-2", "-color-chart-3", "-color-chart-4",
        "-color-chart-6", "-color-chart-7", "-color-chart-8", "-color-chart-5"
    };
    private static final PseudoClass REFUSED = PseudoClass.getPseudoClass("refused");

    private final TimelineViewModel model;
    private final Supplier<List<String>> lanes;
    private final Function<String, String> laneSubtitle;
    private final Supplier<List<TraceStep>> fullTrace;
    private final BiPredicate<Integer, Integer> mover;
    private final Function<int[], String> refusal;
    private final Pane canvas = new Pane();
    private final ObjectProperty<StepRef> selected = new SimpleObjectProperty<>();
    private double columnWidth = 120;
    private boolean rebuildQueued;
    /** What the nodes were last built for; when only the replay position moved, cards are updated in place. */
    private List<Object> builtFor = List.of();
    private final List<StepCard> builtCards = new ArrayList<>();
    private final List<javafx.scene.Node> builtArrows = new ArrayList<>();

    /**
     * @param lanes lane ids in display order
     * @param laneSubtitle a short description of a lane, one or two lines, e.g. "alice → bob" over "amount 80"
     * @param fullTrace the whole run, so a card's tooltip shows its SQL even before the replay reaches it
     * @param mover moves a step from one column to another; false when refused
     * @param refusal the refusal for a {from, to} move, or null when legal, to preview drops while dragging
     */
    public TimelineView(TimelineViewModel model, Supplier<List<String>> lanes, Function<String, String> laneSubtitle,
            Supplier<List<TraceStep>> fullTrace, BiPredicate<Integer, Integer> mover, Function<int[], String> refusal) {
        this.model = model;
        this.lanes = lanes;
        this.laneSubtitle = laneSubtitle;
        this.fullTrace = fullTrace;
        this.mover = mover;
        this.refusal = refusal;
        canvas.getStyleClass().add("timeline-canvas");
        setContent(canvas);
        setFitToHeight(true);
        getStyleClass().add("timeline");
        setId("timeline");
        model.cards().addListener((ListChangeListener<CardState>) change -> refresh());
        selected.addListener((obs, old, now) -> refresh());
        // Columns share the visible width, so a whole race fits without scrolling when it can.
        viewportBoundsProperty().addListener((obs, old, now) -> {
            if ((old == null || Math.abs(old.getWidth() - now.getWidth()) > 1) && !rebuildQueued) {
                // Not inside this layout pass: nodes added during layout would miss their CSS until later.
                rebuildQueued = true;
                javafx.application.Platform.runLater(() -> {
                    rebuildQueued = false;
                    rebuild();
                });
            }
        });
        refresh();
    }

    /** Updates the cards in place when only their states changed, else rebuilds the whole canvas. */
    private void refresh() {
        List<CardState> cards = model.cards();
        List<Object> key = structureKey(cards);
        if (!key.equals(builtFor) || builtCards.size() != cards.size()) {
            rebuild();
            return;
        }
        List<String> laneIds = lanes.get();
        for (int i = 0; i < cards.size(); i++) {
            CardState state = cards.get(i);
            builtCards.get(i).update(state, state.step().equals(selected.get()));
        }
        canvas.getChildren().removeAll(builtArrows);
        builtArrows.clear();
        for (CardState state : cards) {
            addArrow(state, laneIds);
        }
        canvas.getChildren().addAll(builtArrows);
    }

    private List<Object> structureKey(List<CardState> cards) {
        List<Object> steps = new ArrayList<>();
        for (CardState state : cards) {
            steps.add(state.step());
        }
        double viewport = getViewportBounds() == null ? 0 : getViewportBounds().getWidth();
        // The trace list is compared by identity: a new run means new tooltips.
        return List.of(lanes.get(), steps, viewport, System.identityHashCode(fullTrace.get()));
    }

    private void addArrow(CardState state, List<String> laneIds) {
        int row = laneIds.indexOf(state.step().lane());
        if (row >= 0 && state.waiting() && state.blockedBy() != null) {
            int holderRow = laneIds.indexOf(state.blockedBy());
            if (holderRow >= 0) {
                for (javafx.scene.Node node : waitArrow(state.column(), row, holderRow)) {
                    node.setManaged(false);
                    builtArrows.add(node);
                }
            }
        }
    }

    /** The card the user clicked, or null; the workbench shows its SQL. */
    public ObjectProperty<StepRef> selectedProperty() {
        return selected;
    }

    /** The card node of a step, for tests and for scrolling to the current step. */
    public javafx.scene.Node cardOf(StepRef step) {
        for (javafx.scene.Node node : canvas.getChildren()) {
            if (node instanceof StepCard && ((StepCard) node).state().step().equals(step)) {
                return (StepCard) node;
            }
        }
        return null;
    }

    /** The x of a column's left edge in the canvas, for tests that drop a card there. */
    public double columnX(int column) {
        return LANE_HEADER_WIDTH + column * columnWidth;
    }

    private double cardWidth() {
        return columnWidth - COLUMN_GAP;
    }

    /** Height that shows every lane without a vertical scroll bar. */
    public double contentHeight() {
        return TOP + lanes.get().size() * ROW_HEIGHT + 8 + 14;
    }

    private void rebuild() {
        List<String> laneIds = lanes.get();
        List<CardState> cards = new ArrayList<>(model.cards());
        double viewport = getViewportBounds() == null ? 0 : getViewportBounds().getWidth();
        double fitted = cards.isEmpty() ? COLUMN_WIDTH_MAX : (viewport - LANE_HEADER_WIDTH - 10) / cards.size();
        columnWidth = Math.max(COLUMN_WIDTH_MIN, Math.min(COLUMN_WIDTH_MAX, fitted));
        List<javafx.scene.Node> nodes = new ArrayList<>();
        double width = Math.max(columnX(cards.size()) + 6, viewport);
        double height = TOP + laneIds.size() * ROW_HEIGHT + 8;
        canvas.setPrefSize(width, height);
        canvas.setMinSize(width, height);

        for (int row = 0; row < laneIds.size(); row++) {
            String lane = laneIds.get(row);
            Region band = new Region();
            band.getStyleClass().add("lane-row-band");
            band.resizeRelocate(4, rowY(row) + 3, width - 8, ROW_HEIGHT - 6);
            band.setMouseTransparent(true);
            nodes.add(band);

            Label title = new Label(lane);
            title.getStyleClass().add("lane-title");
            Label subtitle = new Label(laneSubtitle.apply(lane));
            subtitle.getStyleClass().add("state");
            subtitle.setStyle("-fx-text-fill: -color-fg-muted; -fx-font-size: 0.85em;");
            VBox header = new VBox(title, subtitle);
            header.getStyleClass().add("lane-header");
            header.setStyle("-lane-color: " + laneColor(row) + ";");
            header.resizeRelocate(6, rowY(row) + 6, LANE_HEADER_WIDTH - 12, ROW_HEIGHT - 12);
            nodes.add(header);
        }
        for (int column = 0; column < cards.size(); column++) {
            Label number = new Label(Integer.toString(column + 1));
            number.getStyleClass().add("column-number");
            number.setAlignment(Pos.CENTER);
            number.resizeRelocate(columnX(column), 4, cardWidth(), 18);
            nodes.add(number);
        }

        builtCards.clear();
        builtArrows.clear();
        List<TraceStep> trace = fullTrace.get();
        for (CardState state : cards) {
            int row = laneIds.indexOf(state.step().lane());
            if (row < 0) {
                continue;
            }
            String sql = String.join("\n", TimelineViewModel.sqlOf(state.step(), trace));
            if (sql.isEmpty()) {
                sql = "(no SQL: application logic only)";
            }
            StepCard card = new StepCard(state, state.step().equals(selected.get()), laneColor(row), sql);
            card.resizeRelocate(columnX(state.column()), cardY(row), cardWidth(), CARD_HEIGHT);
            installDrag(card, row);
            nodes.add(card);
            builtCards.add(card);
            addArrow(state, laneIds);
        }
        for (javafx.scene.Node node : nodes) {
            // Placed by hand: keep the canvas from resizing them back to their preferred sizes.
            node.setManaged(false);
        }
        nodes.addAll(builtArrows);
        canvas.getChildren().setAll(nodes);
        builtFor = structureKey(cards);
    }

    /** A dashed arrow from the waiting card to the lane that holds the lock. */
    private List<javafx.scene.Node> waitArrow(int column, int fromRow, int toRow) {
        double x = columnX(column) + cardWidth() / 2;
        boolean down = toRow > fromRow;
        double startY = down ? cardY(fromRow) + CARD_HEIGHT : cardY(fromRow);
        double endY = down ? cardY(toRow) - 2 : cardY(toRow) + CARD_HEIGHT + 2;
        double tipBaseY = down ? endY - 9 : endY + 9;
        Line line = new Line(x, startY, x, tipBaseY);
        line.getStyleClass().add("wait-arrow-line");
        Polygon head = new Polygon(x, endY, x - 6, tipBaseY, x + 6, tipBaseY);
        head.getStyleClass().add("wait-arrow");
        line.setMouseTransparent(true);
        head.setMouseTransparent(true);
        return List.of(line, head);
    }

    private void installDrag(StepCard card, int row) {
        double[] pressX = new double[1];
        boolean[] dragging = new boolean[1];
        Region target = new Region();
        target.getStyleClass().add("drop-target");
        target.setMouseTransparent(true);
        card.setOnMousePressed(event -> {
            pressX[0] = event.getSceneX();
            dragging[0] = false;
        });
        card.setOnMouseDragged(event -> {
            double dx = event.getSceneX() - pressX[0];
            if (!dragging[0] && Math.abs(dx) < DRAG_THRESHOLD) {
                return;
            }
            if (!dragging[0]) {
                dragging[0] = true;
                card.pseudoClassStateChanged(StepCard.DRAGGING, true);
                target.setManaged(false);
                canvas.getChildren().add(target);
                card.toFront();
            }
            card.setTranslateX(dx);
            int to = dropColumn(card);
            target.pseudoClassStateChanged(REFUSED, refusal.apply(new int[] {card.state().column(), to}) != null);
            target.resizeRelocate(columnX(to) - 4, rowY(row) + 4, cardWidth() + 8, ROW_HEIGHT - 8);
        });
        card.setOnMouseReleased(event -> {
            if (!dragging[0]) {
                StepRef step = card.state().step();
                selected.set(step.equals(selected.get()) ? null : step);
                return;
            }
            dragging[0] = false;
            int from = card.state().column();
            int to = dropColumn(card);
            canvas.getChildren().remove(target);
            card.pseudoClassStateChanged(StepCard.DRAGGING, false);
            card.setTranslateX(0);
            if (from != to) {
                mover.test(from, to);
            }
        });
    }

    private int dropColumn(StepCard card) {
        double centerX = card.getLayoutX() + card.getTranslateX() + cardWidth() / 2;
        int column = (int) Math.floor((centerX - LANE_HEADER_WIDTH) / columnWidth);
        return Math.max(0, Math.min(column, model.cards().size() - 1));
    }

    private static double rowY(int row) {
        return TOP + row * ROW_HEIGHT;
    }

    private static double cardY(int row) {
        return rowY(row) + (ROW_HEIGHT - CARD_HEIGHT) / 2;
    }

    private static String laneColor(int row) {
        return LANE_COLORS[row % LANE_COLORS.length];
    }
}
