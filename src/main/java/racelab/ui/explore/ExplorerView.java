package racelab.ui.explore;

import atlantafx.base.theme.Styles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import racelab.explore.Cancellation;
import racelab.explore.ExploreOptions;
import racelab.explore.ExploreResult;
import racelab.explore.LedgerEngineRunners;
import racelab.explore.LedgerExplorer;
import racelab.explore.BackendFootprints;
import racelab.ledger.DatabaseBackend;
import racelab.ledger.H2Backend;
import racelab.ledger.Mitigations;
import racelab.explore.Outcome;
import racelab.explore.ScheduleResult;
import racelab.explore.RunnerPool;

/**
 * The interleaving explorer: mitigation chooser, Explore/Cancel with a progress bar, then either one search's
 * outcome counts, smallest counterexample and violating schedules, or the mitigation x outcome matrix.
 *
 * <p>The search runs in a {@link Task} on its own daemon thread on real H2; Cancel stops it before the next run and
 * the engine closes its lanes and database.
 */
public final class ExplorerView extends BorderPane {

    private final ExplorerViewModel model;
    /** The header's database switch, or null for H2 only. */
    private final racelab.ui.DatabaseSelection database;
    private Cancellation cancellation;
    private Task<List<ExploreResult>> task;

    public ExplorerView(ExplorerViewModel model) {
        this(model, null);
    }

    /** @param database the header's database switch the searches follow; null for H2 only */
    public ExplorerView(ExplorerViewModel model, racelab.ui.DatabaseSelection database) {
        this.model = model;
        this.database = database;
        if (database != null) {
            model.databaseProperty().set(database.ready().serverDescription());
        }
        setId("explorer");
        getStyleClass().add("explorer");
        setPadding(new Insets(14, 16, 14, 16));
        setTop(toolbar());
        StackPane center = new StackPane(singleResult(), matrix());
        VBox.setVgrow(center, Priority.ALWAYS);
        setCenter(center);
        BorderPane.setMargin(center, new Insets(12, 0, 0, 0));
    }

    public ExplorerViewModel model() {
        return model;
    }

    private VBox toolbar() {
        Label title = new Label("Explore every interleaving · " + model.scene().title());
        title.getStyleClass().add(Styles.TITLE_3);
        Label caption = new Label("Runs each interleaving of the requests' steps on the real database chosen in the "
                + "header (each request keeps its "
                + "own order); equivalent schedules are pruned.");
        caption.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        caption.setWrapText(true);

        Label mitigationLabel = new Label("Mitigation");
        ComboBox<String> mitigation = new ComboBox<>();
        mitigation.setId("explore-mitigation");
        mitigation.getItems().setAll(model.choices());
        mitigation.valueProperty().bindBidirectional(model.mitigationProperty());
        mitigation.setPrefWidth(210);
        mitigation.disableProperty().bind(model.runningProperty());
        Button explore = new Button("Explore");
        explore.setId("explore-run");
        explore.setDefaultButton(true);
        explore.getStyleClass().add(Styles.ACCENT);
        explore.setTooltip(new Tooltip("Run every interleaving under the chosen mitigation (Enter)"));
        explore.disableProperty().bind(model.runningProperty());
        explore.setOnAction(e -> start());
        Button cancel = new Button("Cancel");
        cancel.setId("explore-cancel");
        cancel.setCancelButton(true);
        cancel.setTooltip(new Tooltip("Stop after the run in flight (Esc)"));
        cancel.disableProperty().bind(model.runningProperty().not());
        cancel.setOnAction(e -> cancel());
        ProgressBar bar = new ProgressBar();
        bar.setId("explore-progress");
        bar.progressProperty().bind(model.progressProperty());
        bar.setPrefWidth(220);
        Label status = new Label();
        status.setId("explore-status");
        status.textProperty().bind(model.statusProperty());
        status.setMinWidth(0);
        HBox.setHgrow(status, Priority.ALWAYS);
        for (Region fixed : List.of(mitigationLabel, mitigation, explore, cancel)) {
            fixed.setMinWidth(Region.USE_PREF_SIZE);
        }
        status.setWrapText(true);
        HBox controls = new HBox(10, mitigationLabel, mitigation, explore, cancel, bar, status);
        controls.setAlignment(Pos.CENTER_LEFT);
        VBox top = new VBox(4, title, caption, controls);
        VBox.setMargin(controls, new Insets(8, 0, 0, 0));
        return top;
    }

    private VBox singleResult() {
        FlowPane counts = new FlowPane(8, 6);
        counts.setId("explore-counts");
        Label summary = new Label();
        summary.setId("explore-summary");
        summary.getStyleClass().add(Styles.TEXT_MUTED);

        Label minimalTitle = new Label("Smallest counterexample");
        minimalTitle.getStyleClass().add(Styles.TITLE_4);
        Label minimal = new Label();
        minimal.setId("explore-minimal");
        minimal.getStyleClass().add("explore-schedule");
        minimal.setWrapText(true);
        Label minimalWhy = new Label();
        minimalWhy.setId("explore-minimal-why");
        minimalWhy.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.DANGER);
        minimalWhy.setWrapText(true);
        Button loadMinimal = new Button("Load onto timeline");
        loadMinimal.setId("explore-load-minimal");
        loadMinimal.setTooltip(new Tooltip("Put this schedule on the ledger page's timeline and replay it"));
        loadMinimal.setOnAction(e -> {
            ExploreResult r = model.resultProperty().get();
            model.loadOntoTimeline(r == null ? null : r.minimal());
        });
        loadMinimal.disableProperty().bind(Bindings.createBooleanBinding(() -> model.resultProperty().get() == null
                || model.resultProperty().get().minimal() == null, model.resultProperty()));
        VBox minimalBox = new VBox(6, minimalTitle, minimal, minimalWhy, loadMinimal);
        minimalBox.getStyleClass().add("explore-card");
        minimalBox.setPadding(new Insets(10, 12, 10, 12));

        Label listTitle = new Label("Violating schedules (nearest to serial order first)");
        listTitle.getStyleClass().add(Styles.TITLE_4);
        ListView<ScheduleResult> list = new ListView<>(model.violating());
        list.setId("explore-violating");
        list.setPlaceholder(new Label("No violating schedule found."));
        list.setCellFactory(view -> new ListCell<>() {
            @Override
            protected void updateItem(ScheduleResult item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : "out of order " + item.distance() + " · "
                        + String.join("  ", item.scheduleText()) + "   →  " + balances(item.finalBalances()));
            }
        });
        VBox.setVgrow(list, Priority.ALWAYS);
        Button loadSelected = new Button("Load selected onto timeline");
        loadSelected.setId("explore-load-selected");
        loadSelected.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        loadSelected.setOnAction(e -> model.loadOntoTimeline(list.getSelectionModel().getSelectedItem()));
        list.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) {
                model.loadOntoTimeline(list.getSelectionModel().getSelectedItem());
            }
        });

        model.resultProperty().addListener((obs, old, now) -> {
            counts.getChildren().clear();
            summary.setText(now == null ? "" : ExplorerViewModel.summary(now, model.databaseProperty().get())
                    + (now.complete() ? "" : " (cancelled: partial)"));
            minimal.setText("");
            minimalWhy.setText("");
            if (now == null) {
                return;
            }
            for (Map.Entry<Outcome, Long> entry : now.outcomes().entrySet()) {
                counts.getChildren().add(chip(entry.getKey(), entry.getValue()));
            }
            if (now.minimal() == null) {
                minimal.setText(now.complete() ? "None: no explored schedule breaks the ledger under "
                        + now.mitigation() + "." : "None found before the search was cancelled.");
            } else {
                minimal.setText(String.join("  ", now.minimal().scheduleText()));
                minimalWhy.setText(now.minimal().distance() + " conflicting step pair(s) out of request order · "
                        + String.join("; ", now.minimal().anomalies()));
            }
        });

        Label countsTitle = new Label("Runs per outcome");
        countsTitle.getStyleClass().add(Styles.TITLE_4);
        VBox box = new VBox(8, countsTitle, counts, summary, minimalBox, listTitle, list, loadSelected);
        box.setId("explore-single");
        box.visibleProperty().bind(Bindings.createBooleanBinding(() -> !model.isAll(), model.mitigationProperty()));
        return box;
    }

    private static Label chip(Outcome outcome, long count) {
        Label chip = new Label(outcome.label() + "  " + count);
        chip.setId("outcome-" + outcome.name().toLowerCase(java.util.Locale.ROOT));
        chip.getStyleClass().addAll("outcome-chip");
        if (count > 0) {
            chip.getStyleClass().add(outcome == Outcome.VIOLATED ? Styles.DANGER
                    : outcome == Outcome.SAFE || outcome == Outcome.DECLINED ? Styles.SUCCESS : Styles.WARNING);
        } else {
            chip.getStyleClass().add(Styles.TEXT_MUTED);
        }
        chip.setStyle("-fx-padding: 3 10 3 10; -fx-border-color: -color-border-default; -fx-border-radius: 10;"
                + " -fx-background-radius: 10;");
        return chip;
    }

    private VBox matrix() {
        TableView<ExploreResult> table = new TableView<>(model.matrix());
        table.setId("explore-matrix");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("Press Explore to search every mitigation."));
        TableColumn<ExploreResult, String> name = new TableColumn<>("mitigation");
        name.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().mitigation()));
        name.setPrefWidth(190);
        table.getColumns().add(name);
        table.getColumns().add(number("schedules", ExploreResult::schedules));
        table.getColumns().add(number("run", ExploreResult::explored));
        table.getColumns().add(number("pruned", ExploreResult::pruned));
        for (Outcome outcome : Outcome.values()) {
            table.getColumns().add(number(outcome.label(), r -> r.count(outcome)));
        }
        TableColumn<ExploreResult, String> sound = new TableColumn<>("sound");
        sound.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(
                !c.getValue().complete() ? "partial" : c.getValue().sound() ? "yes"
                        : c.getValue().count(Outcome.VIOLATED) > 0 ? "NO" : "unknown"));
        table.getColumns().add(sound);
        TableColumn<ExploreResult, String> found = new TableColumn<>("anomalies");
        found.setId("explore-matrix-anomalies");
        found.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(String.join(", ", c.getValue().anomalyNames())));
        found.setPrefWidth(200);
        table.getColumns().add(found);
        VBox.setVgrow(table, Priority.ALWAYS);
        Label note = new Label();
        note.textProperty().bind(javafx.beans.binding.Bindings.concat("Counts are runs on ",
                model.databaseProperty(), " per outcome; a fix is sound when no run is violated."));
        note.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        VBox box = new VBox(8, table, note);
        box.setId("explore-all");
        box.visibleProperty().bind(Bindings.createBooleanBinding(model::isAll, model.mitigationProperty()));
        return box;
    }

    private static TableColumn<ExploreResult, Long> number(String title,
            java.util.function.ToLongFunction<ExploreResult> value) {
        TableColumn<ExploreResult, Long> column = new TableColumn<>(title);
        column.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(value.applyAsLong(c.getValue())));
        column.setStyle("-fx-alignment: CENTER-RIGHT;");
        column.setPrefWidth(90);
        return column;
    }

    private static String balances(Map<String, Long> finalBalances) {
        List<String> parts = new ArrayList<>();
        finalBalances.forEach((account, cents) -> parts.add(account + " " + cents));
        return String.join(", ", parts);
    }

    /** Starts a search off the FX thread; ignored while one runs. */
    public void start() {
        if (model.runningProperty().get()) {
            return;
        }
        DatabaseBackend expected = database == null ? H2Backend.INSTANCE : database.ready();
        model.skip(model.plannedMitigations().stream().filter(id -> Mitigations.byId(id)
                .flatMap(expected::unavailableReason).isPresent()).toList(), expected.productName());
        List<String> planned = model.plannedMitigations();
        Cancellation cancel = new Cancellation();
        cancellation = cancel;
        Task<List<ExploreResult>> search = new Task<>() {
            @Override
            protected List<ExploreResult> call() throws Exception {
                List<ExploreResult> results = new ArrayList<>();
                DatabaseBackend backend = database == null ? H2Backend.INSTANCE : database.current();
                String server = backend.serverDescription();
                javafx.application.Platform.runLater(() -> model.databaseProperty().set(server));
                LedgerExplorer explorer = new LedgerExplorer(new LedgerEngineRunners(backend),
                        new BackendFootprints(backend.id()));
                for (String id : planned) {
                    String reason = Mitigations.byId(id).flatMap(backend::unavailableReason).orElse(null);
                    if (reason != null) {
                        throw new IllegalArgumentException(id + " is unavailable on " + backend.productName() + ": "
                                + reason);
                    }
                }
                // The same runners (one database each, one per core on H2) for every mitigation, like explore-all,
                // each replaced by a fresh one if it fails; closed even when cancelled.
                try (RunnerPool runners = explorer.openRunners(model.scene())) {
                    for (int i = 0; i < planned.size(); i++) {
                        int index = i;
                        ExploreResult result = explorer.explore(runners, model.scene(), planned.get(i),
                                ExploreOptions.DEFAULT, progress -> javafx.application.Platform.runLater(() ->
                                        model.progressed(index, progress.explored(), progress.toExplore(),
                                                progress.violations())), cancel);
                        results.add(result);
                        if (!result.complete()) {
                            break;
                        }
                    }
                }
                return results;
            }
        };
        model.started();
        search.setOnSucceeded(e -> model.finished(search.getValue()));
        search.setOnFailed(e -> model.failed(String.valueOf(search.getException().getMessage())));
        task = search;
        Thread thread = new Thread(search, "explore-search");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops the running search after the run in flight. */
    public void cancel() {
        Cancellation cancel = cancellation;
        if (cancel != null) {
            cancel.cancel();
        }
    }

    /** True while the background search has not ended (for tests and window closing). */
    public boolean searching() {
        return task != null && !task.isDone();
    }
}
