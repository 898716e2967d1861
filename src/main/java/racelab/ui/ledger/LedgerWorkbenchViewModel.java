package racelab.ui.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.ListChangeListener;
import racelab.ledger.LedgerRun;
import racelab.ledger.TraceStep;
import racelab.scenario.LedgerScene;
import racelab.scenario.StepRef;
import racelab.ui.balances.BalancesViewModel;
import racelab.ui.replay.ReplayViewModel;
import racelab.ui.timeline.ScheduleEditor;
import racelab.ui.timeline.TimelineViewModel;

/**
 * One ledger scene on screen: the schedule being edited, the chosen mitigation, the latest run and the replay
 * over it.
 *
 * <p>Runs are requested, not performed, here: whenever the schedule or the mitigation changes, a new
 * {@link RunRequest} with a higher generation is published; the view computes it off the FX thread and hands the
 * result to {@link #accept}, which drops results of stale requests so a fast user never sees an old run.
 */
public final class LedgerWorkbenchViewModel {

    /** One run to compute. */
    public record RunRequest(long generation, String mitigation, List<StepRef> schedule)
            implements racelab.ui.LatestRunGate.Request {
    }

    private final LedgerScene scene;
    private final ScheduleEditor editor;
    private final ReplayViewModel replay = new ReplayViewModel();
    private final BalancesViewModel balances = new BalancesViewModel();
    private final TimelineViewModel timeline = new TimelineViewModel();
    private final StringProperty mitigation = new SimpleStringProperty();
    private final racelab.ui.LatestRunGate<RunRequest> gate = new racelab.ui.LatestRunGate<>();
    private final ReadOnlyObjectWrapper<LedgerRun> run = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper verdict = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper("");
    private long shuffles;

    public LedgerWorkbenchViewModel(LedgerScene scene) {
        this.scene = scene;
        this.editor = new ScheduleEditor(scene.schedule());
        mitigation.set(scene.mitigation());
        editor.schedule().addListener((ListChangeListener<StepRef>) change -> {
            requestRun();
            refreshPosition();
        });
        mitigation.addListener((obs, old, now) -> requestRun());
        replay.positionProperty().addListener((obs, old, now) -> refreshPosition());
        replay.sizeProperty().addListener((obs, old, now) -> refreshPosition());
        refreshPosition();
        requestRun();
    }

    //*************************************************************************
    // Properties                                                            //
    //*************************************************************************

    public LedgerScene scene() {
        return scene;
    }

    public ScheduleEditor editor() {
        return editor;
    }

    public ReplayViewModel replay() {
        return replay;
    }

    public BalancesViewModel balances() {
        return balances;
    }

    public TimelineViewModel timeline() {
        return timeline;
    }

    /** The mitigation to run the schedule under; changing it re-runs. */
    public StringProperty mitigationProperty() {
        return mitigation;
    }

    /** The run the view should compute next, or null when the shown run is up to date. */
    public ReadOnlyObjectProperty<RunRequest> pendingRunProperty() {
        return gate.pendingProperty();
    }

    /** The run on screen (may be older than the schedule while {@link #runningProperty()} is true). */
    public ReadOnlyObjectProperty<LedgerRun> runProperty() {
        return run.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return gate.runningProperty();
    }

    /** {@code violated} or {@code safe} for the run on screen; empty before the first run. */
    public ReadOnlyStringProperty verdictProperty() {
        return verdict.getReadOnlyProperty();
    }

    /** Why the last run failed, for a message; empty when it did not. */
    public ReadOnlyStringProperty runErrorProperty() {
        return gate.errorProperty();
    }

    /** The narration for the current step: the scene's note for it, then what the engine saw. */
    public ReadOnlyStringProperty noteProperty() {
        return note.getReadOnlyProperty();
    }

    //*************************************************************************
    // Commands                                                              //
    //*************************************************************************

    /** Called by the view when it starts computing {@code request}. */
    public void started(RunRequest request) {
        gate.started(request);
    }

    /** Shows a finished run unless a newer request superseded it. */
    public void accept(RunRequest request, LedgerRun result) {
        if (!gate.succeeded(request)) {
            return;
        }
        run.set(result);
        List<Map<String, Long>> snapshots = new ArrayList<>();
        for (TraceStep step : result.steps()) {
            snapshots.add(step.balances());
        }
        balances.prepare(scene.accounts(), scene.groups(), result.initialBalances(), snapshots);
        verdict.set(result.verdict());
        replay.load(result.initialBalances(), result.steps());
        refreshPosition();
    }

    /** Reports a failed run; the old run stays on screen. */
    /**
     * Stops waiting for the running request: the page is idle at once and the run's result, if it still comes, is
     * dropped. The H2 run itself ends on its own within seconds (the engine breaks every wait) and closes its
     * database; only its result is dropped.
     */
    public void cancelRun() {
        gate.cancel("Run cancelled.");
    }

    /** Whether {@code request} is still the one the page waits for; safe from the run's own thread. */
    public boolean isCurrent(RunRequest request) {
        return gate.isCurrent(request);
    }

    public void failed(RunRequest request, String message) {
        gate.failed(request, message);
    }

    /** Drops a card: moves a schedule step, or explains on the timeline why not. */
    public boolean moveStep(int from, int to) {
        String refusal = editor.move(from, to);
        timeline.setHint(refusal == null ? "" : "Refused: " + refusal);
        return refusal == null;
    }

    /** A new random interleaving; successive shuffles differ but repeat from one app start to the next. */
    public void shuffle() {
        shuffles++;
        editor.shuffle(shuffles);
        timeline.setHint("");
    }

    /**
     * Puts a whole schedule (e.g. a counterexample found by the explorer) on the timeline under a mitigation and
     * replays it from the start; the schedule must keep every lane's own order.
     */
    public void loadSchedule(String mitigationId, List<StepRef> schedule) {
        mitigation.set(mitigationId);
        editor.setAll(schedule);
        timeline.setHint("Loaded from the explorer: replay it step by step.");
    }

    public void reset() {
        editor.reset();
        timeline.setHint("");
    }

    /** Runs the schedule again, e.g. on the database the header's switch now points at. */
    public void rerun() {
        requestRun();
    }

    private static String productOf(LedgerRun run) {
        return run.database().backend().equals("postgres") ? "PostgreSQL" : "H2";
    }

    private void requestRun() {
        long generation = gate.nextGeneration();
        gate.publish(new RunRequest(generation, mitigation.get(), List.copyOf(editor.schedule())));
    }

    private void refreshPosition() {
        LedgerRun shown = run.get();
        List<TraceStep> trace = shown == null ? List.of() : shown.steps();
        int executed = replay.getPosition();
        timeline.show(editor.schedule(), trace, executed);
        if (shown != null) {
            balances.show(replay.currentBalancesProperty().get(), replay.previousBalancesProperty().get(),
                    shown.anomalies(), executed, executed >= trace.size());
        }
        TraceStep current = replay.getCurrentStep();
        if (current == null) {
            note.set("");
            return;
        }
        // A scene's note is shown only under the scene's own mitigation and schedule, where it is true; elsewhere
        // (another fix, a dragged step) the trace speaks.
        String sceneNote = shown == null ? null : scene.noteFor(current.step(), shown.mitigation(), shown.schedule());
        sceneNote = sceneNote == null ? "" : sceneNote;
        String engineNote = current.detail() == null || current.detail().isEmpty() ? ""
                : "What " + productOf(shown) + " did: " + current.detail();
        note.set(sceneNote.isEmpty() ? engineNote : engineNote.isEmpty() ? sceneNote : sceneNote + "\n\n" + engineNote);
    }
}
