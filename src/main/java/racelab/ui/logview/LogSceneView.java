package racelab.ui.logview;

import atlantafx.base.controls.ToggleSwitch;
import atlantafx.base.theme.Styles;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.beans.binding.Bindings;
import javafx.collections.SetChangeListener;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import racelab.logsim.result.ClusterSnapshot;
import racelab.logsim.result.EntryIssue;
import racelab.logsim.result.LogRunResult;
import racelab.logsim.result.TraceEvent;
import racelab.logsim.result.WrongAccount;

/**
 * A log scene: fault controls (cut power of picked machines, or the scene's own faults; apply the named fix),
 * the cluster at each labelled moment, expected vs actual balances with the lineage of a wrong one, and the
 * narration with the run's notable events.
 */
public final class LogSceneView extends BorderPane {

    private static final int LINEAGE_ROWS_MAX = 40;
    private static final ExecutorService RUNNER = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "log-runs");
        thread.setDaemon(true);
        return thread;
    });

    /** Opens the isolation window for this scene. */
    static final javafx.scene.input.KeyCombination ISOLATE_KEY =
            javafx.scene.input.KeyCombination.keyCombination("Shortcut+I");

    private final LogSceneViewModel model;
    private javafx.stage.Stage isolationStage;
    private racelab.ui.isolate.IsolationView isolation;
    private javafx.stage.Stage crossCheckStage;
    private racelab.ui.crosscheck.CrossCheckView crossCheck;
    private final LogBackend backend;
    private racelab.ui.logtimeline.LogTimelineView timelineWindow;
    private final ClusterView cluster = new ClusterView();
    private final GridPane balances = new GridPane();
    private final Label summary = new Label();
    private final VBox lineage = new VBox(4);
    private final VBox events = new VBox(2);

    public LogSceneView(LogSceneViewModel model, LogBackend backend) {
        this.model = model;
        this.backend = backend;
        setId("log-scene");
        setTop(header());
        setCenter(center());
        setRight(side());
        racelab.ui.explore.ExplorerWindow.installShortcut(this, ISOLATE_KEY, this::showIsolation);

        model.resultProperty().addListener((obs, old, now) -> refreshResult());
        model.snapshotProperty().addListener((obs, old, now) -> refreshSnapshot());
        model.selectedAccountProperty().addListener((obs, old, now) -> refreshLineage());
        model.pendingRunProperty().addListener((obs, old, now) -> launch(now));
        refreshResult();
        launch(model.pendingRunProperty().get());
    }

    public LogSceneViewModel model() {
        return model;
    }

    private void launch(LogSceneViewModel.RunRequest request) {
        if (request == null) {
            return;
        }
        Task<LogRunResult> task = new Task<>() {
            @Override
            protected LogRunResult call() throws Exception {
                // A superseded or cancelled run stops at its next simulated second instead of holding the runner.
                return backend.run(request.scene(), request.seed(), request.overrides(), () -> !model.isCurrent(request));
            }
        };
        model.started(request);
        task.setOnSucceeded(e -> model.accept(request, task.getValue()));
        task.setOnFailed(e -> model.failed(request, String.valueOf(task.getException().getMessage())));
        RUNNER.execute(task);
    }

    /** The isolation window for this scene (one per page), brought to the front. */
    public racelab.ui.isolate.IsolationView showIsolation() {
        if (isolationStage == null) {
            isolation = new racelab.ui.isolate.IsolationView(new racelab.ui.isolate.IsolationViewModel(model.scene()));
            isolationStage = racelab.ui.explore.ExplorerWindow.show(this,
                    "Isolate the cause", isolation, isolation::cancel);
        }
        isolationStage.show();
        isolationStage.toFront();
        return isolation;
    }

    /**
     * The timeline of this scene's record-level events in a window around its fault (the faults on screen now, the
     * fix if applied), in a window of its own; the run is computed there, off the FX thread.
     */
    public racelab.ui.logtimeline.LogTimelineView showTimelineWindow() {
        racelab.logsim.scene.LogScene scene = model.scene();
        racelab.logsim.scene.LogScene shown = new racelab.logsim.scene.LogScene(scene.id(), scene.file(), scene.title(),
                scene.seed(), scene.settings(), scene.fix(), scene.modes(), scene.expect(), scene.workload(),
                model.faults(), scene.powerDomains(), scene.durationMs(), scene.narration());
        racelab.ui.logtimeline.LogTimelineViewModel page = new racelab.ui.logtimeline.LogTimelineViewModel(shown, -1,
                racelab.ui.logtimeline.TimelineWindow.AROUND_FAULT);
        page.fixAppliedProperty().set(model.fixAppliedProperty().get());
        timelineWindow = new racelab.ui.logtimeline.LogTimelineView(page,
                new racelab.ui.logtimeline.SimulatorTimelineBackend());
        racelab.ui.explore.ExplorerWindow.show(this, "Timeline around the fault · " + scene.title(), timelineWindow,
                page::cancelRun);
        return timelineWindow;
    }

    /** The last timeline window opened from here, for tests. */
    public racelab.ui.logtimeline.LogTimelineView timelineWindow() {
        return timelineWindow;
    }

    /**
     * The "Check against real Kafka" window for this scene (one per page). Opening it starts nothing; closing it
     * cancels a running check, which stops every Kafka process it started.
     */
    public racelab.ui.crosscheck.CrossCheckView showCrossCheck() {
        if (crossCheckStage == null) {
            crossCheck = new racelab.ui.crosscheck.CrossCheckView(
                    new racelab.ui.crosscheck.CrossCheckViewModel(model.scene()));
            crossCheckStage = racelab.ui.explore.ExplorerWindow.show(this, "Check against real Kafka", crossCheck,
                    crossCheck::cancel);
        }
        crossCheckStage.show();
        crossCheckStage.toFront();
        return crossCheck;
    }

    private VBox header() {
        Label title = new Label(model.scene().title());
        title.getStyleClass().add(Styles.TITLE_3);
        title.setId("scene-title");
        title.setMinWidth(120);
        Label verdict = new Label();
        verdict.setId("verdict");
        verdict.getStyleClass().addAll("verdict", "pending");
        verdict.setMinWidth(Region.USE_PREF_SIZE);
        verdict.setText("running…");
        model.resultProperty().addListener((obs, old, now) -> {
            verdict.getStyleClass().removeAll("violated", "safe", "pending");
            // The verdict names what is wrong: balances can be right while the applied topic holds duplicates.
            racelab.logsim.result.LogVerdict v = now == null ? null : racelab.logsim.result.LogVerdict.of(now);
            verdict.getStyleClass().add(v == null || v.kind() == racelab.logsim.result.LogVerdict.Kind.PENDING
                    ? "pending" : v.kind() == racelab.logsim.result.LogVerdict.Kind.RIGHT ? "safe" : "violated");
            verdict.setText(v == null ? "running…" : v.headline());
            verdict.setTooltip(v == null ? null : new Tooltip(v.sentence()));
        });
        ProgressIndicator progress = new ProgressIndicator();
        progress.setPrefSize(22, 22);
        progress.setMaxSize(22, 22);
        progress.visibleProperty().bind(model.runningProperty());
        progress.managedProperty().bind(model.runningProperty());
        Label runningText = new Label("simulating…");
        runningText.getStyleClass().add(Styles.TEXT_MUTED);
        runningText.visibleProperty().bind(model.runningProperty());
        runningText.managedProperty().bind(model.runningProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);

        Button isolate = new Button("Isolate the cause…");
        isolate.setId("open-isolation");
        isolate.setTooltip(new Tooltip("Sweep seeds, switch each suspected failure mode off alone, shrink the fault "
                + "script (" + ISOLATE_KEY.getDisplayText() + ")"));
        isolate.setOnAction(e -> showIsolation());
        isolate.setMinWidth(Region.USE_PREF_SIZE);
        HBox top = new HBox(10, title, verdict, spacer, progress, runningText, racelab.ui.RunCancelButton.create(
                model.runningProperty(), model::cancelRun));
        top.setAlignment(Pos.CENTER_LEFT);
        Label file = new Label(model.scene().id() + "  ·  " + model.scene().file() + "  ·  seed " + model.scene().seed()
                + "  ·  modes " + String.join(", ", model.scene().modes())
                + (model.scene().settings().isEmpty() ? "" : "  ·  " + settingsText(model.scene().settings())));
        file.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        Label error = new Label();
        error.getStyleClass().add(Styles.DANGER);
        error.textProperty().bind(model.runErrorProperty());
        error.managedProperty().bind(model.runErrorProperty().isNotEmpty());
        Region fileSpacer = new Region();
        HBox.setHgrow(fileSpacer, Priority.ALWAYS);
        file.setMinWidth(0);
        Button real = new Button("Check against real Kafka…");
        real.setId("open-crosscheck");
        racelab.crosscheck.Crosscheckability checkable = crossCheckability();
        real.setTooltip(new Tooltip(checkable.checkable()
                ? "Run this scene on a real Kafka broker and real Kafka Streams JVMs beside the simulator"
                : "Simulated only: " + checkable.reason()));
        real.setOnAction(e -> showCrossCheck());
        real.setMinWidth(Region.USE_PREF_SIZE);
        Button timeline = new Button("Timeline around the fault…");
        timeline.setId("open-timeline-window");
        timeline.setTooltip(new Tooltip("The record-level events just before and after this scene's fault, as a "
                + "timeline you can step through and drag the fault on (a window of events, not thousands)"));
        timeline.setOnAction(e -> showTimelineWindow());
        timeline.setMinWidth(Region.USE_PREF_SIZE);
        timeline.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                () -> model.faults().isEmpty(), model.pendingRunProperty()));
        HBox second = new HBox(10, file, fileSpacer, timeline, real, isolate);
        second.setAlignment(Pos.CENTER_LEFT);
        VBox header = new VBox(2, top, second, error);
        header.setPadding(new Insets(12, 16, 8, 16));
        return header;
    }

    private racelab.crosscheck.Crosscheckability crossCheckability() {
        try {
            return racelab.crosscheck.Crosscheckability.of(model.scene(),
                    racelab.logsim.LogSimulation.settingsFor(model.scene(), java.util.Map.of()));
        } catch (racelab.logsim.config.SettingException e) {
            return new racelab.crosscheck.Crosscheckability(false, e.getMessage());
        }
    }

    private ScrollPane center() {
        VBox faults = faultControls();

        Button previous = new Button("◀");
        previous.setId("snapshot-previous");
        previous.setTooltip(new Tooltip("Earlier moment"));
        previous.setOnAction(e -> model.previousSnapshot());
        Button next = new Button("▶");
        next.setId("snapshot-next");
        next.setTooltip(new Tooltip("Later moment (after a restart: the store restored from the changelog)"));
        next.setOnAction(e -> model.nextSnapshot());
        Label moment = new Label();
        moment.setId("snapshot-label");
        moment.getStyleClass().add(Styles.TEXT_BOLD);
        moment.setWrapText(true);
        moment.textProperty().bind(Bindings.createStringBinding(() -> momentText(), model.snapshotProperty()));
        Label clusterTitle = new Label("Cluster");
        clusterTitle.getStyleClass().add(Styles.TITLE_4);
        clusterTitle.setMinWidth(Region.USE_PREF_SIZE);
        HBox stepper = new HBox(8, clusterTitle, previous, next, moment);
        stepper.setAlignment(Pos.CENTER_LEFT);

        Label narrationTitle = new Label("Narration");
        narrationTitle.getStyleClass().add(Styles.TITLE_4);
        Label narration = new Label(racelab.ui.Texts.paragraphs(model.scene().narration()));
        narration.setWrapText(true);
        narration.setMinHeight(Region.USE_PREF_SIZE);
        narration.setId("narration");
        Label eventsTitle = new Label("What happened");
        eventsTitle.getStyleClass().add(Styles.TEXT_BOLD);
        VBox story = new VBox(6, narrationTitle, narration, eventsTitle, events);
        story.getStyleClass().add("panel");

        VBox content = new VBox(10, faults, stepper, cluster, story);
        content.setPadding(new Insets(4, 8, 12, 16));
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add(atlantafx.base.theme.Tweaks.EDGE_TO_EDGE);
        return scroll;
    }

    private VBox faultControls() {
        Label title = new Label("Cut power of");
        title.getStyleClass().add(Styles.TEXT_BOLD);
        title.setMinWidth(Region.USE_PREF_SIZE);
        HBox picks = new HBox(6);
        picks.setAlignment(Pos.CENTER_LEFT);
        for (String machine : model.machines()) {
            ToggleButton pick = new ToggleButton(machine);
            pick.setId("pick-" + machine);
            pick.setFocusTraversable(false);
            pick.setSelected(model.cutMachines().contains(machine));
            pick.selectedProperty().addListener((obs, old, now) -> {
                if (now) {
                    model.cutMachines().add(machine);
                } else {
                    model.cutMachines().remove(machine);
                }
            });
            model.cutMachines().addListener((SetChangeListener<String>) change ->
                    pick.setSelected(model.cutMachines().contains(machine)));
            picks.getChildren().add(pick);
        }
        Label at = new Label("at simulated time");
        Spinner<Integer> seconds = new Spinner<>(0, 600, (int) (model.cutAtMsProperty().get() / 1000), 5);
        seconds.setId("cut-at-seconds");
        seconds.setEditable(true);
        seconds.setPrefWidth(90);
        seconds.valueProperty().addListener((obs, old, now) -> model.cutAtMsProperty().set(now * 1000L));
        Label unit = new Label("s");
        Button cut = new Button("Cut power");
        cut.setId("cut-power");
        cut.getStyleClass().add(Styles.DANGER);
        cut.setTooltip(new Tooltip("Power off the picked machines at that simulated time; they restart "
                + LogSceneViewModel.RESTART_AFTER_MS / 1000 + " s later and the task restores its store"));
        cut.setOnAction(e -> model.cutPower());
        Button sceneFaults = new Button("Scene's faults");
        sceneFaults.setId("scene-faults");
        sceneFaults.setTooltip(new Tooltip("Run the faults written in the scene file"));
        sceneFaults.setOnAction(e -> model.useSceneFaults());
        sceneFaults.disableProperty().bind(model.customCutProperty().not());
        Label hint = new Label();
        hint.getStyleClass().add("timeline-hint");
        hint.textProperty().bind(model.hintProperty());
        javafx.scene.layout.FlowPane pickRow = new javafx.scene.layout.FlowPane(6, 6);
        pickRow.getChildren().add(title);
        pickRow.getChildren().addAll(picks.getChildren());
        pickRow.setAlignment(Pos.CENTER_LEFT);
        HBox when = new HBox(8, at, seconds, unit, cut, sceneFaults, hint);
        when.setAlignment(Pos.CENTER_LEFT);
        ToggleSwitch fix = new ToggleSwitch("Apply the fix: " + settingsText(model.scene().fix()));
        fix.setId("apply-fix");
        fix.selectedProperty().bindBidirectional(model.fixAppliedProperty());
        Label faults = new Label();
        faults.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        faults.setId("faults-text");
        faults.setWrapText(true);
        faults.textProperty().bind(Bindings.createStringBinding(() -> "Faults in this run: " + faultsText(),
                model.pendingRunProperty(), model.resultProperty()));
        VBox box = new VBox(8, pickRow, when, fix, faults);
        box.getStyleClass().add("panel");
        return box;
    }

    private ScrollPane side() {
        summary.setWrapText(true);
        summary.setId("log-summary");
        balances.setId("expected-actual");
        balances.setHgap(14);
        balances.setVgap(2);
        lineage.setId("lineage");
        return racelab.ui.SidePanel.of(430, 360, new Insets(4, 16, 12, 4),
                racelab.ui.SidePanel.title("Balances after recovery"), summary, balances,
                racelab.ui.SidePanel.title("Lineage"), lineage);
    }

    private void refreshResult() {
        LogRunResult result = model.resultProperty().get();
        balances.getChildren().clear();
        events.getChildren().clear();
        if (result == null) {
            summary.setText("Simulating the journal through the cluster…");
            refreshLineage();
            return;
        }
        summary.setText((result.settled() ? "" : "The simulation " + result.budget() + ". ") + summaryText(result));
        String[] headings = {"account", "expected", "actual", "off by"};
        for (int column = 0; column < headings.length; column++) {
            Label heading = new Label(headings[column]);
            heading.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
            balances.add(heading, column, 0);
        }
        int row = 1;
        for (WrongAccount wrong : result.wrongAccounts()) {
            Label[] cells = {new Label(wrong.account()), new Label(Long.toString(wrong.expected())),
                new Label(Long.toString(wrong.actual())), new Label(signed(wrong.actual() - wrong.expected()))};
            for (int column = 0; column < cells.length; column++) {
                Label cell = cells[column];
                cell.getStyleClass().add("wrong-balance");
                cell.setMaxWidth(Double.MAX_VALUE);
                cell.setPadding(new Insets(3, 6, 3, 6));
                cell.setOnMouseClicked(e -> model.selectedAccountProperty().set(wrong.account()));
                cell.setTooltip(new Tooltip("Click to see which journal entries made " + wrong.account()
                        + " wrong, and why"));
                cell.setStyle("-fx-cursor: hand;");
                if (column == 0) {
                    cell.setId("wrong-" + wrong.account());
                }
                balances.add(cell, column, row);
            }
            row++;
        }
        if (result.wrongAccounts().isEmpty()) {
            Label fine = new Label("Every account matches the journal applied once, in order.");
            fine.getStyleClass().add(Styles.SUCCESS);
            balances.add(fine, 0, 1, 4, 1);
        }
        for (TraceEvent event : result.trace()) {
            Label line = new Label(String.format("%9.1f s  %s", event.timeMs() / 1000.0, event.text()));
            line.getStyleClass().addAll("mono", Styles.TEXT_SMALL);
            if (event.kind().equals("fault")) {
                line.getStyleClass().add(Styles.DANGER);
            }
            events.getChildren().add(line);
        }
        refreshSnapshot();
        refreshLineage();
    }

    private void refreshSnapshot() {
        ClusterSnapshot now = model.snapshotProperty().get();
        LogRunResult result = model.resultProperty().get();
        int index = model.snapshotIndexProperty().get();
        // Compared with the run's previous moment: what a fault took away, and the store refilling on restore.
        ClusterSnapshot previous = result != null && index > 0 && index <= result.snapshots().size() - 1
                ? result.snapshots().get(index - 1) : null;
        cluster.show(now, previous);
    }

    private void refreshLineage() {
        lineage.getChildren().clear();
        WrongAccount wrong = model.selectedWrongAccount();
        for (javafx.scene.Node node : balances.getChildren()) {
            node.getStyleClass().remove("selected-row");
            if (wrong != null && GridPane.getRowIndex(node) != null && node instanceof Label
                    && rowAccount(GridPane.getRowIndex(node)).equals(wrong.account())) {
                node.getStyleClass().add("selected-row");
            }
        }
        if (wrong == null) {
            Label help = new Label(model.resultProperty().get() != null && !model.resultProperty().get().correct()
                    ? "Click a wrong account to trace the journal entries behind it."
                    : "Nothing to trace.");
            help.getStyleClass().add(Styles.TEXT_MUTED);
            help.setWrapText(true);
            lineage.getChildren().add(help);
            return;
        }
        Label head = new Label(wrong.account() + ": expected " + wrong.expected() + ", actual " + wrong.actual()
                + "  (" + String.join(", ", wrong.causes()) + ")");
        head.getStyleClass().add(Styles.TEXT_BOLD);
        head.setWrapText(true);
        head.setId("lineage-head");
        lineage.getChildren().add(head);
        int shown = 0;
        for (EntryIssue issue : wrong.issues()) {
            if (shown++ == LINEAGE_ROWS_MAX) {
                Label more = new Label("… and " + (wrong.issues().size() - LINEAGE_ROWS_MAX) + " more");
                more.getStyleClass().add(Styles.TEXT_MUTED);
                lineage.getChildren().add(more);
                break;
            }
            Label kind = new Label(issue.kind().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " · "
                    + issue.mode());
            kind.getStyleClass().addAll("anomaly-badge");
            kind.setMinWidth(Region.USE_PREF_SIZE);
            Label entry = new Label(issue.entry() + "  ×" + issue.applications());
            entry.getStyleClass().add("mono");
            entry.setWrapText(true);
            Label where = new Label(issue.where());
            where.setWrapText(true);
            where.getStyleClass().add(Styles.TEXT_SMALL);
            HBox top = new HBox(6, kind, entry);
            top.setAlignment(Pos.CENTER_LEFT);
            VBox item = new VBox(2, top, where);
            item.getStyleClass().add("lineage-item");
            lineage.getChildren().add(item);
        }
    }

    private String rowAccount(int row) {
        for (javafx.scene.Node node : balances.getChildren()) {
            Integer r = GridPane.getRowIndex(node);
            Integer c = GridPane.getColumnIndex(node);
            if (r != null && r == row && (c == null || c == 0) && node instanceof Label) {
                return ((Label) node).getText();
            }
        }
        return "";
    }

    private String momentText() {
        ClusterSnapshot snapshot = model.snapshotProperty().get();
        LogRunResult result = model.resultProperty().get();
        if (snapshot == null || result == null) {
            return "";
        }
        return (model.snapshotIndexProperty().get() + 1) + " / " + result.snapshots().size() + " · "
                + snapshot.label() + " · t = " + String.format("%.1f s", snapshot.timeMs() / 1000.0);
    }

    private String faultsText() {
        if (model.faults().isEmpty()) {
            return "none";
        }
        StringBuilder text = new StringBuilder();
        model.faults().forEach(f -> text.append(text.length() == 0 ? "" : "; ").append(f.describe()));
        return text.toString();
    }

    private static String summaryText(LogRunResult result) {
        return result.wrongAccounts().size() + " of " + result.accounts() + " accounts wrong · "
                + result.lostEntries().size() + " entries lost · " + result.duplicateEntries().size()
                + " applied twice · " + result.appliedExactlyOnce() + " of " + result.entries()
                + " applied exactly once · sum " + (result.conserved() ? "conserved" : "changed: expected "
                + result.expectedTotal() + ", actual " + result.actualTotal())
                + (result.causes().isEmpty() ? "" : " · causes " + String.join(", ", result.causes()));
    }

    private static String settingsText(Map<String, String> settings) {
        StringBuilder text = new StringBuilder();
        settings.forEach((key, value) -> text.append(text.length() == 0 ? "" : ", ").append(key).append('=')
                .append(value));
        return text.toString();
    }

    private static String signed(long value) {
        return value > 0 ? "+" + value : Long.toString(value);
    }
}
