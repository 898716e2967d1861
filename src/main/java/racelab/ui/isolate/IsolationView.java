package racelab.ui.isolate;

import atlantafx.base.theme.Styles;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import racelab.explore.Cancellation;
import racelab.explore.FaultScriptShrinker;
import racelab.logsim.LogSimulation;
import racelab.logsim.isolate.Isolator;
import racelab.logsim.result.EntryIssue;
import racelab.logsim.result.LogRunResult;
import racelab.logsim.result.WrongAccount;
import racelab.logsim.scene.Fault;

/**
 * Log isolation: a seed sweep with progress and Cancel, the ablation table (each suspected mode off alone, and
 * every safety setting on), a drill-down into the first failing seed, and delta debugging of its fault script.
 *
 * <p>The simulator runs in {@link Task}s on a daemon thread; it is deterministic, so the same range gives the same
 * table every time.
 */
public final class IsolationView extends BorderPane {

    /** Lines of lineage shown in the drill-down before "… more". */
    private static final int DRILL_DOWN_LINES = 300;

    private final IsolationViewModel model;
    private volatile Cancellation cancellation;
    private Task<?> task;

    public IsolationView(IsolationViewModel model) {
        this.model = model;
        setId("isolation");
        setPadding(new Insets(14, 16, 14, 16));
        setTop(toolbar());
        SplitPane split = new SplitPane(ablation(), drillDown());
        split.setOrientation(javafx.geometry.Orientation.VERTICAL);
        split.setDividerPositions(0.58);
        setCenter(split);
        BorderPane.setMargin(split, new Insets(12, 0, 0, 0));
    }

    public IsolationViewModel model() {
        return model;
    }

    private VBox toolbar() {
        Label title = new Label("Isolate the cause · " + model.scene().title());
        title.getStyleClass().add(Styles.TITLE_3);
        Label caption = new Label("Runs the scene over a range of seeds as it is, with every safety setting on, and "
                + "with each suspected failure mode's setting switched to its safe value alone.");
        caption.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        caption.setWrapText(true);
        Spinner<Integer> from = seedSpinner("isolate-seed-from", model.seedFromProperty().get());
        from.valueProperty().addListener((obs, old, now) -> model.seedFromProperty().set(now));
        model.seedFromProperty().addListener((obs, old, now) -> from.getValueFactory().setValue(now.intValue()));
        Spinner<Integer> to = seedSpinner("isolate-seed-to", model.seedToProperty().get());
        to.valueProperty().addListener((obs, old, now) -> model.seedToProperty().set(now));
        model.seedToProperty().addListener((obs, old, now) -> to.getValueFactory().setValue(now.intValue()));
        Button sweep = new Button("Sweep seeds");
        sweep.setId("isolate-run");
        sweep.setDefaultButton(true);
        sweep.getStyleClass().add(Styles.ACCENT);
        sweep.setTooltip(new Tooltip("Simulate every seed in the range under each configuration (Enter)"));
        sweep.disableProperty().bind(model.runningProperty());
        sweep.setOnAction(e -> startSweep());
        Button cancel = new Button("Cancel");
        cancel.setId("isolate-cancel");
        cancel.setCancelButton(true);
        cancel.setTooltip(new Tooltip("Stop at the next simulated second (Esc)"));
        cancel.disableProperty().bind(model.runningProperty().not());
        cancel.setOnAction(e -> cancel());
        ProgressBar bar = new ProgressBar(0);
        bar.setId("isolate-progress");
        bar.setPrefWidth(200);
        bar.progressProperty().bind(model.progressProperty());
        Label status = new Label();
        status.setId("isolate-status");
        status.textProperty().bind(model.statusProperty());
        status.setMinWidth(0);
        HBox.setHgrow(status, Priority.ALWAYS);
        HBox controls = new HBox(10, new Label("Seeds"), from, new Label("to"), to, sweep, cancel, bar, status);
        controls.setAlignment(Pos.CENTER_LEFT);
        VBox top = new VBox(4, title, caption, controls);
        VBox.setMargin(controls, new Insets(8, 0, 0, 0));
        return top;
    }

    private Spinner<Integer> seedSpinner(String id, int value) {
        Spinner<Integer> spinner = new Spinner<>(1, 100_000, value);
        spinner.setId(id);
        spinner.setEditable(true);
        spinner.setPrefWidth(100);
        spinner.disableProperty().bind(model.runningProperty());
        return spinner;
    }

    private VBox ablation() {
        TableView<Isolator.Outcome> table = new TableView<>(model.rows());
        table.setId("isolate-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("Press Sweep seeds to fill the ablation table."));
        table.getColumns().add(text("configuration", 500, Isolator.Outcome::label));
        table.getColumns().add(text("seeds", 60, o -> o.runs() == 0 ? "–" : String.valueOf(o.runs())));
        table.getColumns().add(text("wrong", 65, o -> o.runs() == 0 ? "–" : String.valueOf(o.runsWithLoss())));
        table.getColumns().add(text("lost", 70, o -> o.runs() == 0 ? "–" : String.valueOf(o.lostEntries())));
        table.getColumns().add(text("double-applied", 120,
                o -> o.runs() == 0 ? "–" : String.valueOf(o.duplicateEntries())));
        table.getColumns().add(text("causes", 80, o -> String.join(" ", o.causes())));
        table.getColumns().add(text("verdict", 120, IsolationView::verdict));
        table.setRowFactory(view -> new TableRow<>() {
            @Override
            protected void updateItem(Isolator.Outcome item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().removeAll("removes-loss", "inapplicable");
                if (!empty && item != null) {
                    setId("isolate-row-" + item.label().split(" ")[0]);
                    if (item.removesLoss()) {
                        getStyleClass().add("removes-loss");
                    } else if (item.runs() == 0) {
                        getStyleClass().add("inapplicable");
                    }
                } else {
                    setId(null);
                }
            }
        });
        VBox.setVgrow(table, Priority.ALWAYS);
        Label heading = new Label("Ablation: each suspected mode off alone");
        heading.getStyleClass().add(Styles.TITLE_4);
        Label conclusion = new Label();
        conclusion.setId("isolate-conclusion");
        conclusion.getStyleClass().add(Styles.TEXT_BOLD);
        conclusion.textProperty().bind(Bindings.createStringBinding(() -> conclusion(model.reportProperty().get()),
                model.reportProperty()));
        HBox title = new HBox(16, heading, conclusion);
        title.setAlignment(Pos.BASELINE_LEFT);
        return new VBox(6, title, table);
    }

    private static String conclusion(Isolator.Report report) {
        if (report == null) {
            return "";
        }
        if (report.baseline().runsWithLoss() == 0) {
            return "No seed in the range goes wrong as the scene is.";
        }
        return report.removingKnobs().isEmpty() ? "No single setting removes the damage: the causes overlap."
                : "Removed by one change alone: " + String.join(", ", report.removingKnobs());
    }

    private static String verdict(Isolator.Outcome o) {
        if (!o.applicable()) {
            return "not applicable";
        }
        if (o.alreadySafe()) {
            return "already safe";
        }
        if (o.runs() == 0) {
            return "not run";
        }
        return o.runsWithLoss() == 0 ? "removes it" : "still wrong";
    }

    private static TableColumn<Isolator.Outcome, String> text(String title, double width,
            Function<Isolator.Outcome, String> value) {
        TableColumn<Isolator.Outcome, String> column = new TableColumn<>(title);
        column.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(value.apply(c.getValue())));
        column.setPrefWidth(width);
        return column;
    }

    private VBox drillDown() {
        Label heading = new Label();
        heading.setId("isolate-first-seed");
        heading.getStyleClass().add(Styles.TITLE_4);
        heading.textProperty().bind(Bindings.createStringBinding(() -> {
            LogRunResult run = model.firstFailingProperty().get();
            return run == null ? "First failing seed: none yet" : "First failing seed " + run.seed() + ": "
                    + run.wrongAccounts().size() + " wrong accounts, " + run.lostEntries().size() + " lost and "
                    + run.duplicateEntries().size() + " double-applied entries";
        }, model.firstFailingProperty()));
        ListView<String> lineage = new ListView<>();
        lineage.setId("isolate-lineage");
        lineage.setPlaceholder(new Label("The wrong accounts of the first failing seed and the records responsible."));
        model.firstFailingProperty().addListener((obs, old, now) -> lineage.getItems().setAll(lineageLines(now)));
        VBox.setVgrow(lineage, Priority.ALWAYS);
        VBox left = new VBox(6, heading, lineage);
        HBox.setHgrow(left, Priority.ALWAYS);

        Label shrinkHeading = new Label("Smallest failing fault script");
        shrinkHeading.getStyleClass().add(Styles.TITLE_4);
        Button shrink = new Button("Shrink fault script");
        shrink.setId("isolate-shrink");
        shrink.setTooltip(new Tooltip("Delta-debug the first failing seed's faults down to the fewest that still fail"));
        shrink.disableProperty().bind(model.runningProperty().or(model.firstFailingProperty().isNull()));
        shrink.setOnAction(e -> startShrink());
        ListView<String> faults = new ListView<>();
        faults.setId("isolate-shrunk");
        faults.setPlaceholder(new Label("Sweep, then shrink the first failing seed's faults."));
        Label shrinkSummary = new Label();
        shrinkSummary.setId("isolate-shrunk-summary");
        shrinkSummary.setWrapText(true);
        shrinkSummary.getStyleClass().add(Styles.TEXT_SMALL);
        shrinkSummary.setMinHeight(Region.USE_PREF_SIZE);
        model.shrunkProperty().addListener((obs, old, now) -> {
            faults.getItems().clear();
            shrinkSummary.setText("");
            if (now != null) {
                for (Fault fault : now.minimal()) {
                    faults.getItems().add(fault.describe());
                }
                shrinkSummary.setText("Keeps " + now.minimal().size() + " of " + now.original().size()
                        + " faults; still a " + now.symptom().label() + " (seed " + now.seed() + ", "
                        + now.minimalRun().lostEntries().size() + " lost, "
                        + now.minimalRun().duplicateEntries().size() + " double-applied). Without any one of them "
                        + "the symptom disappears.");
            }
        });
        VBox.setVgrow(faults, Priority.ALWAYS);
        VBox right = new VBox(6, shrinkHeading, shrink, faults, shrinkSummary);
        right.setPrefWidth(430);
        right.setMinWidth(360);
        HBox box = new HBox(14, left, right);
        box.setPadding(new Insets(8, 0, 0, 0));
        return new VBox(box) {
            {
                VBox.setVgrow(box, Priority.ALWAYS);
            }
        };
    }

    private static List<String> lineageLines(LogRunResult run) {
        List<String> lines = new ArrayList<>();
        if (run == null) {
            return lines;
        }
        int shown = 0;
        int total = 0;
        for (WrongAccount account : run.wrongAccounts()) {
            lines.add(String.format(Locale.ROOT, "%s: expected %d, actual %d   (%s)", account.account(),
                    account.expected(), account.actual(), String.join(" ", account.causes())));
            for (EntryIssue issue : account.issues()) {
                total++;
                if (shown < DRILL_DOWN_LINES) {
                    shown++;
                    lines.add("    #" + issue.entryId() + " " + issue.entry() + "  " + issue.kind()
                            + (issue.applications() > 1 ? " ×" + issue.applications() : "") + "  " + issue.mode()
                            + "  " + issue.where());
                }
            }
        }
        if (total > shown) {
            lines.add("    … " + (total - shown) + " more records");
        }
        return lines;
    }

    /** Starts the seed sweep off the FX thread; ignored while something runs. */
    public void startSweep() {
        if (model.runningProperty().get()) {
            return;
        }
        long from = Math.min(model.seedFromProperty().get(), model.seedToProperty().get());
        long to = Math.max(model.seedFromProperty().get(), model.seedToProperty().get());
        Cancellation cancel = new Cancellation();
        cancellation = cancel;
        Task<Object[]> sweep = new Task<>() {
            @Override
            protected Object[] call() throws Exception {
                Isolator.Report report = new Isolator().isolate(model.scene(), from, to, Map.of(),
                        (done, total, what) -> Platform.runLater(() -> model.progressed(done, total, what)),
                        cancel::isCancelled);
                LogRunResult first = null;
                // The report counts wrong seeds but does not name them; find the first one for the drill-down.
                for (long seed = from; seed <= to && report.baseline().runsWithLoss() > 0 && !cancel.isCancelled();
                        seed++) {
                    LogRunResult run = LogSimulation.run(model.scene(), seed, Map.of(), cancel::isCancelled);
                    if (!run.correct()) {
                        first = run;
                        break;
                    }
                }
                return new Object[] {report, first};
            }
        };
        model.sweepStarted();
        sweep.setOnSucceeded(e -> model.sweepFinished((Isolator.Report) sweep.getValue()[0],
                (LogRunResult) sweep.getValue()[1]));
        sweep.setOnFailed(e -> model.failed(message(sweep.getException())));
        start(sweep, "isolate-sweep");
    }

    /** Delta-debugs the first failing seed's fault script off the FX thread. */
    public void startShrink() {
        LogRunResult first = model.firstFailingProperty().get();
        if (model.runningProperty().get() || first == null) {
            return;
        }
        Cancellation cancel = new Cancellation();
        cancellation = cancel;
        Task<FaultScriptShrinker.Result> shrink = new Task<>() {
            @Override
            protected FaultScriptShrinker.Result call() throws Exception {
                return FaultScriptShrinker.shrink(model.scene(), first.seed(), Map.of(),
                        (simulations, faults) -> Platform.runLater(() -> model.shrinkProgressed(simulations, faults)),
                        cancel);
            }
        };
        model.shrinkStarted();
        shrink.setOnSucceeded(e -> model.shrinkFinished(shrink.getValue()));
        shrink.setOnFailed(e -> model.failed(message(shrink.getException())));
        start(shrink, "isolate-shrink");
    }

    private void start(Task<?> next, String name) {
        task = next;
        Thread thread = new Thread(next, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static String message(Throwable error) {
        return error == null ? "unknown error" : String.valueOf(error.getMessage());
    }

    /** Stops the sweep or shrink at the next simulated second. */
    public void cancel() {
        Cancellation cancel = cancellation;
        if (cancel != null) {
            cancel.cancel();
        }
    }

    /** True while a background task has not ended. */
    public boolean busy() {
        return task != null && !task.isDone();
    }
}
