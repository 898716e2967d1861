package racelab.ui.logtimeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntPredicate;
import java.util.function.Supplier;
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
 * <p>Only the columns in view (and one either side) have nodes: a run of 250 events on a window showing ten columns
 * holds about a dozen cards, not 250. The nodes are pooled and rebound when the view scrolls or a new run arrives
 * ({@link EventCardNode#bind}), so a drop of the fault card changes texts and pseudo-classes of a dozen nodes instead
 * of building the page again; moving the replay cursor only changes pseudo-classes. The lane bands and headers are
 * built once per set of lanes. The canvas keeps the width of every column, so the scroll bar measures the whole run.
 *
 * <p>The fault card is dragged with plain mouse events, as the ledger timeline's cards are: while it moves, a bar
 * marks the gap between two events it would land in; on release the gap is offered to {@code mover} as "after how
 * many events of the run without the fault" ({@link #eventsBeforeGap}).
 */
public final class LogTimelineCanvas extends ScrollPane {

    static final double LANE_HEADER_WIDTH = 150;
    static final double COLUMN_WIDTH = 116;
    private static final double COLUMN_GAP = 8;
    static final double ROW_HEIGHT = 52;
    static final double CARD_HEIGHT = 42;
    static final double TOP = 40;
    private static final double DRAG_THRESHOLD = 6;
    /** Columns drawn beyond each edge of the view, so a card dragged one column over has a neighbour to land on. */
    private static final int SPARE_COLUMNS = 1;
    /** Doomed entries a column's mark names one by one; more are counted. */
    private static final int DOOMED_NAMED_MAX = 3;
    /** The width assumed before the first layout has measured the view (a snapshot, a test before showing). */
    private static final double UNMEASURED_VIEWPORT_WIDTH = 1920;
    private static final String[] LANE_COLORS = {
        "-color-chart-1", "-color-chart-2", "-color-chart-3", "-color-chart-4",
        "-color-chart-6", "-color-chart-7", "-color-chart-8", "-color-chart-5"
    };

    private final Pane canvas = new Pane();
    /** Layers, bottom to top: lane bands, column numbers and doom marks, cards; then the cursor and the headers. */
    private final Pane bandLayer = layer();
    private final Pane labelLayer = layer();
    private final Pane cardLayer = layer();
    private final Pane headerLayer = layer();
    private final IntPredicate mover;
    private final Region cursorLine = new Region();
    private final Region gapMarker = new Region();
    private final Pool<EventCardNode> cards;
    private final Pool<Label> numbers;
    private final Pool<Label> doomMarks;
    /** Lane bands, one per lane, stretched to the run's width. */
    private final List<Region> bands = new ArrayList<>();
    /** Lane headers stay at the left edge while the cards scroll under them. */
    private final List<Node> headers = new ArrayList<>();
    private List<TimelineLane> lanes = List.of();
    private final Map<String, Integer> rowByLane = new HashMap<>();
    private TimelineRun run;
    private Integer filter;
    private int position;
    /** Whether the view keeps the fault card in sight (a new run) rather than the cursor (once the cursor moved). */
    private boolean followFault;
    /** Card index (in the run) of every column, in column order: every card, or the filtered ones. */
    private int[] columns = new int[0];
    /** Column of every card index (-1: filtered out). */
    private int[] columnOfCard = new int[0];
    /** The doom mark's words per card index, for the cards after which entries are doomed. */
    private Map<Integer, String> doomText = Map.of();
    /** The columns that have nodes now: [firstShown, firstShown + shownCount). */
    private int firstShown;
    private int shownCount;
    private EventCardNode dragged;
    private double pressX;

    /** @param mover moves the fault after that many events of the run without it; false when refused */
    public LogTimelineCanvas(IntPredicate mover) {
        this.mover = mover;
        canvas.getStyleClass().add("log-timeline-canvas");
        cursorLine.getStyleClass().add("cursor-line");
        cursorLine.setManaged(false);
        cursorLine.setMouseTransparent(true);
        gapMarker.getStyleClass().add("gap-marker");
        gapMarker.setMouseTransparent(true);
        gapMarker.setManaged(false);
        gapMarker.setVisible(false);
        canvas.getChildren().setAll(bandLayer, labelLayer, cardLayer, cursorLine, headerLayer, gapMarker);
        cards = new Pool<>(cardLayer, this::newCard);
        numbers = new Pool<>(labelLayer, () -> {
            Label number = new Label();
            number.getStyleClass().add("column-number");
            number.setAlignment(Pos.CENTER);
            return number;
        });
        doomMarks = new Pool<>(labelLayer, () -> {
            Label mark = new Label();
            mark.getStyleClass().add("doom-mark");
            mark.setAlignment(Pos.CENTER);
            return mark;
        });
        setContent(canvas);
        setFitToHeight(true);
        setVbarPolicy(ScrollBarPolicy.NEVER);
        getStyleClass().add("log-timeline");
        setId("log-timeline");
        hvalueProperty().addListener((obs, old, now) -> {
            pinHeaders();
            showColumnsInView();
        });
        viewportBoundsProperty().addListener((obs, old, now) -> {
            // The first layout (or a resize) gives the viewport its width: only now can the view be scrolled.
            if (old == null || Math.abs(old.getWidth() - now.getWidth()) > 1) {
                scrollToColumn(followedColumn());
            }
            pinHeaders();
            showColumnsInView();
        });
    }

    private static Pane layer() {
        Pane layer = new Pane();
        layer.setManaged(false);
        layer.setPickOnBounds(false);
        return layer;
    }

    private void pinHeaders() {
        double offset = scrollOffset();
        for (Node header : headers) {
            header.setTranslateX(offset);
        }
    }

    /** How far the view is scrolled, in canvas coordinates: the x at the view's left edge. */
    private double scrollOffset() {
        return Math.max(0, canvas.getPrefWidth() - viewportWidth()) * getHvalue();
    }

    private double viewportWidth() {
        double width = getViewportBounds() == null ? 0 : getViewportBounds().getWidth();
        return width > 0 ? width : UNMEASURED_VIEWPORT_WIDTH;
    }

    /**
     * Draws a run, filtered to one entry's cards (null: all), at a replay position. A new run (the page opening, a
     * drop, the fix switched) scrolls its fault card into view, since the run opens at its end and the fault is what
     * the learner moves; moving the cursor on the same run scrolls to the cursor.
     */
    public void show(TimelineRun next, Integer entryFilter, int nextPosition) {
        if (next != run) {
            followFault = true;
        } else if (nextPosition != position) {
            followFault = false;
        }
        position = nextPosition;
        if (next != run || !Objects.equals(entryFilter, filter)) {
            cancelDrag();
            run = next;
            filter = entryFilter;
            layOutRun();
            // A new run can hold other cards in the same columns: rebind every node in view, in place.
            firstShown = -1;
            // The scroll pane resizes its content at its next layout and then rescales the scroll bar to keep the
            // old pixel offset, which would undo a scroll to the new run's fault: resize it now, scroll after.
            layout();
        }
        showPosition();
    }

    /** Moves the replay highlight; the cards stay. */
    private void showPosition() {
        for (EventCardNode card : cards.inUse()) {
            card.showPosition(position);
        }
        double x = columnX(cursorColumn()) - COLUMN_GAP / 2 - 1;
        cursorLine.resizeRelocate(x, TOP - 6, 3, laneCount() * ROW_HEIGHT + 8);
        scrollToColumn(followedColumn());
        showColumnsInView();
    }

    /** The column the view keeps in sight: the fault card's while a new run is shown, else the cursor's. */
    private int followedColumn() {
        int faultColumn = run == null ? -1 : columnOf(run.faultCard());
        return followFault && faultColumn >= 0 ? faultColumn : cursorColumn();
    }

    /** The line stands right after the last card that ran, in the filtered columns too. */
    private int cursorColumn() {
        int column = 0;
        while (column < columns.length && columns[column] < position) {
            column++;
        }
        return column;
    }

    /** The card node of an event (by index in the run), or null when filtered out or not in view. */
    public EventCardNode cardNode(int cardIndex) {
        for (EventCardNode card : cards.inUse()) {
            if (card.cardIndex() == cardIndex) {
                return card;
            }
        }
        return null;
    }

    /** The card nodes on the canvas now, left to right: the columns in view and one either side. */
    public List<Node> cardNodes() {
        List<Node> shown = new ArrayList<>();
        for (EventCardNode card : cards.inUse()) {
            if (card.isVisible()) {
                shown.add(card);
            }
        }
        shown.sort(java.util.Comparator.comparingDouble(Node::getLayoutX));
        return shown;
    }

    /** The run's card index of each card node on the canvas, left to right. */
    public List<Integer> cardIndexesOnCanvas() {
        List<Integer> indexes = new ArrayList<>();
        for (Node node : cardNodes()) {
            indexes.add(((EventCardNode) node).cardIndex());
        }
        return indexes;
    }

    /** The fault card node, or null when it is not in view (or the run has none). */
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

    /** The top of the fault lane's row in canvas coordinates, or -1 when the run has no fault lane. */
    public double faultRowY() {
        for (int row = 0; row < lanes.size(); row++) {
            if (lanes.get(row).isFault()) {
                return rowY(row);
            }
        }
        return -1;
    }

    /** The column of a card (by index in the run), or -1 when filtered out. */
    public int columnOf(int cardIndex) {
        return cardIndex < 0 || cardIndex >= columnOfCard.length ? -1 : columnOfCard[cardIndex];
    }

    /** How many columns the run has on this timeline (every card, or the filtered ones). */
    public int columnCount() {
        return columns.length;
    }

    /** Scrolls so that {@code column} is in view, as the cursor does when it moves there. */
    public void revealColumn(int column) {
        scrollToColumn(column);
        showColumnsInView();
    }

    private int laneCount() {
        return lanes.size();
    }

    /** Columns, sizes, lanes and doom marks of a new run (or a new filter); the card nodes follow in view. */
    private void layOutRun() {
        if (run == null) {
            columns = new int[0];
            columnOfCard = new int[0];
            doomText = Map.of();
            showLanes(List.of(), 0);
            canvas.setPrefSize(0, 0);
            return;
        }
        List<TimelineCard> all = run.cards();
        int[] kept = new int[all.size()];
        columnOfCard = new int[all.size()];
        int count = 0;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).touches(filter)) {
                columnOfCard[i] = count;
                kept[count++] = i;
            } else {
                columnOfCard[i] = -1;
            }
        }
        columns = java.util.Arrays.copyOf(kept, count);
        doomText = doomMarks(run);
        double width = columnX(columns.length) + 12;
        double height = TOP + run.lanes().size() * ROW_HEIGHT + 6;
        canvas.setPrefSize(width, height);
        canvas.setMinSize(width, height);
        setPrefHeight(height + 18);
        setMinHeight(Region.USE_PREF_SIZE);
        showLanes(run.lanes(), width);
        pinHeaders();
    }

    /**
     * "✖ e2 e3 doomed" per card index after which those entries can no longer end up right; past
     * {@link #DOOMED_NAMED_MAX} entries (a big scene's power cut) "✖ 38 doomed", so the mark fits its column.
     */
    private static Map<Integer, String> doomMarks(TimelineRun run) {
        Map<Integer, List<Integer>> byCard = new HashMap<>();
        run.doomedAtEvent().forEach((entry, at) -> byCard.computeIfAbsent(at, k -> new ArrayList<>()).add(entry));
        Map<Integer, String> text = new HashMap<>();
        byCard.forEach((at, entries) -> {
            entries.sort(null);
            StringBuilder words = new StringBuilder("✖");
            if (entries.size() > DOOMED_NAMED_MAX) {
                words.append(' ').append(entries.size());
            } else {
                entries.forEach(entry -> words.append(" e").append(entry));
            }
            text.put(at, words.append(" doomed").toString());
        });
        return text;
    }

    /** Builds the lane bands and headers when the lanes change; otherwise only stretches the bands. */
    private void showLanes(List<TimelineLane> next, double width) {
        if (!next.equals(lanes)) {
            lanes = List.copyOf(next);
            rowByLane.clear();
            bands.clear();
            headers.clear();
            for (int row = 0; row < lanes.size(); row++) {
                TimelineLane lane = lanes.get(row);
                rowByLane.put(lane.id(), row);
                Region band = new Region();
                band.getStyleClass().add("lane-row-band");
                if (lane.isFault()) {
                    band.getStyleClass().add("fault-band");
                }
                band.setMouseTransparent(true);
                band.setManaged(false);
                bands.add(band);
                Label title = new Label(lane.title());
                title.getStyleClass().add("lane-title");
                Label subtitle = new Label(lane.subtitle());
                subtitle.getStyleClass().add("lane-subtitle");
                VBox header = new VBox(title, subtitle);
                header.getStyleClass().add("lane-header");
                header.setId("lane-" + lane.id());
                header.setStyle("-lane-color: " + laneColor(row, lane) + ";");
                header.setManaged(false);
                header.resizeRelocate(0, rowY(row) + 2, LANE_HEADER_WIDTH - 6, ROW_HEIGHT - 4);
                headers.add(header);
            }
            // The corner above the lane headers hides column numbers and doom marks scrolling under it.
            Region corner = new Region();
            corner.getStyleClass().add("lane-corner");
            corner.setManaged(false);
            corner.resizeRelocate(0, 0, LANE_HEADER_WIDTH - 6, TOP);
            headers.add(corner);
            bandLayer.getChildren().setAll(bands);
            headerLayer.getChildren().setAll(headers);
        }
        for (int row = 0; row < bands.size(); row++) {
            bands.get(row).resizeRelocate(4, rowY(row) + 2, Math.max(0, width - 8), ROW_HEIGHT - 4);
        }
    }

    /**
     * Gives nodes to the columns in view (and {@link #SPARE_COLUMNS} either side), reusing the nodes of columns
     * that left the view. Nothing changes while the same columns stay in view.
     */
    private void showColumnsInView() {
        if (run == null || dragged != null) {
            return;
        }
        double left = scrollOffset();
        int first = Math.max(0, (int) Math.floor(left / COLUMN_WIDTH) - SPARE_COLUMNS);
        int last = Math.min(columns.length - 1,
                (int) Math.floor((left + viewportWidth() - LANE_HEADER_WIDTH) / COLUMN_WIDTH) + SPARE_COLUMNS);
        int count = Math.max(0, last - first + 1);
        if (first == firstShown && count == shownCount) {
            return;
        }
        firstShown = first;
        shownCount = count;
        int cardSlots = 0;
        int markSlots = 0;
        for (int column = first; column <= last; column++) {
            int index = columns[column];
            TimelineCard card = run.cards().get(index);
            Label number = numbers.get(column - first);
            number.setText(Integer.toString(run.firstEvent() + index + 1));
            number.resizeRelocate(columnX(column), 20, COLUMN_WIDTH - COLUMN_GAP, 16);
            String doom = doomText.get(index);
            if (doom != null) {
                Label mark = doomMarks.get(markSlots++);
                mark.setText(doom);
                mark.setId("doom-mark-" + index);
                mark.resizeRelocate(columnX(column) - 8, 1, COLUMN_WIDTH + 8, 18);
            }
            Integer row = rowByLane.get(card.lane());
            if (row == null) {
                continue;
            }
            EventCardNode node = cards.get(cardSlots++);
            node.bind(card, index, laneColor(row, lanes.get(row)), doom != null, position);
            node.resizeRelocate(columnX(column), cardY(row), COLUMN_WIDTH - COLUMN_GAP, CARD_HEIGHT);
        }
        numbers.trim(count);
        doomMarks.trim(markSlots);
        cards.trim(cardSlots);
    }

    private EventCardNode newCard() {
        EventCardNode card = new EventCardNode();
        card.setOnMousePressed(event -> {
            pressX = event.getSceneX();
        });
        card.setOnMouseDragged(event -> {
            if (card.card() == null || !card.card().fault()) {
                return;
            }
            double dx = event.getSceneX() - pressX;
            if (dragged == null && Math.abs(dx) < DRAG_THRESHOLD) {
                return;
            }
            if (dragged == null) {
                dragged = card;
                card.pseudoClassStateChanged(EventCardNode.DRAGGING, true);
                gapMarker.setVisible(true);
                card.toFront();
            }
            card.setTranslateX(dx);
            int gap = dropGap(card);
            gapMarker.resizeRelocate(gapX(gap) - 3, TOP - 4, 6, laneCount() * ROW_HEIGHT + 4);
        });
        card.setOnMouseReleased(event -> {
            if (dragged != card) {
                return;
            }
            int gap = dropGap(card);
            int faultColumn = columnOf(run.faultCard());
            cancelDrag();
            if (gap != faultColumn && gap != faultColumn + 1) {
                mover.test(eventsBeforeGap(gap));
            }
        });
        return card;
    }

    /** Puts a dragged card back where it stood (a drop, or a new run arriving mid-drag). */
    private void cancelDrag() {
        if (dragged == null) {
            return;
        }
        dragged.pseudoClassStateChanged(EventCardNode.DRAGGING, false);
        dragged.setTranslateX(0);
        gapMarker.setVisible(false);
        dragged = null;
    }

    /**
     * Where a drop in the gap in front of {@code column} puts the fault: after that many events of the run without
     * it ({@link TimelineRun#dropPosition}). Left of the fault a gap is its own position, moved back to the start of
     * its simulator step (one card earlier is always one step earlier); right of the fault the cards are the faulted
     * run's, so a gap maps to the same event of the run without the fault, never past its end.
     */
    public int eventsBeforeGap(int column) {
        return run.dropPosition(column == 0 ? 0 : columns[column - 1] + 1);
    }

    /**
     * The gap the dragged card would land in: over a card to the right of where it stood, the gap after that card;
     * over a card to the left, the gap before it (as swapping places with it); over its own column, where it was.
     */
    private int dropGap(EventCardNode card) {
        int faultColumn = columnOf(run.faultCard());
        double centerX = card.getLayoutX() + card.getTranslateX() + (COLUMN_WIDTH - COLUMN_GAP) / 2;
        int over = (int) Math.floor((centerX - LANE_HEADER_WIDTH) / COLUMN_WIDTH);
        over = Math.max(0, Math.min(over, columns.length - 1));
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

    private static double rowY(int row) {
        return TOP + row * ROW_HEIGHT;
    }

    private static double cardY(int row) {
        return rowY(row) + (ROW_HEIGHT - CARD_HEIGHT) / 2;
    }

    private static String laneColor(int row, TimelineLane lane) {
        return lane.isFault() ? "-color-danger-emphasis" : LANE_COLORS[row % LANE_COLORS.length];
    }

    /**
     * Nodes of one kind, reused: the first {@code n} are on their layer, the rest wait unattached for the view to
     * need them again.
     */
    private static final class Pool<T extends Node> {
        private final Pane layer;
        private final Supplier<T> factory;
        private final List<T> nodes = new ArrayList<>();
        private int used;

        Pool(Pane layer, Supplier<T> factory) {
            this.layer = layer;
            this.factory = factory;
        }

        /** The {@code slot}-th node, put on the layer when it was not. */
        T get(int slot) {
            while (nodes.size() <= slot) {
                T node = factory.get();
                node.setManaged(false);
                nodes.add(node);
            }
            T node = nodes.get(slot);
            if (slot >= used) {
                for (int i = used; i <= slot; i++) {
                    layer.getChildren().add(nodes.get(i));
                }
                used = slot + 1;
            }
            return node;
        }

        /** Keeps the first {@code n} nodes on the layer and takes the others off. */
        void trim(int n) {
            if (n < used) {
                layer.getChildren().removeAll(nodes.subList(n, used));
                used = n;
            }
        }

        List<T> inUse() {
            return nodes.subList(0, used);
        }
    }
}
