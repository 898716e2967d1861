package racelab.ui.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.beans.Observable;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import racelab.compare.ComparedRun;
import racelab.compare.Comparison;
import racelab.compare.TradeOffNotes;
import racelab.ledger.LedgerRun;
import racelab.ledger.StepOutcome;
import racelab.ledger.TraceStep;
import racelab.scenario.LedgerScene;
import racelab.scenario.StepRef;
import racelab.ui.replay.ReplayViewModel;

/**
 * The compare page: one ledger scene's schedule replayed under several mitigations, one column each, all driven
 * by one replay cursor. No toolkit imports: the view computes the runs and renders this state.
 *
 * <p><b>The shared cursor counts schedule steps, not trace events.</b> Runs of different mitigations have traces of
 * different lengths (a blocked step adds an event, a retry adds several), so the cursor is a
 * {@link ReplayViewModel} over the schedule itself: one marker event per schedule step, position {@code k} meaning
 * "the first {@code k} steps were released". Each column then shows every event of its own trace released by
 * those steps (mapped by {@link racelab.compare.SchedulePositions}: an unblocked step shows at the step that
 * released its lock). Step, Play, the scrubber and the keyboard move every column together because they all move
 * this one cursor.
 */
public final class CompareViewModel {

    private final LedgerScene scene;
    private final List<StepRef> schedule;
    private final ReplayViewModel cursor = new ReplayViewModel();
    private final ObservableList<CompareColumnModel> columns = FXCollections.observableArrayList(
            column -> new Observable[] {column.visibleProperty()});
    private final ObservableList<CompareColumnModel> columnsReadOnly = FXCollections.unmodifiableObservableList(columns);
    private final FilteredList<CompareColumnModel> visibleColumns = new FilteredList<>(columns,
            column -> column.visibleProperty().get());
    private final ReadOnlyStringWrapper stepText = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper complete = new ReadOnlyBooleanWrapper(false);

    /**
     * @param mitigations the columns, in their first order (the app passes every mitigation)
     */
    public CompareViewModel(LedgerScene scene, List<String> mitigations) {
        this.scene = scene;
        this.schedule = List.copyOf(scene.schedule());
        for (String id : mitigations) {
            columns.add(new CompareColumnModel(id, TradeOffNotes.of(id)));
        }
        cursor.load(Map.of(), markers(schedule));
        cursor.positionProperty().addListener((obs, old, now) -> refresh());
        refresh();
    }

    /** One marker event per schedule step: what the shared {@link ReplayViewModel} steps over. */
    private static List<TraceStep> markers(List<StepRef> schedule) {
        List<TraceStep> markers = new ArrayList<>();
        for (int i = 0; i < schedule.size(); i++) {
            markers.add(new TraceStep(i, schedule.get(i), List.of(), 0, 0, StepOutcome.RAN, null, null,
                    "schedule step " + (i + 1) + ": " + schedule.get(i), Map.of()));
        }
        return markers;
    }

    //*************************************************************************
    // Properties                                                            //
    //*************************************************************************

    public LedgerScene scene() {
        return scene;
    }

    public List<StepRef> schedule() {
        return schedule;
    }

    /** The one cursor every column follows; its position counts released schedule steps. */
    public ReplayViewModel cursor() {
        return cursor;
    }

    /** Every column in display order, hidden ones included. */
    public ObservableList<CompareColumnModel> columns() {
        return columnsReadOnly;
    }

    /** The shown columns, in display order. */
    public ObservableList<CompareColumnModel> visibleColumns() {
        return visibleColumns;
    }

    /** E.g. {@code step 4 of 8 · T2.check}, or how to start. */
    public ReadOnlyStringProperty stepTextProperty() {
        return stepText.getReadOnlyProperty();
    }

    /** Whether every column has its run. */
    public ReadOnlyBooleanProperty completeProperty() {
        return complete.getReadOnlyProperty();
    }

    public CompareColumnModel column(String mitigation) {
        return columns.stream().filter(c -> c.mitigation().equals(mitigation)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no column " + mitigation));
    }

    /** Mitigations whose run is still to be computed, in display order. */
    public List<String> pendingMitigations() {
        List<String> pending = new ArrayList<>();
        for (CompareColumnModel column : columns) {
            if (column.runProperty().get() == null) {
                pending.add(column.mitigation());
            }
        }
        return pending;
    }

    /** The finished runs of the shown columns, in display order, as one comparison (for reports and export). */
    public Comparison comparison() {
        List<ComparedRun> runs = new ArrayList<>();
        for (CompareColumnModel column : visibleColumns) {
            if (column.runProperty().get() != null) {
                runs.add(column.runProperty().get());
            }
        }
        return new Comparison(scene, schedule, runs);
    }

    //*************************************************************************
    // Commands                                                              //
    //*************************************************************************

    /** Called by the view when it starts computing a column's run. */
    public void started(String mitigation) {
        column(mitigation).running();
    }

    /** A column's run arrived; it joins the others at the current cursor. */
    public void accept(LedgerRun run) {
        if (!run.schedule().equals(schedule)) {
            throw new IllegalArgumentException("run of another schedule: " + run.schedule());
        }
        column(run.mitigation()).accept(scene, run, cursor.getPosition(), atEnd());
        complete.set(pendingMitigations().isEmpty());
    }

    public void failed(String mitigation, String message) {
        column(mitigation).failed(message);
    }

    /** Moves a column one place left among the shown columns. */
    public void moveLeft(CompareColumnModel column) {
        move(column, -1);
    }

    public void moveRight(CompareColumnModel column) {
        move(column, +1);
    }

    public void hide(CompareColumnModel column) {
        column.visibleProperty().set(false);
    }

    public void showAll() {
        columns.forEach(c -> c.visibleProperty().set(true));
    }

    /** Shows exactly these mitigations' columns (the "pick any set" of the chooser). */
    public void showOnly(List<String> mitigations) {
        columns.forEach(c -> c.visibleProperty().set(mitigations.contains(c.mitigation())));
    }

    public void toggleWide(CompareColumnModel column) {
        column.wideProperty().set(!column.wideProperty().get());
    }

    private void move(CompareColumnModel column, int direction) {
        int shownIndex = visibleColumns.indexOf(column);
        int targetShown = shownIndex + direction;
        if (shownIndex < 0 || targetShown < 0 || targetShown >= visibleColumns.size()) {
            return;
        }
        CompareColumnModel neighbour = visibleColumns.get(targetShown);
        int from = columns.indexOf(column);
        int to = columns.indexOf(neighbour);
        columns.remove(from);
        columns.add(to, column);
    }

    private boolean atEnd() {
        return cursor.getPosition() >= schedule.size();
    }

    private void refresh() {
        int k = cursor.getPosition();
        for (CompareColumnModel column : columns) {
            column.show(k, atEnd());
        }
        stepText.set(k == 0 ? "before step 1 of " + schedule.size() + " · press ▶ or Right to release a step"
                : "step " + k + " of " + schedule.size() + " · " + schedule.get(k - 1)
                + (atEnd() ? " · end: outcomes shown" : ""));
    }
}
