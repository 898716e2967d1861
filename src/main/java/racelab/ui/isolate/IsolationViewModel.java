package racelab.ui.isolate;

import java.util.Locale;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import racelab.explore.FaultScriptShrinker;
import racelab.logsim.isolate.Isolator;
import racelab.logsim.result.LogRunResult;
import racelab.logsim.scene.LogScene;

/**
 * State of the log isolation page for one scene: the seed range, progress, the ablation table, the first failing
 * seed's run for the drill-down, and the shrunk fault script.
 *
 * <p>The view runs the simulator in background tasks and hands results in on the FX thread.
 */
public final class IsolationViewModel {

    private final LogScene scene;
    private final IntegerProperty seedFrom = new SimpleIntegerProperty(1);
    private final IntegerProperty seedTo = new SimpleIntegerProperty(10);
    private final BooleanProperty running = new SimpleBooleanProperty();
    private final DoubleProperty progress = new SimpleDoubleProperty();
    private final StringProperty status = new SimpleStringProperty("Choose a seed range and press Sweep seeds.");
    private final ObjectProperty<Isolator.Report> report = new SimpleObjectProperty<>();
    private final ObservableList<Isolator.Outcome> rows = FXCollections.observableArrayList();
    private final ObjectProperty<LogRunResult> firstFailing = new SimpleObjectProperty<>();
    private final ObjectProperty<FaultScriptShrinker.Result> shrunk = new SimpleObjectProperty<>();

    public IsolationViewModel(LogScene scene) {
        this.scene = scene;
    }

    public LogScene scene() {
        return scene;
    }

    public IntegerProperty seedFromProperty() {
        return seedFrom;
    }

    public IntegerProperty seedToProperty() {
        return seedTo;
    }

    public BooleanProperty runningProperty() {
        return running;
    }

    public DoubleProperty progressProperty() {
        return progress;
    }

    public StringProperty statusProperty() {
        return status;
    }

    public ObjectProperty<Isolator.Report> reportProperty() {
        return report;
    }

    /** The ablation table: as the scene is, all safety settings on, then each suspected mode off alone. */
    public ObservableList<Isolator.Outcome> rows() {
        return rows;
    }

    /** The run of the first seed that went wrong as the scene is; null when none did. */
    public ObjectProperty<LogRunResult> firstFailingProperty() {
        return firstFailing;
    }

    /** The smallest fault script that still fails, after Shrink. */
    public ObjectProperty<FaultScriptShrinker.Result> shrunkProperty() {
        return shrunk;
    }

    /** A seed sweep starts. */
    public void sweepStarted() {
        running.set(true);
        progress.set(0);
        report.set(null);
        rows.clear();
        firstFailing.set(null);
        shrunk.set(null);
        status.set("Sweeping seeds " + seedFrom.get() + ".." + seedTo.get() + "…");
    }

    public void progressed(int done, int total, String what) {
        progress.set(total == 0 ? 0 : done / (double) total);
        status.set(done + "/" + total + "  " + what);
    }

    /** The sweep ended; {@code first} is the first failing seed's run as the scene is, or null. */
    public void sweepFinished(Isolator.Report done, LogRunResult first) {
        running.set(false);
        report.set(done);
        rows.clear();
        rows.add(done.baseline());
        rows.add(done.allSafe());
        rows.addAll(done.knobs());
        firstFailing.set(first);
        progress.set(done.cancelled() ? progress.get() : 1);
        String removing = done.removingKnobs().isEmpty() ? "no single setting removes the damage"
                : "removed by one change alone: " + String.join(", ", done.removingKnobs());
        status.set((done.cancelled() ? "Cancelled: partial counts. " : "Done: ") + done.baseline().runsWithLoss()
                + "/" + done.baseline().runs() + " seeds go wrong as the scene is; " + removing + ".");
    }

    public void shrinkStarted() {
        running.set(true);
        progress.set(-1);
        shrunk.set(null);
        status.set("Shrinking the fault script of seed " + firstFailing.get().seed() + "…");
    }

    public void shrinkProgressed(int simulations, int faults) {
        status.set(String.format(Locale.ROOT, "Shrinking: %d simulations, smallest failing script so far %d fault(s)",
                simulations, faults));
    }

    public void shrinkFinished(FaultScriptShrinker.Result result) {
        running.set(false);
        progress.set(result.complete() ? 1 : 0);
        shrunk.set(result);
        status.set((result.complete() ? "Done: " : "Cancelled: smallest verified so far. ") + result.minimal().size()
                + " of " + result.original().size() + " faults still cause a " + result.symptom().label() + " ("
                + result.simulations() + " simulations).");
    }

    public void failed(String message) {
        running.set(false);
        progress.set(0);
        status.set("Failed: " + message);
    }
}
