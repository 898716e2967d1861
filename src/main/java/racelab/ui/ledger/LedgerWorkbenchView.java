package racelab.ui.ledger;

import atlantafx.base.theme.Styles;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.beans.binding.Bindings;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import racelab.ledger.LedgerRun;
import racelab.ledger.TraceStep;
import racelab.scenario.StepRef;
import racelab.scenario.Transfer;
import racelab.ui.balances.BalancesView;
import racelab.ui.replay.ReplayControlsView;
import racelab.ui.timeline.TimelineView;
import racelab.ui.timeline.TimelineViewModel;

/**
 * A ledger scene on screen: header with verdict and mitigation chooser, the timeline, the SQL of the chosen step,
 * balances and narration on the right, the replay bar at the bottom.
 *
 * <p>Every run goes through one background thread ({@link Task}); the view model ignores results of superseded
 * requests, so quick edits never show a stale run.
 */
public final class LedgerWorkbenchView extends BorderPane {

    private static final ExecutorService RUNNER = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ledger-runs");
        thread.setDaemon(true);
        return thread;
    });

    /** Opens the interleaving explorer for this scene. */
    static final javafx.scene.input.KeyCombination EXPLORE_KEY =
            javafx.scene.input.KeyCombination.keyCombination("Shortcut+E");

    private final LedgerWorkbenchViewModel model;
    private javafx.stage.Stage explorerStage;
    private racelab.ui.explore.ExplorerView explorer;
    private final LedgerBackend backend;
    private final TimelineView timeline;
    private final Label sqlTitle = new Label();
    private final Label sqlText = new Label();
    private final Label note = new Label();

    public LedgerWorkbenchView(LedgerWorkbenchViewModel model, LedgerBackend backend) {
        this.model = model;
        this.backend = backend;
        setId("ledger-workbench");
        getStyleClass().add("ledger-workbench");

        timeline = new TimelineView(model.timeline(), () -> model.editor().lanes(), this::laneSubtitle,
                this::fullTrace, model::moveStep, fromTo -> model.editor().refusal(fromTo[0], fromTo[1]));

        setTop(header());
        setCenter(center());
        ReplayControlsView controls = new ReplayControlsView(model.replay());
        controls.installShortcuts(this);
        setBottom(controls);
        racelab.ui.explore.ExplorerWindow.installShortcut(this, EXPLORE_KEY, this::showExplorer);

        timeline.selectedProperty().addListener((obs, old, now) -> refreshSql());
        model.replay().currentStepProperty().addListener((obs, old, now) -> refreshSql());
        model.runProperty().addListener((obs, old, now) -> refreshSql());
        model.pendingRunProperty().addListener((obs, old, now) -> launch(now));
        refreshSql();
        launch(model.pendingRunProperty().get());
    }

    /** The timeline, for tests that drag cards. */
    public TimelineView timeline() {
        return timeline;
    }

    public LedgerWorkbenchViewModel model() {
        return model;
    }

    /** The explorer window for this scene (one per page), brought to the front. */
    public racelab.ui.explore.ExplorerView showExplorer() {
        if (explorerStage == null) {
            List<String> ids = backend.mitigations().stream().map(MitigationChoice::id).toList();
            explorer = new racelab.ui.explore.ExplorerView(new racelab.ui.explore.ExplorerViewModel(model.scene(), ids,
                    model.mitigationProperty().get(), model::loadSchedule), backend.database());
            explorerStage = racelab.ui.explore.ExplorerWindow.show(this,
                    "Explore interleavings", explorer, explorer::cancel);
        }
        explorerStage.show();
        explorerStage.toFront();
        return explorer;
    }

    /** The "H2 vs PostgreSQL" window for the schedule and mitigation on screen now. */
    public racelab.ui.compare.BackendCompareView showBackendCompare() {
        racelab.ui.compare.BackendCompareView view = new racelab.ui.compare.BackendCompareView(model.scene(),
                List.copyOf(model.editor().schedule()), model.mitigationProperty().get(),
                racelab.postgres.PostgresBackend::embedded);
        javafx.stage.Stage stage = new javafx.stage.Stage();
        stage.setTitle("H2 vs PostgreSQL — " + model.scene().title());
        if (getScene() != null) {
            stage.initOwner(getScene().getWindow());
        }
        javafx.scene.Scene windowScene = new javafx.scene.Scene(view, 1180, 760);
        if (getScene() != null) {
            windowScene.getStylesheets().addAll(getScene().getStylesheets());
        }
        stage.setScene(windowScene);
        stage.show();
        return view;
    }

    private void launch(LedgerWorkbenchViewModel.RunRequest request) {
        if (request == null) {
            return;
        }
        Task<LedgerRun> task = new Task<>() {
            @Override
            protected LedgerRun call() throws Exception {
                return backend.run(model.scene(), request.mitigation(), request.schedule());
            }
        };
        model.started(request);
        task.setOnSucceeded(e -> model.accept(request, task.getValue()));
        task.setOnFailed(e -> {
            Throwable error = task.getException();
            model.failed(request, error == null ? "run failed" : String.valueOf(error.getMessage()));
        });
        RUNNER.execute(task);
    }

    private VBox header() {
        Label title = new Label(model.scene().title());
        title.getStyleClass().add(Styles.TITLE_3);
        title.setId("scene-title");
        title.setMinWidth(120);
        title.setWrapText(false);
        Label verdict = new Label();
        verdict.setId("verdict");
        verdict.getStyleClass().add("verdict");
        verdict.textProperty().bind(Bindings.createStringBinding(
                () -> verdictText(model.verdictProperty().get(), model.runProperty().get()),
                model.verdictProperty(), model.runProperty()));
        model.verdictProperty().addListener((obs, old, now) -> styleVerdict(verdict, now, model.runProperty().get()));
        model.runProperty().addListener((obs, old, now) -> styleVerdict(verdict, model.verdictProperty().get(), now));
        styleVerdict(verdict, model.verdictProperty().get(), model.runProperty().get());
        verdict.setMinWidth(Region.USE_PREF_SIZE);
        Label server = new Label();
        server.setId("verdict-database");
        server.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        server.textProperty().bind(Bindings.createStringBinding(() -> model.runProperty().get() == null ? ""
                : "on " + model.runProperty().get().database().server(), model.runProperty()));
        server.setMinWidth(Region.USE_PREF_SIZE);
        if (backend.database() != null) {
            backend.database().revisionProperty().addListener((obs, old, now) -> model.rerun());
        }

        ProgressIndicator progress = new ProgressIndicator();
        progress.setId("run-progress");
        progress.setPrefSize(22, 22);
        progress.setMaxSize(22, 22);
        progress.visibleProperty().bind(model.runningProperty());
        progress.managedProperty().bind(model.runningProperty());
        Label runningText = new Label();
        runningText.setText(runningText(backend));
        model.runningProperty().addListener((obs, old, now) -> runningText.setText(runningText(backend)));
        runningText.getStyleClass().add(Styles.TEXT_MUTED);
        runningText.visibleProperty().bind(model.runningProperty());
        runningText.managedProperty().bind(model.runningProperty());

        Label mitigationLabel = new Label("Mitigation");
        mitigationLabel.getStyleClass().add(Styles.TEXT_MUTED);
        mitigationLabel.setMinWidth(Region.USE_PREF_SIZE);
        ComboBox<String> mitigation = new ComboBox<>();
        mitigation.setId("mitigation-chooser");
        for (MitigationChoice choice : backend.mitigations()) {
            mitigation.getItems().add(choice.id());
        }
        mitigation.valueProperty().bindBidirectional(model.mitigationProperty());
        mitigation.setTooltip(new Tooltip("Replay the same interleaving under another fix"));
        mitigation.setFocusTraversable(false);
        mitigation.setPrefWidth(210);
        mitigation.setMinWidth(Region.USE_PREF_SIZE);

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        mitigation.setCellFactory(list -> new MitigationCell(backend));
        HBox top = new HBox(10, title, verdict, server, spacer, progress, runningText,
                racelab.ui.RunCancelButton.create(model.runningProperty(), model::cancelRun), mitigationLabel, mitigation);
        top.setAlignment(Pos.CENTER_LEFT);

        Label file = new Label(model.scene().id() + "  ·  " + model.scene().file());
        file.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        Label findings = new Label();
        findings.setId("findings");
        findings.getStyleClass().add(Styles.TEXT_SMALL);
        findings.setWrapText(true);
        findings.textProperty().bind(Bindings.createStringBinding(() -> findingsText(model.runProperty().get()),
                model.runProperty()));
        findings.managedProperty().bind(findings.textProperty().isNotEmpty());
        model.verdictProperty().addListener((obs, old, now) -> {
            findings.getStyleClass().remove(Styles.DANGER);
            if ("violated".equals(now)) {
                findings.getStyleClass().add(Styles.DANGER);
            }
        });
        findings.visibleProperty().bind(findings.textProperty().isNotEmpty());
        Label error = new Label();
        error.setId("run-error");
        error.getStyleClass().add(Styles.DANGER);
        error.textProperty().bind(model.runErrorProperty());
        error.managedProperty().bind(model.runErrorProperty().isNotEmpty());
        error.visibleProperty().bind(model.runErrorProperty().isNotEmpty());
        VBox header = new VBox(2, top, file, findings, error);
        header.setPadding(new Insets(12, 16, 8, 16));
        return header;
    }

    private VBox center() {
        Label title = new Label("Timeline");
        title.getStyleClass().add(Styles.TITLE_4);
        Label caption = new Label("one row per request · drag a card sideways to change the interleaving");
        caption.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        Label hint = new Label();
        hint.setId("timeline-hint");
        hint.getStyleClass().add("timeline-hint");
        hint.textProperty().bind(model.timeline().hintProperty());
        hint.setWrapText(true);
        hint.setMinWidth(0);
        HBox.setHgrow(hint, Priority.ALWAYS);
        hint.setMaxWidth(Double.MAX_VALUE);
        Button shuffle = new Button("Shuffle");
        shuffle.setId("shuffle");
        shuffle.setTooltip(new Tooltip("A random interleaving that keeps each request's own order"));
        shuffle.setOnAction(e -> model.shuffle());
        shuffle.setFocusTraversable(false);
        Button reset = new Button("Reset");
        reset.setId("reset");
        reset.setTooltip(new Tooltip("Back to the scene's schedule"));
        reset.setOnAction(e -> model.reset());
        reset.disableProperty().bind(model.editor().editedProperty().not());
        reset.setFocusTraversable(false);
        Button explore = new Button("Explore all interleavings…");
        explore.setId("open-explorer");
        explore.setTooltip(new Tooltip("Run every interleaving on the chosen database and find the smallest "
                + "counterexample ("
                + EXPLORE_KEY.getDisplayText() + ")"));
        explore.setOnAction(e -> showExplorer());
        explore.setMinWidth(Region.USE_PREF_SIZE);
        explore.setFocusTraversable(false);
        Button versus = new Button("H2 vs PostgreSQL…");
        versus.setId("open-backend-compare");
        versus.setTooltip(new Tooltip("This schedule under this fix on H2 and on PostgreSQL side by side, with why "
                + "they differ"));
        versus.setOnAction(e -> showBackendCompare());
        versus.setMinWidth(Region.USE_PREF_SIZE);
        versus.setFocusTraversable(false);
        Button saveAs = new Button("Save as scene…");
        saveAs.setId("save-as-scene");
        saveAs.setTooltip(new Tooltip("This schedule and mitigation as a new scene file, e.g. for a walkthrough"));
        saveAs.setOnAction(e -> racelab.ui.walkthrough.SaveAsScene.show(this, model.scene(),
                model.mitigationProperty().get(), List.copyOf(model.editor().schedule())));
        saveAs.setMinWidth(Region.USE_PREF_SIZE);
        saveAs.setFocusTraversable(false);
        // The caption gives way first when the page is narrow; the title and every button keep their text.
        title.setMinWidth(Region.USE_PREF_SIZE);
        caption.setMinWidth(0);
        shuffle.setMinWidth(Region.USE_PREF_SIZE);
        reset.setMinWidth(Region.USE_PREF_SIZE);
        HBox toolbar = new HBox(10, title, caption, hint, versus, explore, saveAs, shuffle, reset);
        toolbar.setAlignment(Pos.CENTER_LEFT);

        sqlTitle.getStyleClass().add(Styles.TEXT_BOLD);
        sqlText.getStyleClass().add("mono");
        sqlText.setId("sql-text");
        sqlText.setWrapText(true);
        sqlText.setMinHeight(Region.USE_PREF_SIZE);
        VBox sql = new VBox(4, sqlTitle, sqlText);
        sql.getStyleClass().add("panel");
        sql.setMinHeight(Region.USE_PREF_SIZE);

        // Every lane stays visible (up to a limit): the details below scroll instead of squeezing the race.
        timeline.prefHeightProperty().bind(Bindings.createDoubleBinding(() -> Math.min(380, timeline.contentHeight()),
                model.timeline().cards()));
        timeline.minHeightProperty().bind(timeline.prefHeightProperty());
        timeline.setMaxHeight(Region.USE_PREF_SIZE);
        timeline.setMaxWidth(Double.MAX_VALUE);

        HBox details = details(sql);
        javafx.scene.control.ScrollPane detailsScroll = new javafx.scene.control.ScrollPane(details);
        detailsScroll.setFitToWidth(true);
        detailsScroll.setFitToHeight(true);
        detailsScroll.setHbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.NEVER);
        detailsScroll.getStyleClass().add(atlantafx.base.theme.Tweaks.EDGE_TO_EDGE);
        VBox.setVgrow(detailsScroll, Priority.ALWAYS);
        VBox center = new VBox(10, toolbar, timeline, detailsScroll);
        center.setPadding(new Insets(4, 16, 12, 16));
        return center;
    }

    /** Below the timeline: balances, the story so far, then the SQL and the chosen fix. */
    private HBox details(VBox sql) {
        BalancesView balances = new BalancesView(model.balances());

        Label narrationTitle = new Label("Narration");
        narrationTitle.getStyleClass().add(Styles.TITLE_4);
        Label narration = new Label(racelab.ui.Texts.paragraphs(model.scene().narration()));
        narration.setWrapText(true);
        narration.getStyleClass().add("narration-text");
        narration.setMinHeight(Region.USE_PREF_SIZE);
        narration.setId("narration");
        note.setId("step-note");
        note.setWrapText(true);
        note.setMinHeight(Region.USE_PREF_SIZE);
        note.textProperty().bind(Bindings.createStringBinding(() -> {
            TraceStep current = model.replay().getCurrentStep();
            String text = model.noteProperty().get();
            return current == null ? "Press ▶ or the Right arrow key to run the first step." : current.step() + ": "
                    + text;
        }, model.noteProperty(), model.replay().currentStepProperty()));
        VBox noteBox = new VBox(note);
        noteBox.getStyleClass().add("note-box");
        VBox story = new VBox(8, narrationTitle, noteBox, narration);
        story.getStyleClass().add("panel");

        Label fixTitle = new Label();
        fixTitle.getStyleClass().add(Styles.TITLE_4);
        Label fixText = new Label();
        fixText.setWrapText(true);
        fixText.setMinHeight(Region.USE_PREF_SIZE);
        Label fixCost = new Label();
        fixCost.setWrapText(true);
        fixCost.setMinHeight(Region.USE_PREF_SIZE);
        fixCost.getStyleClass().add(Styles.TEXT_MUTED);
        Runnable showFix = () -> {
            MitigationChoice choice = backend.mitigations().stream()
                    .filter(m -> m.id().equals(model.mitigationProperty().get())).findFirst().orElse(null);
            fixTitle.setText("Mitigation: " + model.mitigationProperty().get());
            fixText.setText(choice == null ? "" : choice.explanation());
            fixCost.setText(choice == null || choice.tradeOff().isEmpty() ? "" : "Cost: " + choice.tradeOff());
        };
        model.mitigationProperty().addListener((obs, old, now) -> showFix.run());
        showFix.run();
        VBox fix = new VBox(6, fixTitle, fixText, fixCost);
        fix.getStyleClass().add("panel");
        fix.setId("mitigation-panel");

        VBox right = new VBox(10, sql, fix);
        VBox.setVgrow(fix, Priority.ALWAYS);
        fix.setMaxHeight(Double.MAX_VALUE);
        story.setMaxHeight(Double.MAX_VALUE);
        balances.setMaxHeight(Double.MAX_VALUE);
        HBox row = new HBox(10, balances, story, right);
        balances.setPrefWidth(420);
        story.setPrefWidth(340);
        right.setPrefWidth(360);
        balances.setMinWidth(300);
        story.setMinWidth(220);
        right.setMinWidth(240);
        HBox.setHgrow(balances, Priority.ALWAYS);
        HBox.setHgrow(story, Priority.ALWAYS);
        HBox.setHgrow(right, Priority.ALWAYS);
        return row;
    }

    private void refreshSql() {
        StepRef chosen = timeline.selectedProperty().get();
        TraceStep current = model.replay().getCurrentStep();
        StepRef shown = chosen != null ? chosen : current == null ? null : current.step();
        if (shown == null) {
            sqlTitle.setText("SQL");
            sqlText.setText("Click a card, or step the replay, to see the statements it sends to the database.");
            return;
        }
        // The current step shows what this event sent; a selected card shows everything its step sends in the run.
        List<String> sql = chosen != null ? TimelineViewModel.sqlOf(shown, fullTrace()) : current.sql();
        sqlTitle.setText("SQL of " + shown + (chosen != null ? " (selected card, whole run)" : " (current step)"));
        sqlText.setText(sql.isEmpty() ? "(application logic only: no statement)" : String.join("\n", sql));
    }

    private List<TraceStep> fullTrace() {
        LedgerRun run = model.runProperty().get();
        return run == null ? List.of() : run.steps();
    }

    private String laneSubtitle(String lane) {
        if (lane.equals(racelab.scenario.LedgerScene.REPLICA_LANE)) {
            return "primary → read replica";
        }
        for (Transfer transfer : model.scene().transfers()) {
            if (transfer.id().equals(lane)) {
                // Two short lines fit the lane header where one long line would be cut.
                return transfer.from() + " → " + transfer.to() + "\namount " + transfer.amount();
            }
        }
        return "";
    }

    /** What the engine found, in one line: the story's ending at a glance. */
    private static String runningText(LedgerBackend backend) {
        return "re-running on " + (backend.database() == null
                || backend.database().choiceProperty().get() == racelab.ui.DatabaseSelection.Choice.H2
                ? "H2" : "PostgreSQL") + "…";
    }

    /** A mitigation in the chooser; one the chosen database cannot run is greyed out, with the reason. */
    private static final class MitigationCell extends javafx.scene.control.ListCell<String> {
        private final LedgerBackend backend;

        MitigationCell(LedgerBackend backend) {
            this.backend = backend;
        }

        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            String reason = empty || item == null ? null : backend.unavailableReason(item);
            setText(empty || item == null ? null : reason == null ? item : item + " (unavailable)");
            setTooltip(reason == null ? null : new Tooltip(reason));
            getStyleClass().remove(Styles.TEXT_MUTED);
            if (reason != null) {
                getStyleClass().add(Styles.TEXT_MUTED);
            }
        }
    }

    private static String findingsText(LedgerRun run) {
        if (run == null) {
            return "";
        }
        if (run.anomalies().isEmpty()) {
            return "No anomaly: every committed balance keeps its rule and no money was created or lost.";
        }
        StringBuilder text = new StringBuilder("Found: ");
        for (int i = 0; i < run.anomalies().size(); i++) {
            if (i > 0) {
                text.append("  ·  ");
            }
            text.append(run.anomalies().get(i).message());
        }
        return text.toString();
    }

    /**
     * VIOLATED or SAFE; a safe run in which the database killed a transaction to break a deadlock says so, because
     * the ledger being intact is not the whole story for the request that failed.
     */
    private static String verdictText(String verdict, racelab.ledger.LedgerRun run) {
        if (verdict == null || verdict.isEmpty()) {
            return "running…";
        }
        if (verdict.equals("violated")) {
            return "VIOLATED";
        }
        if (hasDeadlockVictim(run)) {
            return "SAFE · " + racelab.compare.Outcome.of(run).label().toUpperCase(java.util.Locale.ROOT);
        }
        return "SAFE";
    }

    private static boolean hasDeadlockVictim(racelab.ledger.LedgerRun run) {
        return run != null && racelab.compare.Outcome.of(run).kind() == racelab.compare.Outcome.Kind.DEADLOCK_VICTIM;
    }

    private static void styleVerdict(Label label, String verdict, racelab.ledger.LedgerRun run) {
        label.getStyleClass().removeAll("violated", "safe", "pending", "deadlock");
        label.getStyleClass().add(verdict == null || verdict.isEmpty() ? "pending" : verdict);
        if ("safe".equals(verdict) && hasDeadlockVictim(run)) {
            label.getStyleClass().add("deadlock");
        }
    }
}
