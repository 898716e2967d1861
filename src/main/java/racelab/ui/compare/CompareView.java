package racelab.ui.compare;

import atlantafx.base.theme.Styles;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.collections.ListChangeListener;
import javafx.concurrent.Task;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import racelab.ledger.LedgerRun;
import racelab.scenario.LedgerScene;
import racelab.scenario.StepRef;
import racelab.ui.ledger.LedgerBackend;
import racelab.ui.replay.ReplayControlsView;

/**
 * The compare page: one column per mitigation, every column replaying the same schedule under one shared
 * cursor (see {@link CompareViewModel}), with the replay bar at the bottom and Export in the header.
 *
 * <p>Runs are computed one after another on a background thread through the {@link LedgerBackend}; each column
 * fills in when its run arrives. Columns whose run the model already has (the CLI export) are not run again.
 */
public final class CompareView extends BorderPane {

    private static final String CSS = CompareView.class.getResource("/racelab/ui/compare/compare.css")
            .toExternalForm();
    private static final ExecutorService RUNNER = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "compare-runs");
        thread.setDaemon(true);
        return thread;
    });

    private static final double MIN_EXPORT_WIDTH_PX = 1100;

    private final CompareViewModel model;
    private final LedgerBackend backend;
    private final HBox columnsBox = new HBox();
    private final Label exportResult = new Label();

    /** The page the shell opens: every mitigation the chosen database runs, runs started at once. */
    public static CompareView page(LedgerScene scene, LedgerBackend backend) {
        List<String> ids = backend.mitigations().stream().map(m -> m.id())
                .filter(id -> backend.unavailableReason(id) == null).toList();
        return new CompareView(new CompareViewModel(scene, ids), backend);
    }

    /**
     * @param backend computes the runs still missing; may be null when the model already has every run
     */
    public CompareView(CompareViewModel model, LedgerBackend backend) {
        this.model = model;
        this.backend = backend;
        setId("compare-view");
        getStyleClass().add("compare-view");
        getStylesheets().add(CSS);
        setTop(header());

        columnsBox.getStyleClass().add("compare-columns");
        columnsBox.setId("compare-columns");
        columnsBox.setFillHeight(true);
        ScrollPane scroll = new ScrollPane(columnsBox);
        scroll.getStyleClass().add("compare-scroll");
        scroll.setFitToHeight(true);
        scroll.setVbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        setCenter(scroll);

        Label step = new Label();
        step.setId("compare-step");
        step.getStyleClass().add("compare-step");
        step.textProperty().bind(model.stepTextProperty());
        ReplayControlsView controls = new ReplayControlsView(model.cursor());
        controls.installShortcuts(this);
        setBottom(new VBox(4, step, controls));

        model.visibleColumns().addListener((ListChangeListener<CompareColumnModel>) change -> rebuildColumns());
        rebuildColumns();
        if (backend != null) {
            launch(backend);
        }
    }

    public CompareViewModel model() {
        return model;
    }

    /** The column of a mitigation, or null when it is hidden; for tests. */
    public Region columnOf(String mitigation) {
        return (Region) columnsBox.getChildren().stream()
                .filter(node -> ((CompareColumnView) node).column().mitigation().equals(mitigation))
                .findFirst().orElse(null);
    }

    /** Width that shows every visible column without scrolling, for exports. */
    public double fullWidthPx() {
        double width = 32;
        // At least wide enough for the header (title, Columns, Export) to read whole.
        for (CompareColumnModel column : model.visibleColumns()) {
            width += (column.wideProperty().get() ? CompareColumnView.WIDE_WIDTH_PX
                    : CompareColumnView.NARROW_WIDTH_PX) + columnsBox.getSpacing();
        }
        return Math.max(MIN_EXPORT_WIDTH_PX, width);
    }

    /** Writes the PNG and the Markdown report (atomically); returns a sentence for the user. */
    public String export(Path markdown) throws java.io.IOException {
        Path png = CompareExport.pngNextTo(markdown);
        CompareExport.writePng(this, png);
        CompareExport.writeMarkdown(model.comparison(), markdown, png);
        String text = "wrote " + markdown.getFileName() + " and " + png.getFileName();
        exportResult.setText(text);
        return text;
    }

    /**
     * Columns whose balances show an anomaly badge are taller there; giving every balances panel the tallest one's
     * height keeps "At this step" and the trace at the same height in every column.
     */
    @Override
    protected void layoutChildren() {
        double tallest = 0;
        for (javafx.scene.Node node : columnsBox.getChildren()) {
            tallest = Math.max(tallest, ((CompareColumnView) node).balancesPrefHeight());
        }
        for (javafx.scene.Node node : columnsBox.getChildren()) {
            ((CompareColumnView) node).alignBalances(tallest);
        }
        super.layoutChildren();
    }

    private VBox header() {
        LedgerScene scene = model.scene();
        Label title = new Label("Compare fixes · " + scene.title());
        title.getStyleClass().add(Styles.TITLE_3);
        title.setId("compare-title");
        title.setMinWidth(120);
        title.setTooltip(new Tooltip(scene.title()));

        ProgressIndicator progress = new ProgressIndicator();
        progress.setPrefSize(22, 22);
        progress.setMaxSize(22, 22);
        progress.visibleProperty().bind(model.completeProperty().not());
        progress.managedProperty().bind(model.completeProperty().not());

        MenuButton columnsMenu = new MenuButton("Columns");
        columnsMenu.setId("columns-menu");
        columnsMenu.setTooltip(new Tooltip("Pick the mitigations to compare"));
        for (CompareColumnModel column : model.columns()) {
            CheckMenuItem item = new CheckMenuItem(column.mitigation());
            item.setId("show-" + column.mitigation());
            item.selectedProperty().bindBidirectional(column.visibleProperty());
            columnsMenu.getItems().add(item);
        }
        MenuItem all = new MenuItem("Show all");
        all.setOnAction(e -> model.showAll());
        columnsMenu.getItems().addAll(new SeparatorMenuItem(), all);
        columnsMenu.setFocusTraversable(false);
        columnsMenu.setMinWidth(Region.USE_PREF_SIZE);

        Button export = new Button("Export…");
        export.setId("compare-export");
        export.setTooltip(new Tooltip("Save this comparison as a PNG and a Markdown report"));
        export.disableProperty().bind(model.completeProperty().not());
        export.setOnAction(e -> chooseExport());
        export.setFocusTraversable(false);
        export.setMinWidth(Region.USE_PREF_SIZE);
        exportResult.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);

        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox top = new HBox(10, title, spacer, progress, exportResult, columnsMenu, export);
        top.setAlignment(Pos.CENTER_LEFT);

        Label schedule = new Label("Same schedule in every column: " + String.join(" → ",
                model.schedule().stream().map(StepRef::toString).toList()));
        schedule.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        schedule.setWrapText(true);
        Label file = new Label(scene.id() + "  ·  " + scene.file() + "  ·  one real run per column on "
                + (backend == null || backend.database() == null ? "H2"
                : backend.database().statusProperty().get()));
        file.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        VBox header = new VBox(4, top, file, schedule);
        header.getStyleClass().add("compare-header");
        return header;
    }

    private void rebuildColumns() {
        columnsBox.getChildren().clear();
        for (CompareColumnModel column : model.visibleColumns()) {
            columnsBox.getChildren().add(new CompareColumnView(model, column));
        }
    }

    private void launch(LedgerBackend backend) {
        for (String mitigation : model.pendingMitigations()) {
            Task<LedgerRun> task = new Task<>() {
                @Override
                protected LedgerRun call() throws Exception {
                    return backend.run(model.scene(), mitigation, model.schedule());
                }
            };
            task.setOnRunning(e -> model.started(mitigation));
            task.setOnSucceeded(e -> model.accept(task.getValue()));
            task.setOnFailed(e -> model.failed(mitigation, task.getException() == null ? "run failed"
                    : String.valueOf(task.getException().getMessage())));
            RUNNER.execute(task);
        }
    }

    private void chooseExport() {
        ReportExportDialog.show(this, model.scene().id(), exportResult, this::export);
    }
}
