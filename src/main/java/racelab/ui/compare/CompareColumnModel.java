package racelab.ui.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import racelab.compare.ComparedRun;
import racelab.compare.Outcome;
import racelab.compare.SchedulePositions;
import racelab.ledger.LedgerRun;
import racelab.ledger.TraceStep;
import racelab.scenario.LedgerScene;
import racelab.ui.balances.BalancesViewModel;

/**
 * One mitigation's column in the compare view: its run of the shared schedule, shown up to the shared cursor.
 *
 * <p>The column keeps the schedule position of every event of its own trace ({@link SchedulePositions}); at
 * cursor {@code k} (schedule steps released) it shows the events released by steps {@code 0..k-1}, its balances
 * after the last of them, and, once {@code k} reaches the end of the schedule, its outcome badge.
 */
public final class CompareColumnModel {

    private final String mitigation;
    private final String tradeOffNote;
    private final BalancesViewModel balances = new BalancesViewModel();
    private final ObservableList<TraceLine> lines = FXCollections.observableArrayList();
    // Kept in a field: a wrapper nobody holds is garbage collected and silently stops forwarding changes.
    private final ObservableList<TraceLine> linesReadOnly = FXCollections.unmodifiableObservableList(lines);
    private final ReadOnlyObjectWrapper<ComparedRun> run = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Outcome> outcome = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("waiting for the database…");
    private final BooleanProperty visible = new SimpleBooleanProperty(true);
    private final BooleanProperty wide = new SimpleBooleanProperty(false);
    private LedgerScene scene;
    private int[] positions = new int[0];

    CompareColumnModel(String mitigation, String tradeOffNote) {
        this.mitigation = mitigation;
        this.tradeOffNote = tradeOffNote;
    }

    public String mitigation() {
        return mitigation;
    }

    /** One line on what this mitigation costs at scale. */
    public String tradeOffNote() {
        return tradeOffNote;
    }

    public BalancesViewModel balances() {
        return balances;
    }

    /** Events released up to the cursor, oldest first; those of the cursor's step are marked current. */
    public ObservableList<TraceLine> lines() {
        return linesReadOnly;
    }

    /** The finished run with its cost, or null while it is computed. */
    public ReadOnlyObjectProperty<ComparedRun> runProperty() {
        return run.getReadOnlyProperty();
    }

    /** The badge, shown once the cursor reached the end of the schedule; null before. */
    public ReadOnlyObjectProperty<Outcome> outcomeProperty() {
        return outcome.getReadOnlyProperty();
    }

    /** Why there is nothing to show yet (running, failed), or empty once the run is here. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Whether the column is shown; hidden columns keep their run. */
    public BooleanProperty visibleProperty() {
        return visible;
    }

    /** Whether the column is drawn wide, for long SQL. */
    public BooleanProperty wideProperty() {
        return wide;
    }

    void running() {
        if (run.get() == null) {
            status.set("running…");
        }
    }

    void failed(String message) {
        status.set("run failed: " + message);
    }

    void accept(LedgerScene scene, LedgerRun result, int executedSteps, boolean atEnd) {
        this.scene = scene;
        positions = SchedulePositions.of(result.schedule(), result.steps());
        List<Map<String, Long>> snapshots = new ArrayList<>();
        for (TraceStep step : result.steps()) {
            snapshots.add(step.balances());
        }
        balances.prepare(scene.accounts(), scene.groups(), result.initialBalances(), snapshots);
        run.set(ComparedRun.of(result));
        // Every verdict names the server it came from.
        status.set("on " + result.database().server());
        show(executedSteps, atEnd);
    }

    /** Shows the column after {@code executedSteps} schedule steps; {@code atEnd} reveals the badge. */
    void show(int executedSteps, boolean atEnd) {
        ComparedRun shown = run.get();
        if (shown == null) {
            return;
        }
        List<TraceStep> trace = shown.run().steps();
        int events = SchedulePositions.eventsUpTo(positions, executedSteps);
        List<TraceLine> visibleLines = new ArrayList<>();
        for (int j = 0; j < events; j++) {
            visibleLines.add(TraceLine.of(trace.get(j), positions[j], positions[j] == executedSteps - 1));
        }
        lines.setAll(visibleLines);
        Map<String, Long> current = events == 0 ? shown.run().initialBalances() : trace.get(events - 1).balances();
        int before = SchedulePositions.eventsUpTo(positions, Math.max(0, executedSteps - 1));
        // From the balances before the cursor's step, so bars animate over the whole step even when it had
        // several events (a commit that also released a blocked lane).
        Map<String, Long> previous = before == 0 ? shown.run().initialBalances() : trace.get(before - 1).balances();
        balances.show(current, previous, shown.run().anomalies(), events, atEnd && events == trace.size());
        outcome.set(atEnd ? shown.outcome() : null);
    }

    LedgerScene scene() {
        return scene;
    }
}
