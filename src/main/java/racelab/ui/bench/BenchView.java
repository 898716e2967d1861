package racelab.ui.bench;

import atlantafx.base.theme.Styles;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.collections.FXCollections;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javax.imageio.ImageIO;
import racelab.bench.BenchReport;
import racelab.bench.CellResult;
import racelab.bench.TargetCatalog;

/**
 * The benchmark page: parameters on the left, a progress bar, and four charts (throughput against workers per
 * mitigation, and latency percentiles at the largest worker count, each for low and high contention), plus the
 * table of medians. Results save as CSV or JSON and the charts export as PNG.
 *
 * <p>Self-contained: the app's shell adds {@link #create()} as a tab.
 */
public final class BenchView extends BorderPane {

    private final BenchViewModel model;
    private final TextField workersField = field("bench-workers", "1,2,4,8");
    private final TextField accountsField = field("bench-accounts", "1000");
    private final TextField hotAccountsField = field("bench-hot-accounts", "10");
    private final TextField lowHotField = field("bench-low-hot", "0.0");
    private final TextField highHotField = field("bench-high-hot", "0.9");
    private final TextField secondsField = field("bench-seconds", "1.0");
    private final TextField warmupField = field("bench-warmup", "0.3");
    private final TextField repsField = field("bench-reps", "3");
    private final TextField seedField = field("bench-seed", "1");
    private final LineChart<Number, Number> lowThroughput = throughputChart("low");
    private final LineChart<Number, Number> highThroughput = throughputChart("high");
    private final BarChart<String, Number> lowLatency = latencyChart("low");
    private final BarChart<String, Number> highLatency = latencyChart("high");
    private final TableView<Row> table = new TableView<>();
    private final GridPane charts = new GridPane();

    /** The page wired to the ledger's eleven mitigations. */
    public static BenchView create() {
        return create(racelab.ledger.LedgerBenchTargets.catalog());
    }

    /** The page driving any catalog of targets (tests use small, fast ones). */
    public static BenchView create(TargetCatalog catalog) {
        return new BenchView(new BenchViewModel(catalog));
    }

    public BenchView(BenchViewModel model) {
        this.model = model;
        setId("bench-view");
        setPadding(new Insets(12));
        setLeft(parameters());
        setCenter(results());
        model.lowReportProperty().addListener((obs, old, report) -> show(report, lowThroughput, lowLatency));
        model.highReportProperty().addListener((obs, old, report) -> {
            show(report, highThroughput, highLatency);
            fillTable(report);
        });
    }

    public BenchViewModel model() {
        return model;
    }

    private Node parameters() {
        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(6);
        int row = 0;
        form.addRow(row++, new Label("Workers"), workersField);
        form.addRow(row++, new Label("Accounts"), accountsField);
        form.addRow(row++, new Label("Hot accounts"), hotAccountsField);
        form.addRow(row++, new Label("Low: share on hot"), lowHotField);
        form.addRow(row++, new Label("High: share on hot"), highHotField);
        form.addRow(row++, new Label("Seconds per run"), secondsField);
        form.addRow(row++, new Label("Warm-up seconds"), warmupField);
        form.addRow(row++, new Label("Repetitions"), repsField);
        form.addRow(row, new Label("Seed"), seedField);

        VBox mitigations = new VBox(4);
        mitigations.setId("bench-mitigations");
        for (String id : model.allMitigations()) {
            CheckBox box = new CheckBox(id);
            box.setId("bench-mitigation-" + id);
            box.setSelected(model.selectedMitigations().contains(id));
            box.selectedProperty().addListener((obs, old, selected) -> {
                if (selected) {
                    model.selectedMitigations().add(id);
                    model.selectedMitigations().sort(Comparator.comparingInt(model.allMitigations()::indexOf));
                } else {
                    model.selectedMitigations().remove(id);
                }
            });
            box.disableProperty().bind(model.runningProperty());
            mitigations.getChildren().add(box);
        }

        Button run = new Button("Run");
        run.setId("bench-run");
        run.getStyleClass().add(Styles.ACCENT);
        run.disableProperty().bind(model.runningProperty());
        run.setOnAction(event -> startFromFields());
        Button cancel = new Button("Cancel");
        cancel.setId("bench-cancel");
        cancel.disableProperty().bind(model.runningProperty().not());
        cancel.setOnAction(event -> model.cancel());

        ProgressBar progress = new ProgressBar();
        progress.setId("bench-progress");
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.progressProperty().bind(model.progressProperty());
        Label status = new Label();
        status.setId("bench-status");
        status.setWrapText(true);
        status.textProperty().bind(model.statusProperty());

        Button saveJson = new Button("Save JSON…");
        saveJson.setId("bench-save-json");
        saveJson.setOnAction(event -> chooseAndSave("JSON", "*.json", "bench.json"));
        Button saveCsv = new Button("Save CSV…");
        saveCsv.setId("bench-save-csv");
        saveCsv.setOnAction(event -> chooseAndSave("CSV", "*.csv", "bench.csv"));
        Button png = new Button("Export PNG…");
        png.setId("bench-export-png");
        png.setOnAction(event -> chooseAndSave("PNG image", "*.png", "bench.png"));
        for (Button button : List.of(saveJson, saveCsv, png)) {
            button.disableProperty().bind(Bindings.or(model.runningProperty(),
                    model.highReportProperty().isNull().and(model.lowReportProperty().isNull())));
        }

        Label note = new Label("Measured live on this machine against embedded H2; every number is a median of "
                + "the repetitions, warm-up excluded.");
        note.setWrapText(true);
        note.getStyleClass().add(Styles.TEXT_MUTED);
        VBox left = new VBox(10, new Label("Parameters"), form, new Label("Mitigations"), mitigations,
                new HBox(8, run, cancel), progress, status, new HBox(8, saveJson, saveCsv), png, note);
        left.setPrefWidth(300);
        left.setPadding(new Insets(0, 12, 0, 0));
        ScrollPane scroll = new ScrollPane(left);
        scroll.setFitToWidth(true);
        return scroll;
    }

    private Node results() {
        charts.setId("bench-charts");
        charts.setHgap(8);
        charts.setVgap(8);
        charts.add(lowThroughput, 0, 0);
        charts.add(highThroughput, 1, 0);
        charts.add(lowLatency, 0, 1);
        charts.add(highLatency, 1, 1);
        for (Node chart : charts.getChildren()) {
            GridPane.setHgrow(chart, Priority.ALWAYS);
            GridPane.setVgrow(chart, Priority.ALWAYS);
        }
        table.setId("bench-table");
        table.setPrefHeight(200);
        table.getColumns().add(column("mitigation (high contention)", Row::mitigation));
        table.getColumns().add(column("workers", Row::workers));
        table.getColumns().add(column("transfers/s", Row::throughput));
        table.getColumns().add(column("p99 µs", Row::p99));
        table.getColumns().add(column("retries", Row::retries));
        table.getColumns().add(column("deadlocks", Row::deadlocks));
        table.getColumns().add(column("declined", Row::declined));
        table.getColumns().add(column("violations", Row::violations));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        VBox box = new VBox(8, charts, table);
        VBox.setVgrow(charts, Priority.ALWAYS);
        box.setAlignment(Pos.TOP_LEFT);
        return box;
    }

    /** One line of the medians table. */
    public record Row(String mitigation, String workers, String throughput, String p99, String retries,
            String deadlocks, String declined, String violations) {
    }

    private static TableColumn<Row, String> column(String title, java.util.function.Function<Row, String> value) {
        TableColumn<Row, String> column = new TableColumn<>(title);
        column.setCellValueFactory(cell -> new javafx.beans.property.SimpleStringProperty(value.apply(
                cell.getValue())));
        return column;
    }

    private static TextField field(String id, String text) {
        TextField field = new TextField(text);
        field.setId(id);
        field.setPrefColumnCount(8);
        return field;
    }

    private static LineChart<Number, Number> throughputChart(String level) {
        NumberAxis x = new NumberAxis();
        x.setLabel("workers (threads, one connection each)");
        x.setForceZeroInRange(false);
        NumberAxis y = new NumberAxis();
        y.setLabel("transfers per second");
        LineChart<Number, Number> chart = new LineChart<>(x, y);
        chart.setId("bench-throughput-" + level);
        chart.setTitle("Throughput vs workers, " + level + " contention");
        chart.setAnimated(false);
        return chart;
    }

    private static BarChart<String, Number> latencyChart(String level) {
        CategoryAxis x = new CategoryAxis();
        NumberAxis y = new NumberAxis();
        y.setLabel("latency, µs (retries included)");
        BarChart<String, Number> chart = new BarChart<>(x, y);
        chart.setId("bench-latency-" + level);
        chart.setTitle("Latency percentiles, most workers, " + level + " contention");
        chart.setAnimated(false);
        return chart;
    }

    private void show(BenchReport report, LineChart<Number, Number> throughput, BarChart<String, Number> latency) {
        throughput.getData().clear();
        latency.getData().clear();
        if (report == null) {
            return;
        }
        for (String mitigation : report.settings().mitigations()) {
            XYChart.Series<Number, Number> series = new XYChart.Series<>();
            series.setName(mitigation);
            for (CellResult cell : report.cells()) {
                if (cell.mitigation().equals(mitigation)) {
                    series.getData().add(new XYChart.Data<>(cell.workers(), cell.medianTransfersPerSecond()));
                }
            }
            if (!series.getData().isEmpty()) {
                throughput.getData().add(series);
            }
        }
        int mostWorkers = report.settings().workerCounts().stream().max(Integer::compare).orElse(1);
        latency.setTitle("Latency percentiles at " + mostWorkers + " workers, "
                + (throughput == lowThroughput ? "low" : "high") + " contention");
        String[] names = {"p50", "p95", "p99"};
        for (String name : names) {
            XYChart.Series<String, Number> series = new XYChart.Series<>();
            series.setName(name);
            for (CellResult cell : report.cells()) {
                if (cell.workers() != mostWorkers) {
                    continue;
                }
                double value = name.equals("p50") ? cell.medianP50Micros()
                        : name.equals("p95") ? cell.medianP95Micros() : cell.medianP99Micros();
                series.getData().add(new XYChart.Data<>(cell.mitigation(), value));
            }
            latency.getData().add(series);
        }
    }

    private void fillTable(BenchReport report) {
        if (report == null) {
            table.getItems().clear();
            return;
        }
        table.setItems(FXCollections.observableArrayList(report.cells().stream().map(cell -> new Row(
                cell.mitigation(), String.valueOf(cell.workers()),
                String.format(Locale.ROOT, "%.0f", cell.medianTransfersPerSecond()),
                String.format(Locale.ROOT, "%.0f", cell.medianP99Micros()),
                String.format(Locale.ROOT, "%.0f", cell.medianRetries()),
                String.format(Locale.ROOT, "%.0f", cell.medianDeadlocks()),
                String.format(Locale.ROOT, "%.0f", cell.medianDeclined()),
                String.format(Locale.ROOT, "%.0f (max %d)", cell.medianViolations(), cell.maxViolations())))
                .toList()));
    }

    /** Copies the text fields into the model, then starts; a field that is not a number is reported, not thrown. */
    void startFromFields() {
        try {
            model.workersProperty().set(workersField.getText());
            model.accountsProperty().set(Integer.parseInt(accountsField.getText().trim()));
            model.hotAccountsProperty().set(Integer.parseInt(hotAccountsField.getText().trim()));
            model.lowHotFractionProperty().set(Double.parseDouble(lowHotField.getText().trim()));
            model.highHotFractionProperty().set(Double.parseDouble(highHotField.getText().trim()));
            model.secondsProperty().set(Double.parseDouble(secondsField.getText().trim()));
            model.warmupSecondsProperty().set(Double.parseDouble(warmupField.getText().trim()));
            model.repetitionsProperty().set(Integer.parseInt(repsField.getText().trim()));
            model.seedProperty().set(Long.parseLong(seedField.getText().trim()));
        } catch (NumberFormatException e) {
            model.statusProperty().set("Cannot run: every parameter except workers must be a single number ("
                    + e.getMessage() + ")");
            return;
        }
        model.start();
    }

    private void chooseAndSave(String description, String pattern, String initialName) {
        FileChooser chooser = new FileChooser();
        chooser.setInitialFileName(initialName);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(description, pattern));
        File file = chooser.showSaveDialog(getScene() == null ? null : getScene().getWindow());
        if (file == null) {
            return;
        }
        try {
            Path path = file.toPath();
            if (pattern.endsWith("json")) {
                model.saveJson(path);
            } else if (pattern.endsWith("csv")) {
                model.saveCsv(path);
            } else {
                exportPng(path);
            }
            model.statusProperty().set("Saved " + path);
        } catch (IOException | RuntimeException e) {
            model.statusProperty().set("Could not save " + file + ": " + e.getMessage());
        }
    }

    /** Renders the four charts into a PNG file, atomically (temp file, then rename). Call on the FX thread. */
    public void exportPng(Path file) throws IOException {
        WritableImage image = charts.snapshot(null, null);
        Path absolute = file.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path temp = Files.createTempFile(absolute.getParent(), absolute.getFileName().toString(), ".tmp");
        try {
            if (!ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", temp.toFile())) {
                throw new IOException("no PNG writer available");
            }
            Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The charts, for tests. */
    public List<XYChart<?, ?>> charts() {
        return List.of(lowThroughput, highThroughput, lowLatency, highLatency);
    }

    /** The medians table, for tests. */
    public TableView<Row> table() {
        return table;
    }
}
