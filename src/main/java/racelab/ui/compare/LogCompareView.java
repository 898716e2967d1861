package racelab.ui.compare;

import atlantafx.base.theme.Styles;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.collections.ListChangeListener;
import javafx.concurrent.Task;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import racelab.compare.AtomicFiles;
import racelab.compare.LogCompareReport;
import racelab.compare.LogComparison;
import racelab.compare.LogPreset;
import racelab.logsim.result.EntryIssue;
import racelab.logsim.result.LogRunResult;
import racelab.logsim.result.WrongAccount;

/**
 * The compare page of a log scene: one column per setting preset, each the same seeded journal and fault script,
 * with its verdict, the counts of lost and double-applied entries, expected vs actual totals and the wrong
 * balances (expected vs actual), and the first explanation of where a record died.
 */
public final class LogCompareView extends BorderPane {

    private static final String CSS = CompareView.class.getResource("/racelab/ui/compare/compare.css")
            .toExternalForm();
    private static final ExecutorService RUNNER = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "log-compare-runs");
        thread.setDaemon(true);
        return thread;
    });
    private static final double COLUMN_WIDTH_PX = 300;
    private static final int ACCOUNTS_SHOWN = 8;

    private final LogCompareViewModel model;
    private final HBox columnsBox = new HBox();
    private final Label exportResult = new Label();

    /** @param run true to compute the missing runs in the background (false when the model has them all) */
    public LogCompareView(LogCompareViewModel model, boolean run) {
        this.model = model;
        setId("log-compare-view");
        getStylesheets().add(CSS);
        setTop(header());
        columnsBox.getStyleClass().add("compare-columns");
        columnsBox.setId("compare-columns");
        ScrollPane scroll = new ScrollPane(columnsBox);
        scroll.getStyleClass().add("compare-scroll");
        scroll.setFitToHeight(true);
        setCenter(scroll);
        model.columns().addListener((ListChangeListener<LogComparison.Column>) change -> rebuild());
        rebuild();
        if (run) {
            launch();
        }
    }

    public LogCompareViewModel model() {
        return model;
    }

    /** Width that shows every column without scrolling, for exports. */
    public double fullWidthPx() {
        return Math.max(1100, 32 + model.presets().size() * (COLUMN_WIDTH_PX + columnsBox.getSpacing()));
    }

    /** Writes the PNG and the Markdown report (atomically); returns a sentence for the user. */
    public String export(Path markdown) throws java.io.IOException {
        Path png = CompareExport.pngNextTo(markdown);
        CompareExport.writePng(this, png);
        String image = markdown.toAbsolutePath().getParent().relativize(png.toAbsolutePath()).toString()
                .replace('\\', '/');
        AtomicFiles.writeString(markdown, LogCompareReport.markdown(model.comparison(), image));
        String text = "wrote " + markdown.getFileName() + " and " + png.getFileName();
        exportResult.setText(text);
        return text;
    }

    private VBox header() {
        Label title = new Label("Compare settings · " + model.scene().title());
        title.getStyleClass().add(Styles.TITLE_3);
        title.setId("compare-title");
        title.setMinWidth(120);
        ProgressIndicator progress = new ProgressIndicator();
        progress.setPrefSize(22, 22);
        progress.setMaxSize(22, 22);
        progress.visibleProperty().bind(model.completeProperty().not());
        progress.managedProperty().bind(model.completeProperty().not());
        Button export = new Button("Export…");
        export.setId("compare-export");
        export.setTooltip(new Tooltip("Save this comparison as a PNG and a Markdown report"));
        export.disableProperty().bind(model.completeProperty().not());
        export.setOnAction(e -> chooseExport());
        export.setMinWidth(Region.USE_PREF_SIZE);
        exportResult.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox top = new HBox(10, title, spacer, progress, exportResult, export);
        top.setAlignment(Pos.CENTER_LEFT);
        boolean byPosition = model.presets().stream().anyMatch(p -> p.faultAfter() >= 0);
        Label what = new Label(model.scene().id() + "  ·  seed " + model.seed() + (byPosition
                ? "  ·  the same journal in every column, and the fault right after the same record-level event "
                + "(each column names it in its own trace); each preset is laid over the scene's own settings"
                : "  ·  the same journal and the "
                + "same faults at the same simulated times in every column; each preset is laid over the scene's "
                + "own settings"));
        what.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        what.setWrapText(true);
        Label error = new Label();
        error.getStyleClass().add(Styles.DANGER);
        error.textProperty().bind(model.errorProperty());
        error.managedProperty().bind(model.errorProperty().isNotEmpty());
        VBox header = new VBox(4, top, what, error);
        header.getStyleClass().add("compare-header");
        return header;
    }

    private void rebuild() {
        columnsBox.getChildren().clear();
        for (LogComparison.Column column : model.columns()) {
            columnsBox.getChildren().add(column(column));
        }
        for (LogPreset pending : model.pendingPresets()) {
            Label name = new Label(pending.name());
            name.getStyleClass().add("column-title");
            name.setWrapText(true);
            Label running = new Label("running the simulation…");
            running.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
            VBox box = new VBox(6, name, running);
            box.getStyleClass().add("compare-column");
            fixWidth(box);
            columnsBox.getChildren().add(box);
        }
    }

    private VBox column(LogComparison.Column column) {
        LogRunResult r = column.result();
        Label name = new Label(column.preset().name());
        name.getStyleClass().add("column-title");
        name.setWrapText(true);
        Label settings = new Label(LogCompareReport.settings(column));
        settings.getStyleClass().addAll("cost-note");
        settings.setWrapText(true);
        if (!column.ran()) {
            Label badge = new Label("not run");
            badge.getStyleClass().addAll("outcome-badge", "pending");
            Label why = new Label(column.refusal());
            why.setWrapText(true);
            why.getStyleClass().add("cost-note");
            VBox box = new VBox(6, name, settings, badge, why);
            box.getStyleClass().add("compare-column");
            fixWidth(box);
            return box;
        }
        Label badge = new Label(column.verdict());
        badge.getStyleClass().addAll("outcome-badge", r.correct() ? "safe" : "violated");
        badge.setId("log-outcome-" + columnsBox.getChildren().size());
        Label counts = new Label("lost " + column.lost() + " · double-applied " + column.doubleApplied()
                + " · wrong balances " + r.wrongAccounts().size());
        counts.getStyleClass().add("cost-figures");
        counts.setWrapText(true);
        Label totals = new Label("sum of balances: expected " + r.expectedTotal() + ", actual " + r.actualTotal());
        totals.setWrapText(true);
        if (r.expectedTotal() != r.actualTotal()) {
            totals.getStyleClass().add(Styles.DANGER);
        }

        Label heading = new Label("WRONG BALANCES, EXPECTED VS ACTUAL (CENTS)");
        heading.getStyleClass().add("trace-heading");
        GridPane accounts = new GridPane();
        accounts.setHgap(10);
        accounts.setVgap(2);
        int row = 0;
        if (!r.wrongAccounts().isEmpty()) {
            for (String text : new String[] {"account", "expected", "actual"}) {
                Label title = new Label(text);
                title.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
                accounts.add(title, accounts.getChildren().size(), 0);
            }
            row = 1;
        }
        for (WrongAccount account : r.wrongAccounts()) {
            if (row == ACCOUNTS_SHOWN + 1) {
                Label more = new Label("and " + (r.wrongAccounts().size() - ACCOUNTS_SHOWN) + " more");
                more.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
                accounts.add(more, 0, row, 3, 1);
                break;
            }
            Label id = new Label(account.account());
            Label expected = new Label(Long.toString(account.expected()));
            Label actual = new Label(Long.toString(account.actual()));
            actual.getStyleClass().add(Styles.DANGER);
            accounts.addRow(row++, id, expected, actual);
        }
        if (r.wrongAccounts().isEmpty()) {
            Label none = new Label("every balance as expected");
            none.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
            accounts.add(none, 0, 0);
        }
        VBox box = new VBox(6, name, settings, badge, counts, totals, heading, accounts);
        String where = firstWhere(r);
        if (!where.isEmpty()) {
            Label why = new Label("why: " + where);
            why.getStyleClass().add("cost-note");
            why.setWrapText(true);
            box.getChildren().add(why);
        }
        Label modes = new Label("modes: " + (r.causes().isEmpty() ? "none" : String.join(", ", r.causes())));
        modes.getStyleClass().add("cost-link");
        box.getChildren().add(modes);
        box.getStyleClass().add("compare-column");
        fixWidth(box);
        return box;
    }

    private static String firstWhere(LogRunResult r) {
        for (WrongAccount account : r.wrongAccounts()) {
            for (EntryIssue issue : account.issues()) {
                if (issue.where() != null && !issue.where().isEmpty()) {
                    return issue.kind().toLowerCase(java.util.Locale.ROOT) + " " + issue.entry() + " — "
                            + issue.where() + (issue.mode() == null ? "" : " (" + issue.mode() + ")");
                }
            }
        }
        return "";
    }

    private static void fixWidth(Region box) {
        box.setMinWidth(COLUMN_WIDTH_PX);
        box.setPrefWidth(COLUMN_WIDTH_PX);
        box.setMaxWidth(COLUMN_WIDTH_PX);
    }

    private void launch() {
        for (LogPreset preset : model.pendingPresets()) {
            Task<LogComparison.Column> task = new Task<>() {
                @Override
                protected LogComparison.Column call() throws Exception {
                    return LogComparison.run(model.scene(), model.seed(), preset);
                }
            };
            task.setOnSucceeded(e -> model.accept(task.getValue()));
            task.setOnFailed(e -> model.failed(preset, String.valueOf(task.getException().getMessage())));
            RUNNER.execute(task);
        }
    }

    private void chooseExport() {
        ReportExportDialog.show(this, model.scene().id(), exportResult, this::export);
    }
}
