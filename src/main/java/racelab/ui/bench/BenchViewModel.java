package racelab.ui.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.application.Platform;
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
import racelab.bench.BenchFormats;
import racelab.bench.BenchReport;
import racelab.bench.BenchRunner;
import racelab.bench.BenchSettings;
import racelab.bench.TargetCatalog;
import racelab.bench.Workload;

/**
 * State of the benchmark page: parameters, progress, and the two reports (low and high contention).
 *
 * <p>The benchmark runs on its own daemon thread; results and progress reach the properties on the FX thread
 * only. The engine it drives ({@link BenchRunner}) knows nothing of JavaFX.
 */
public final class BenchViewModel {

    /** Label of the two contention levels, in the order they run. */
    public static final List<String> CONTENTION_LEVELS = List.of("low", "high");

    /** Discarded transfers per mitigation before the first measured run (the CLI's default too). */
    static final long JVM_WARMUP_TRANSFERS = 5000;

    private final TargetCatalog catalog;
    private final StringProperty workers = new SimpleStringProperty("1,2,4,8");
    private final IntegerProperty accounts = new SimpleIntegerProperty(1000);
    private final IntegerProperty hotAccounts = new SimpleIntegerProperty(10);
    private final DoubleProperty lowHotFraction = new SimpleDoubleProperty(0.0);
    private final DoubleProperty highHotFraction = new SimpleDoubleProperty(0.9);
    private final DoubleProperty seconds = new SimpleDoubleProperty(1.0);
    private final DoubleProperty warmupSeconds = new SimpleDoubleProperty(0.3);
    private final IntegerProperty repetitions = new SimpleIntegerProperty(3);
    private final ObjectProperty<Long> seed = new SimpleObjectProperty<>(1L);
    private final ObservableList<String> selectedMitigations = FXCollections.observableArrayList();

    private final BooleanProperty running = new SimpleBooleanProperty();
    private final DoubleProperty progress = new SimpleDoubleProperty();
    private final StringProperty status = new SimpleStringProperty("Choose parameters and press Run.");
    private final ObjectProperty<BenchReport> lowReport = new SimpleObjectProperty<>();
    private final ObjectProperty<BenchReport> highReport = new SimpleObjectProperty<>();

    private volatile BenchRunner current;

    public BenchViewModel(TargetCatalog catalog) {
        this.catalog = catalog;
        selectedMitigations.setAll(catalog.ids());
    }

    public List<String> allMitigations() {
        return catalog.ids();
    }

    public ObservableList<String> selectedMitigations() {
        return selectedMitigations;
    }

    public StringProperty workersProperty() {
        return workers;
    }

    public IntegerProperty accountsProperty() {
        return accounts;
    }

    public IntegerProperty hotAccountsProperty() {
        return hotAccounts;
    }

    public DoubleProperty lowHotFractionProperty() {
        return lowHotFraction;
    }

    public DoubleProperty highHotFractionProperty() {
        return highHotFraction;
    }

    public DoubleProperty secondsProperty() {
        return seconds;
    }

    public DoubleProperty warmupSecondsProperty() {
        return warmupSeconds;
    }

    public IntegerProperty repetitionsProperty() {
        return repetitions;
    }

    public ObjectProperty<Long> seedProperty() {
        return seed;
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

    public ObjectProperty<BenchReport> lowReportProperty() {
        return lowReport;
    }

    public ObjectProperty<BenchReport> highReportProperty() {
        return highReport;
    }

    /** The settings for one contention level; throws {@link IllegalArgumentException} with a readable message. */
    public BenchSettings settingsFor(String level) {
        List<Integer> workerCounts = new ArrayList<>();
        for (String part : workers.get().split(",")) {
            String trimmed = part.trim();
            try {
                workerCounts.add(Integer.parseInt(trimmed));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("workers: expected numbers separated by commas, got '"
                        + trimmed + "'");
            }
        }
        double hot = level.equals("low") ? lowHotFraction.get() : highHotFraction.get();
        Workload workload = new Workload(accounts.get(), Math.min(hotAccounts.get(), accounts.get()), hot, 0, 0.1,
                100, 100, seed.get());
        return new BenchSettings(new ArrayList<>(selectedMitigations), workerCounts, workload, seconds.get(), 0,
                warmupSeconds.get(), 0, repetitions.get(), 100, JVM_WARMUP_TRANSFERS);
    }

    /**
     * Starts both contention levels on a background thread; does nothing while a run is going. Bad parameters
     * end up in {@link #statusProperty()}, not in an exception.
     */
    public void start() {
        if (running.get()) {
            return;
        }
        List<BenchSettings> plan = new ArrayList<>();
        try {
            for (String level : CONTENTION_LEVELS) {
                plan.add(settingsFor(level));
            }
        } catch (IllegalArgumentException e) {
            status.set("Cannot run: " + e.getMessage());
            return;
        }
        lowReport.set(null);
        highReport.set(null);
        running.set(true);
        progress.set(0);
        status.set("Running…");
        int totalRuns = plan.stream().mapToInt(BenchSettings::totalRuns).sum();
        Thread thread = new Thread(() -> runPlan(plan, totalRuns), "bench-page");
        thread.setDaemon(true);
        thread.start();
    }

    private void runPlan(List<BenchSettings> plan, int totalRuns) {
        int before = 0;
        try {
            for (int i = 0; i < plan.size(); i++) {
                String level = CONTENTION_LEVELS.get(i);
                BenchRunner runner = new BenchRunner(catalog);
                current = runner;
                int offset = before;
                BenchReport report = runner.run(plan.get(i), (done, total, mitigation, workerCount, stats) ->
                        Platform.runLater(() -> {
                            progress.set((offset + done) / (double) totalRuns);
                            status.set(String.format(Locale.ROOT, "%s contention: %s with %d workers: %.0f/s",
                                    level, mitigation, workerCount, stats.transfersPerSecond()));
                        }));
                before += plan.get(i).totalRuns();
                Consumer<BenchReport> target = level.equals("low") ? lowReport::set : highReport::set;
                Platform.runLater(() -> target.accept(report));
                if (!report.complete()) {
                    Platform.runLater(() -> finish("Cancelled; partial results shown."));
                    return;
                }
            }
            Platform.runLater(() -> finish("Done: medians of " + repetitions.get() + " repetitions, "
                    + Runtime.getRuntime().availableProcessors() + " cores."));
        } catch (RuntimeException e) {
            Platform.runLater(() -> finish("Failed: " + e.getMessage()));
        } finally {
            current = null;
        }
    }

    private void finish(String message) {
        running.set(false);
        status.set(message);
    }

    /** Stops after the transfers in flight. */
    public void cancel() {
        BenchRunner runner = current;
        if (runner != null) {
            runner.cancel();
        }
    }

    /** Both reports as one JSON object {@code {"low": ..., "high": ...}}, saved atomically. */
    public void saveJson(Path file) throws IOException {
        StringBuilder json = new StringBuilder("{\n");
        appendJson(json, "low", lowReport.get());
        json.append(",\n");
        appendJson(json, "high", highReport.get());
        json.append("\n}\n");
        BenchFormats.saveAtomically(file, json.toString());
    }

    private static void appendJson(StringBuilder json, String level, BenchReport report) {
        json.append("\"").append(level).append("\": ").append(report == null ? "null" : BenchFormats.json(report));
    }

    /** Both reports as CSV with a leading {@code contention} column, saved atomically. */
    public void saveCsv(Path file) throws IOException {
        StringBuilder csv = new StringBuilder();
        boolean header = true;
        for (String level : CONTENTION_LEVELS) {
            BenchReport report = level.equals("low") ? lowReport.get() : highReport.get();
            if (report == null) {
                continue;
            }
            String[] lines = BenchFormats.csv(report).split("\n");
            if (header) {
                csv.append("contention,").append(lines[0]).append('\n');
                header = false;
            }
            for (int i = 1; i < lines.length; i++) {
                csv.append(level).append(',').append(lines[i]).append('\n');
            }
        }
        BenchFormats.saveAtomically(file, csv.toString());
    }
}
