package racelab.ui.crosscheck;

import java.util.LinkedHashMap;
import java.util.Map;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import racelab.crosscheck.CrossCheckReport;
import racelab.crosscheck.Crosscheckability;
import racelab.logsim.LogSimulation;
import racelab.logsim.config.SettingException;
import racelab.logsim.scene.LogScene;

/**
 * State of the "Check against real Kafka" window for one log scene: whether the scene can be cross-checked (and why
 * not), the number of real runs, whether the scene's fix is applied, the progress lines, and the report. Nothing here
 * starts Kafka; the view does, when the user presses Run.
 */
public final class CrossCheckViewModel {

    private final LogScene scene;
    private final IntegerProperty runs = new SimpleIntegerProperty(2);
    private final BooleanProperty fixed = new SimpleBooleanProperty();
    private final BooleanProperty running = new SimpleBooleanProperty();
    private final StringProperty status = new SimpleStringProperty();
    private final ObservableList<String> progressLines = FXCollections.observableArrayList();
    private final ObjectProperty<CrossCheckReport> report = new SimpleObjectProperty<>();

    private final StringProperty statement = new SimpleStringProperty();

    public CrossCheckViewModel(LogScene scene) {
        this.scene = scene;
        Crosscheckability v = verdict();
        status.set(v.checkable()
                ? "Nothing runs until you press Run: then a real Kafka broker and real Kafka Streams JVMs start on "
                        + "127.0.0.1, and every one of them is stopped at the end, on failure and on Cancel."
                : "Nothing runs for this scene: it stays simulated only (why: above).");
        statement.set(statement(v));
        fixed.addListener((obs, old, now) -> statement.set(statement(verdict())));
    }

    /**
     * What the scene says about running it on real Kafka (or the runner's rules when it says nothing): how it runs,
     * the limit a real run has, and where the scene states it.
     */
    static String statement(Crosscheckability v) {
        StringBuilder text = new StringBuilder(v.checkable() ? "On real Kafka: " : "Simulated only: ")
                .append(sentence(v.reason()));
        if (!v.limit().isEmpty()) {
            text.append("\nLimit: ").append(sentence(v.limit()));
        }
        text.append(v.statedAt().isEmpty() ? "\n(The scene file states nothing; this is the runner's rule.)"
                : "\n(Stated in the scene file at " + v.statedAt() + ".)");
        return text.toString();
    }

    private static String sentence(String text) {
        return text.endsWith(".") ? text : text + ".";
    }

    /** The scene's statement about real Kafka, with its limit and where it is stated. */
    public StringProperty statementProperty() {
        return statement;
    }

    public LogScene scene() {
        return scene;
    }

    /** Whether this scene (with the fix if chosen) can run on real Kafka, and why not. */
    public Crosscheckability verdict() {
        try {
            return Crosscheckability.of(scene, LogSimulation.settingsFor(scene, overrides()));
        } catch (SettingException e) {
            return new Crosscheckability(false, e.getMessage());
        }
    }

    /** The settings both sides run with: the scene's fix when chosen. */
    public Map<String, String> overrides() {
        return fixed.get() ? new LinkedHashMap<>(scene.fix()) : Map.of();
    }

    public IntegerProperty runsProperty() {
        return runs;
    }

    public BooleanProperty fixedProperty() {
        return fixed;
    }

    public BooleanProperty runningProperty() {
        return running;
    }

    public StringProperty statusProperty() {
        return status;
    }

    /** One line per step of the real runs, newest last. */
    public ObservableList<String> progressLines() {
        return progressLines;
    }

    public ObjectProperty<CrossCheckReport> reportProperty() {
        return report;
    }

    void started() {
        running.set(true);
        report.set(null);
        progressLines.clear();
        status.set("Running " + runs.get() + " real run(s)" + (fixed.get() ? " with the fix " + scene.fix() : "") + "…");
    }

    void progressed(String line) {
        progressLines.add(line);
        status.set(line);
    }

    void finished(CrossCheckReport result) {
        running.set(false);
        report.set(result);
        status.set(result.agrees() ? "The simulator and real Kafka agree." : "They disagree: "
                + String.join("; ", result.disagreements()));
    }

    void failed(String message) {
        running.set(false);
        status.set("Failed: " + message + " (every process was stopped).");
    }

    void cancelled() {
        running.set(false);
        status.set("Cancelled; every Kafka and app process was stopped and its directory removed.");
    }
}
