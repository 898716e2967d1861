package racelab.ui.crosscheck;

import atlantafx.base.theme.Styles;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.application.Platform;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import racelab.crosscheck.CancelledException;
import racelab.crosscheck.CrossCheck;
import racelab.crosscheck.CrossCheckReport;
import racelab.crosscheck.KafkaRuntime;
import racelab.crosscheck.RealRunResult;

/**
 * "Check against real Kafka": the scene on a real broker and real Kafka Streams JVMs beside the simulator. Runs on a
 * daemon thread; Cancel (or closing the window) sets a flag the run checks between steps and while it waits, and
 * the run kills its child processes and deletes its directory before it returns.
 */
public final class CrossCheckView extends BorderPane {

    private final CrossCheckViewModel model;
    private final AtomicBoolean cancel = new AtomicBoolean();
    private final GridPane table = new GridPane();
    private final VBox details = new VBox(4);
    private Thread worker;

    public CrossCheckView(CrossCheckViewModel model) {
        this.model = model;
        setId("crosscheck");
        setPadding(new Insets(14));
        setTop(controls());
        setCenter(results());
        model.reportProperty().addListener((obs, old, now) -> render(now));
    }

    public CrossCheckViewModel model() {
        return model;
    }

    private VBox controls() {
        Label title = new Label("Check against real Kafka " + KafkaRuntime.VERSION + ": " + model.scene().title());
        title.getStyleClass().add(Styles.TITLE_4);
        title.setWrapText(true);
        Spinner<Integer> runs = new Spinner<>(1, 20, model.runsProperty().get());
        runs.setId("crosscheck-runs");
        runs.setPrefWidth(80);
        runs.valueProperty().addListener((obs, old, now) -> model.runsProperty().set(now));
        CheckBox fixed = new CheckBox("with the fix " + model.scene().fix());
        fixed.setId("crosscheck-fixed");
        fixed.selectedProperty().bindBidirectional(model.fixedProperty());
        Button run = new Button("Run on real Kafka");
        run.setId("crosscheck-run");
        run.getStyleClass().add(Styles.ACCENT);
        run.setDefaultButton(true);
        run.setTooltip(new Tooltip("Starts a real broker and the ledger as real Kafka Streams JVMs on 127.0.0.1"));
        run.disableProperty().bind(model.runningProperty());
        run.setOnAction(e -> start());
        Button cancelButton = new Button("Cancel");
        cancelButton.setId("crosscheck-cancel");
        cancelButton.setCancelButton(true);
        cancelButton.disableProperty().bind(model.runningProperty().not());
        cancelButton.setOnAction(e -> cancel());
        ProgressBar bar = new ProgressBar(ProgressBar.INDETERMINATE_PROGRESS);
        bar.visibleProperty().bind(model.runningProperty());
        bar.setPrefWidth(140);
        boolean checkable = model.verdict().checkable();
        run.setVisible(checkable);
        run.setManaged(checkable);
        HBox row = new HBox(10, new Label("Real runs"), runs, fixed, run, cancelButton, bar);
        row.setAlignment(Pos.CENTER_LEFT);
        Label status = new Label();
        status.setId("crosscheck-status");
        status.setWrapText(true);
        status.textProperty().bind(model.statusProperty());
        Label statement = new Label();
        statement.setId("crosscheck-statement");
        statement.setWrapText(true);
        statement.textProperty().bind(model.statementProperty());
        VBox box = new VBox(8, title, statement, row, status);
        box.setPadding(new Insets(0, 0, 10, 0));
        return box;
    }

    private VBox results() {
        table.setId("crosscheck-table");
        table.setHgap(18);
        table.setVgap(6);
        ListView<String> log = new ListView<>(model.progressLines());
        log.setId("crosscheck-progress");
        log.setPrefHeight(160);
        model.progressLines().addListener((javafx.collections.ListChangeListener<String>) c ->
                log.scrollTo(model.progressLines().size() - 1));
        Label note = new Label("Real runs compress time: every time in the scene (entries, faults, commit.interval.ms, "
                + "linger.ms, session.timeout.ms…) is divided so that session.timeout.ms lands on the broker's minimum "
                + "of 6 s. Counts stay comparable; real runs vary, so the real side shows min / median / max.");
        note.setWrapText(true);
        note.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        VBox box = new VBox(10, table, details, note, log);
        VBox.setVgrow(log, Priority.ALWAYS);
        return box;
    }

    private void render(CrossCheckReport r) {
        table.getChildren().clear();
        details.getChildren().clear();
        if (r == null) {
            return;
        }
        String[] head = {"", "simulator", "real Kafka (min / median / max)", "real runs with it", "agree"};
        for (int c = 0; c < head.length; c++) {
            Label h = new Label(head[c]);
            h.getStyleClass().add(Styles.TEXT_BOLD);
            table.add(h, c, 0);
        }
        int row = 1;
        for (CrossCheckReport.Measure m : r.measures()) {
            table.add(new Label(m.name()), 0, row);
            table.add(new Label(Integer.toString(m.simulated())), 1, row);
            table.add(new Label(m.realMin() + " / " + m.realMedian() + " / " + m.realMax()), 2, row);
            table.add(new Label(m.realRunsWithIt() + " of " + r.runs()), 3, row);
            Label agree = new Label(m.agrees() ? "yes" : "NO");
            agree.getStyleClass().add(m.agrees() ? Styles.SUCCESS : Styles.DANGER);
            agree.setId("crosscheck-agree-" + m.name().replace(' ', '-'));
            table.add(agree, 4, row);
            row++;
        }
        table.add(new Label("modes"), 0, row);
        table.add(new Label(r.simulatedModes().isEmpty() ? "none" : String.join(", ", r.simulatedModes())), 1, row);
        table.add(new Label(r.realModes().isEmpty() ? "none" : String.join(", ", r.realModes())), 2, row);
        Label verdict = new Label(r.agrees() ? "AGREE" : "DISAGREE");
        verdict.setId("crosscheck-verdict");
        verdict.getStyleClass().addAll("verdict", r.agrees() ? "safe" : "violated");
        details.getChildren().add(verdict);
        for (String d : r.disagreements()) {
            Label l = new Label("• " + d);
            l.setWrapText(true);
            details.getChildren().add(l);
        }
        for (RealRunResult run : r.realRuns()) {
            Label l = new Label(String.format("Run %d: lost %d, applied twice %d, wrong accounts %d, modes %s, %.1f s. %s",
                    run.run(), run.lostEntries().size(), run.duplicateEntries().size(), run.wrongAccounts().size(),
                    run.causes().isEmpty() ? "none" : String.join(", ", run.causes()), run.wallMs() / 1000.0,
                    String.join("; ", run.notes())));
            l.setWrapText(true);
            l.getStyleClass().add(Styles.TEXT_SMALL);
            details.getChildren().add(l);
        }
        Label cost = new Label(String.format("Broker ready in %.1f s, broker RSS %d MiB; time compressed %.1fx.",
                r.brokerStartMsMedian() / 1000.0, r.brokerRssKbMedian() / 1024, r.timeScale()));
        cost.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        details.getChildren().add(cost);
    }

    /** Starts the real runs (the only place in the app that starts Kafka). */
    public void start() {
        if (model.runningProperty().get() || !model.verdict().checkable()) {
            return;
        }
        cancel.set(false);
        model.started();
        int runs = model.runsProperty().get();
        Task<CrossCheckReport> task = new Task<>() {
            @Override
            protected CrossCheckReport call() throws Exception {
                return CrossCheck.run(model.scene(), model.scene().seed(), model.overrides(), runs, cancel::get,
                        line -> Platform.runLater(() -> model.progressed(line)));
            }
        };
        task.setOnSucceeded(e -> model.finished(task.getValue()));
        task.setOnFailed(e -> {
            if (task.getException() instanceof CancelledException) {
                model.cancelled();
            } else {
                model.failed(String.valueOf(task.getException().getMessage()));
            }
        });
        worker = new Thread(task, "crosscheck");
        worker.setDaemon(true);
        worker.start();
    }

    /** Asks the run to stop; its processes are killed before the task ends. */
    public void cancel() {
        cancel.set(true);
    }

    /** For tests: the background run, or null. */
    Thread worker() {
        return worker;
    }
}
