package racelab.ui.logtimeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * Swimlanes of a log run: one row per machine (client producer, each broker, each app instance) and one for the
 * fault, one column per event, one card per event in its machine's row.
 *
 * <p>The fault card is dragged with plain mouse events, as the ledger timeline's cards are: while it moves, a bar
 * marks the gap between two events it would land in; on release the gap is offered to {@code mover} as "after how
 * many events of the run without the fault". Cards are built once per run (and per filter); moving the replay
 * cursor only changes their pseudo-classes.
 */
public final class LogTimelineCanvas extends ScrollPane {

    static final double LANE_HEADER_WIDTH = 150;
    static final double COLUMN_WIDTH = 116;
    private static final double COLUMN_GAP = 8;
    static final double ROW_HEIGHT = 52;
    static final double CARD_HEIGHT = 42;
    static final double TOP = 40;
    private static final double DRAG_THRESHOLD = 6;
    private static final String[] LANE_COLORS = {
        "-color-chart-1", "-color-chart-2", "-color-chart-3", "-color-chart-4",
        "-color-chart-6", "-color-chart-7", "-color-chart-8", "-color-chart-5"
    };

    private final Pane canvas = new Pane();
    private final IntPredicate mover;
    private final List<EventCardNode> builtCards = new ArrayList<>();
    /** Card index (in the run) of every built card, in column order. */
    private final List<Integer> builtIndexes = new ArrayList<>();
    private final Region cursorLine = new Region();
    /** Lane headers stay at the left edge while the cards scroll under them. */
    private final List<Node> headers = new ArrayList<>();
    private TimelineRun run;
    private Integer filter;
    private int position;

    /** @param mover moves the fault after that many events of the run without it; false when refused */
    public LogTimelineCanvas(IntPredicate mover) {
        this.mover = mover;
        canvas.getStyleClass().add("log-timeline-canvas");
        setContent(canvas);
        setFitToHeight(true);
        setVbarPolicy(ScrollBarPolicy.NEVER);
        getStyleClass().add("log-timeline");
        setId("log-timeline");
        cursorLine.getStyleClass().add("cursor-line");
        cursorLine.setManaged(false);
        cursorLine.setMouseTransparent(true);
        hvalueProperty().addListener((obs, old, now) -> pinHeaders());
        viewportBoundsProperty().addListener((obs, old, now) -> {
            // The first layout (or a resize) gives the viewport its width: only now can the cursor be scrolled to.
            if (old == null || Math.abs(old.getWidth() - now.getWidth()) > 1) {
                scrollToColumn(cursorColumn());
            }
            pinHeaders();
        });
    }

    private void pinHeaders() {
        double viewport = getViewportBounds() == null ? 0 : getViewportBounds().getWidth();
        double offset = Math.max(0, canvas.getPrefWidth() - viewport) * getHvalue();
        for (Node header : headers) {
            header.setTranslateX(offset);
        }
    }

    /** Draws a run, filtered to one entry's cards (null: all), at a replay position. */
    public void show(TimelineRun next, Integer entryFilter, int nextPosition) {
        if (next != run || !java.util.Objects.equals(entryFilter, filter)) {
            run = next;
            filter = entryFilter;
            rebuild();
        }
        showPosition(nextPosition);
    }

    /** Moves the replay highlight; the cards stay. */
    public void showPosition(int nextPosition) {
        position = nextPosition;
        for (int column = 0; column < builtCards.size(); column++) {
            builtCards.get(column).showPosition(builtIndexes.get(column), position);
        }
        int column = cursorColumn();
        double x = columnX(column) - COLUMN_GAP / 2 - 1;
        cursorLine.resizeRelocate(x, TOP - 6, 3, laneCount() * ROW_HEIGHT + 8);
        scrollToColumn(column);
    }

    /** The line stands right after the last card that ran, in the filtered columns too. */
    private int cursorColumn() {
        int column = 0;
        while (column < builtIndexes.size() && builtIndexes.get(column) < position) {
            column++;
        }
        return column;
    }

    /** The card node of an event (by index in the run), or null when filtered out. */
    public EventCardNode cardNode(int cardIndex) {
        int column = builtIndexes.indexOf(cardIndex);
        return column < 0 ? null : builtCards.get(column);
    }

    /** The fault card node, or null. */
    public Node faultCard() {
        return run == null || run.faultCard() < 0 ? null : cardNode(run.faultCard());
    }

    /** The x of the gap before {@code column} in canvas coordinates (the middle of the space between two cards). */
    public double gapX(int column) {
        return columnX(column) - COLUMN_GAP / 2;
    }

    /** The x in canvas coordinates where a card's left edge is, for tests that drop the fault card. */
    public double columnX(int column) {
        return LANE_HEADER_WIDTH + column * COLUMN_WIDTH;
    }

    /** The canvas itself, so tests can turn canvas coordinates into screen ones. */
    public Pane canvas() {
        return canvas;
    }

    /** The column of a card (by index in the run), or -1 when filtered out. */
    public int columnOf(int cardIndex) {
        return builtIndexes.indexOf(cardIndex);
    }

    private int laneCount() {
        return run == null ? 0 : run.lanes().size();
    }

    private void rebuild() {
        builtCards.clear();
        builtIndexes.clear();
        headers.clear();
        List<Node> nodes = new ArrayList<>();
        if (run == null) {
            canvas.getChildren().clear();
            return;
        }
        for (int i = 0; i < run.cards().size(); i++) {
            if (run.cards().get(i).touches(filter)) {
                builtIndexes.add(i);
            }
        }
        List<TimelineLane> lanes = run.lanes();
        double width = columnX(builtIndexes.size()) + 12;
        double height = TOP + lanes.size() * ROW_HEIGHT + 6;
        canvas.setPrefSize(width, height);
        canvas.setMinSize(width, height);
        setPrefHeight(height + 18);
        setMinHeight(Region.USE_PREF_SIZE);

        for (int row = 0; row < lanes.size(); row++) {
            TimelineLane lane = lanes.get(row);
            Region band = new Region();
            band.getStyleClass().add("lane-row-band");
            if (lane.isFault()) {
                band.getStyleClass().add("fault-band");
            }
            band.resizeRelocate(4, rowY(row) + 2, width - 8, ROW_HEIGHT - 4);
            band.setMouseTransparent(true);
            nodes.add(band);
            Label title = new Label(lane.title());
            title.getStyleClass().add("lane-title");
            Label subtitle = new Label(lane.subtitle());
            subtitle.getStyleClass().add("lane-subtitle");
            VBox header = new VBox(title, subtitle);
            header.getStyleClass().add("lane-header");
            header.setId("lane-" + lane.id());
            header.setStyle("-lane-color: " + laneColor(row, lane) + ";");
            header.resizeRelocate(0, rowY(row) + 2, LANE_HEADER_WIDTH - 6, ROW_HEIGHT - 4);
            headers.add(header);
        }
        Map<Integer, Integer> doomed = run.doomedAtEvent();
        for (int column = 0; column < builtIndexes.size(); column++) {
            int index = builtIndexes.get(column);
            TimelineCard card = run.cards().get(index);
            Label number = new Label(Integer.toString(run.firstEvent() + index + 1));
            number.getStyleClass().add("column-number");
            number.setAlignment(Pos.CENTER);
            number.resizeRelocate(columnX(column), 20, COLUMN_WIDTH - COLUMN_GAP, 16);
            nodes.add(number);
            List<Integer> doomedHere = new ArrayList<>();
            doomed.forEach((entry, at) -> {
                if (at == index) {
                    doomedHere.add(entry);
                }
            });
            doomedHere.sort(null);
            if (!doomedHere.isEmpty()) {
                Label mark = new Label("✖ " + entriesText(doomedHere) + " doomed");
                mark.getStyleClass().add("doom-mark");
                mark.setId("doom-mark-" + index);
                mark.setAlignment(Pos.CENTER);
                mark.resizeRelocate(columnX(column) - 8, 1, COLUMN_WIDTH + 8, 18);
                nodes.add(mark);
            }
            int row = rowOf(lanes, card.lane());
            if (row < 0) {
                continue;
            }
            EventCardNode node = new EventCardNode(card, laneColor(row, lanes.get(row)), !doomedHere.isEmpty(),
                    card.loses());
            node.resizeRelocate(columnX(column), cardY(row), COLUMN_WIDTH - COLUMN_GAP, CARD_HEIGHT);
            if (card.fault()) {
                installDrag(node, row);
            }
            nodes.add(node);
            builtCards.add(node);
        }
        nodes.add(cursorLine);
        // The corner above the lane headers hides column numbers and doom marks scrolling under it.
        Region corner = new Region();
        corner.getStyleClass().add("lane-corner");
        corner.resizeRelocate(0, 0, LANE_HEADER_WIDTH - 6, TOP);
        headers.add(corner);
        nodes.addAll(headers);
        for (Node node : nodes) {
            node.setManaged(false);
        }
        canvas.getChildren().setAll(nodes);
        pinHeaders();
    }

    private static String entriesText(List<Integer> entries) {
        StringBuilder text = new StringBuilder();
        for (int entry : entries) {
            text.append(text.length() == 0 ? "" : " ").append('e').append(entry);
        }
        return text.toString();
    }

    private void installDrag(EventCardNode card, int row) {
        double[] pressX = new double[1];
        boolean[] dragging = new boolean[1];
        Region marker = new Region();
        marker.getStyleClass().add("gap-marker");
        marker.setMouseTransparent(true);
        marker.setManaged(false);
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
                card.pseudoClassStateChanged(EventCardNode.DRAGGING, true);
                canvas.getChildren().add(marker);
                card.toFront();
            }
            card.setTranslateX(dx);
            int gap = dropGap(card);
            marker.resizeRelocate(gapX(gap) - 3, TOP - 4, 6, laneCount() * ROW_HEIGHT + 4);
        });
        card.setOnMouseReleased(event -> {
            if (!dragging[0]) {
                return;
            }
            dragging[0] = false;
            int gap = dropGap(card);
            canvas.getChildren().remove(marker);
            card.pseudoClassStateChanged(EventCardNode.DRAGGING, false);
            card.setTranslateX(0);
            int faultColumn = builtIndexes.indexOf(run.faultCard());
            if (gap != faultColumn && gap != faultColumn + 1) {
                mover.test(eventsBeforeGap(gap));
            }
        });
    }

    /**
     * How many events of the run without the fault come before the gap in front of {@code column}: the cards left
     * of the gap, the fault itself not counted, in trace positions (a window starts at its first event). Events of
     * one simulator step happen at once, so a gap inside a step before the fault stands for the gap before that whole
     * step: one card earlier is always one step earlier.
     */
    public int eventsBeforeGap(int column) {
        int fault = run.faultCard();
        int faultColumn = builtIndexes.indexOf(fault);
        int gap = column;
        if (faultColumn < 0 || gap <= faultColumn) {
            while (gap > 0 && !run.cards().get(builtIndexes.get(gap - 1)).boundary()) {
                gap--;
            }
        }
        int cardsBefore = gap == 0 ? 0 : builtIndexes.get(gap - 1) + 1;
        if (gap > 0 && fault >= 0 && fault < cardsBefore) {
            cardsBefore--;
        }
        return run.firstEvent() + cardsBefore;
    }

    /**
     * The gap the dragged card would land in: over a card to the right of where it stood, the gap after that card;
     * over a card to the left, the gap before it (as swapping places with it); over its own column, where it was.
     */
    private int dropGap(EventCardNode card) {
        int faultColumn = builtIndexes.indexOf(run.faultCard());
        double centerX = card.getLayoutX() + card.getTranslateX() + (COLUMN_WIDTH - COLUMN_GAP) / 2;
        int over = (int) Math.floor((centerX - LANE_HEADER_WIDTH) / COLUMN_WIDTH);
        over = Math.max(0, Math.min(over, builtIndexes.size() - 1));
        if (over > faultColumn) {
            return over + 1;
        }
        return over < faultColumn ? over : faultColumn;
    }

    private void scrollToColumn(int column) {
        double viewport = getViewportBounds() == null ? 0 : getViewportBounds().getWidth();
        double width = canvas.getPrefWidth();
        if (viewport <= 0 || width <= viewport) {
            return;
        }
        double x = columnX(column);
        double left = getHvalue() * (width - viewport);
        if (x < left + LANE_HEADER_WIDTH || x > left + viewport - COLUMN_WIDTH) {
            setHvalue(Math.max(0, Math.min(1, (x - viewport / 2) / (width - viewport))));
        }
    }

    private static int rowOf(List<TimelineLane> lanes, String lane) {
        for (int row = 0; row < lanes.size(); row++) {
            if (lanes.get(row).id().equals(lane)) {
                return row;
            }
        }
        return -1;
    }

    private static double rowY(int row) {
        return TOP + row * ROW_HEIGHT;
    }

    private static double cardY(int row) {
        return rowY(row) + (ROW_HEIGHT - CARD_HEIGHT) / 2;
    }

    private static String laneColor(int row, TimelineLane lane) {
        return lane.isFault() ? "-color-danger-emphasis" : LANE_COLORS[row % LANE_COLORS.length];
    }
}
