package racelab.ui.logtimeline;

import java.util.Map;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import racelab.logsim.scene.LogScene;
import racelab.logsim.trace.FaultSweep;
import racelab.ui.LatestRunGate;
import racelab.ui.replay.StepCursor;

/**
 * The timeline page of a log scene: where the fault stands (after which event), whether the scene's fix is applied,
 * which entry the cards are filtered to, the latest run, and the replay cursor over it.
 *
 * <p>A drag of the fault card asks for a new run here; the view computes it off the FX thread and only the newest
 * answer is shown ({@link LatestRunGate}). Every picture of a run is computed with the run, so stepping is moving
 * {@link #cursor()} and nothing else.
 */
public final class LogTimelineViewModel {

    /**
     * One run to compute: the scene with its fault after event {@code faultAfter} (-1: where the scene puts it),
     * under the overrides.
     *
     * @param faultTimeMs when the fault fired in the run on screen (-1: none yet); a window is recorded around it
     */
    public record RunRequest(long generation, LogScene scene, int faultAfter, Map<String, String> overrides,
            TimelineWindow window, long faultTimeMs) implements LatestRunGate.Request {
    }

    /** One sweep of the movable fault over every position ({@code log-explore}), for the strip. */
    public record SweepRequest(long generation, LogScene scene, Map<String, String> overrides)
            implements LatestRunGate.Request {
    }

    private final LogScene scene;
    private final LatestRunGate<SweepRequest> sweepGate = new LatestRunGate<>();
    private final ReadOnlyObjectWrapper<FaultSweep.Result> sweep = new ReadOnlyObjectWrapper<>();
    private final TimelineWindow window;
    private final BooleanProperty fixApplied = new SimpleBooleanProperty(false);
    private final ReadOnlyIntegerWrapper faultAfter = new ReadOnlyIntegerWrapper(-1);
    private final ObjectProperty<Integer> entryFilter = new SimpleObjectProperty<>();
    private final LatestRunGate<RunRequest> gate = new LatestRunGate<>();
    private final ReadOnlyObjectWrapper<TimelineRun> run = new ReadOnlyObjectWrapper<>();
    private final StepCursor cursor = new StepCursor();
    private final ReadOnlyObjectWrapper<TimelineStep> step = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<TimelineCard> currentCard = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper hint = new ReadOnlyStringWrapper("");
    /** True while a new run's cursor is being set: the picture follows once, from the new run. */
    private boolean adopting;

    /**
     * @param faultAfter where the scene puts its fault, after which event (-1: the scene's own time)
     * @param window which events of a big scene to show, or {@link TimelineWindow#WHOLE_RUN}
     */
    public LogTimelineViewModel(LogScene scene, int faultAfter, TimelineWindow window) {
        this.scene = scene;
        this.window = window;
        this.faultAfter.set(faultAfter);
        fixApplied.addListener((obs, old, now) -> {
            requestRun();
            requestSweep();
        });
        cursor.positionProperty().addListener((obs, old, now) -> refreshStep());
        requestRun();
        requestSweep();
    }

    //*************************************************************************
    // Properties                                                            //
    //*************************************************************************

    public LogScene scene() {
        return scene;
    }

    public TimelineWindow window() {
        return window;
    }

    /** Whether the scene's named fix is laid over its settings. */
    public BooleanProperty fixAppliedProperty() {
        return fixApplied;
    }

    /** The fault stands after this event of the run without it; -1 until the first run placed it. */
    public ReadOnlyIntegerProperty faultAfterProperty() {
        return faultAfter.getReadOnlyProperty();
    }

    /** The journal entry the cards are filtered to, or null for every card. */
    public ObjectProperty<Integer> entryFilterProperty() {
        return entryFilter;
    }

    public ReadOnlyObjectProperty<TimelineRun> runProperty() {
        return run.getReadOnlyProperty();
    }

    /** The replay position: 0 = before the first event, {@code k} = after the first {@code k}. */
    public StepCursor cursor() {
        return cursor;
    }

    /** The picture at the cursor: every entry's chip and the balances. */
    public ReadOnlyObjectProperty<TimelineStep> stepProperty() {
        return step.getReadOnlyProperty();
    }

    /** The event that just happened at the cursor, or null at the start. */
    public ReadOnlyObjectProperty<TimelineCard> currentCardProperty() {
        return currentCard.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<RunRequest> pendingRunProperty() {
        return gate.pendingProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return gate.runningProperty();
    }

    public ReadOnlyStringProperty runErrorProperty() {
        return gate.errorProperty();
    }

    /** Feedback on the last drag, e.g. "The power cut now comes after event 12 (leader append e3)." */
    public ReadOnlyStringProperty hintProperty() {
        return hint.getReadOnlyProperty();
    }

    /** The sweep of the fault over every position under the current settings, or null while it runs. */
    public ReadOnlyObjectProperty<FaultSweep.Result> sweepProperty() {
        return sweep.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<SweepRequest> pendingSweepProperty() {
        return sweepGate.pendingProperty();
    }

    public ReadOnlyBooleanProperty sweepingProperty() {
        return sweepGate.runningProperty();
    }

    /** Why the sweep failed (e.g. a scene too big for one), or empty. */
    public ReadOnlyStringProperty sweepErrorProperty() {
        return sweepGate.errorProperty();
    }

    /**
     * Whether a new run is being adopted: its cursor moves before the run is published, and a page redraws once, when
     * the run arrives, not also for that cursor move on the old run.
     */
    public boolean adopting() {
        return adopting;
    }

    /** Whether the cursor is at the end of the run, where the forensics are shown. */
    public boolean atEnd() {
        return run.get() != null && cursor.getPosition() == cursor.sizeProperty().get();
    }

    //*************************************************************************
    // Commands                                                              //
    //*************************************************************************

    /**
     * Moves the fault so it happens right after event {@code event} (a position in the run without the fault:
     * 0 = before everything) and runs again. Returns false, with a hint, when the position is outside the run.
     */
    public boolean moveFault(int event) {
        if (event < 0) {
            hint.set("The fault can go after event 0 (before everything) or later, not after " + event + ".");
            return false;
        }
        if (event == faultAfter.get()) {
            // A drop right of a fault already after the last event of the run without it: there is no later gap.
            hint.set("The fault already stands after event " + event + ".");
            return false;
        }
        faultAfter.set(event);
        hint.set("");
        requestRun();
        return true;
    }

    /** Shows a sentence in the page's hint line (e.g. why the compare page could not open). */
    public void tell(String sentence) {
        hint.set(sentence);
    }

    /** Loads a fault position picked on the explore strip; the same as dropping the card there. */
    public boolean loadPosition(int event) {
        return moveFault(event);
    }

    public void sweepStarted(SweepRequest request) {
        sweepGate.started(request);
    }

    public void acceptSweep(SweepRequest request, FaultSweep.Result result) {
        if (sweepGate.succeeded(request)) {
            sweep.set(result);
        }
    }

    public void sweepFailed(SweepRequest request, String message) {
        sweepGate.failed(request, message);
    }

    public boolean isCurrentSweep(SweepRequest request) {
        return sweepGate.isCurrent(request);
    }

    public void started(RunRequest request) {
        gate.started(request);
    }

    /**
     * Shows {@code computed} when it answers the newest request. The first run opens at its end (the forensics); after
     * that a cursor at the end stays at the end, and any other keeps its place when it still fits. The cursor and the
     * picture at it are set before the run is published, so whoever listens to the run reads the new run's picture.
     */
    public void accept(RunRequest request, TimelineRun computed) {
        if (!gate.succeeded(request)) {
            return;
        }
        boolean toEnd = run.get() == null || atEnd();
        faultAfter.set(computed.faultAfter());
        adopting = true;
        try {
            cursor.resize(computed.cards().size());
            if (toEnd) {
                cursor.toEnd();
            }
        } finally {
            adopting = false;
        }
        showStep(computed);
        run.set(computed);
    }

    public void failed(RunRequest request, String message) {
        gate.failed(request, message);
    }

    /** Whether {@code request} is still the one the page waits for; safe from the run's own thread. */
    public boolean isCurrent(RunRequest request) {
        return gate.isCurrent(request);
    }

    public void cancelRun() {
        gate.cancel("Run cancelled.");
    }

    private void requestRun() {
        long generation = gate.nextGeneration();
        TimelineRun shown = run.get();
        long faultTimeMs = shown == null || shown.faultCard() < 0 ? -1 : shown.cards().get(shown.faultCard()).timeMs();
        gate.publish(new RunRequest(generation, scene, faultAfter.get(),
                fixApplied.get() ? scene.fix() : Map.of(), window, faultTimeMs));
    }

    private void requestSweep() {
        if (!window.whole()) {
            // A big scene's trace has thousands of positions: no strip, the window is the view.
            return;
        }
        sweep.set(null);
        long generation = sweepGate.nextGeneration();
        sweepGate.publish(new SweepRequest(generation, scene, fixApplied.get() ? scene.fix() : Map.of()));
    }

    private void refreshStep() {
        if (!adopting) {
            showStep(run.get());
        }
    }

    private void showStep(TimelineRun shown) {
        if (shown == null) {
            step.set(null);
            currentCard.set(null);
            return;
        }
        int k = Math.max(0, Math.min(cursor.getPosition(), shown.cards().size()));
        step.set(shown.steps().get(k));
        currentCard.set(k == 0 ? null : shown.cards().get(k - 1));
    }
}
