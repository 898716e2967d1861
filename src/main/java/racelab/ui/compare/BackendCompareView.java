package racelab.ui.compare;

import atlantafx.base.theme.Styles;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javafx.concurrent.Task;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import racelab.check.Anomaly;
import racelab.compare.EngineDifferences;
import racelab.compare.Outcome;
import racelab.ledger.DatabaseBackend;
import racelab.ledger.H2Backend;
import racelab.ledger.LedgerEngine;
import racelab.ledger.LedgerRun;
import racelab.ledger.Mitigation;
import racelab.ledger.MitigationUnavailableException;
import racelab.ledger.Mitigations;
import racelab.ledger.StepOutcome;
import racelab.ledger.TraceStep;
import racelab.scenario.LedgerScene;
import racelab.scenario.StepRef;

/**
 * "H2 vs PostgreSQL": one schedule under one mitigation on both databases side by side, each verdict with its
 * server and version, and where they differ the reason beside them, from the measured comparison of the two
 * databases ({@link EngineDifferences}). The runs go off the FX thread; PostgreSQL starts on first use.
 */
public final class BackendCompareView extends BorderPane {

    private final LedgerScene scene;
    private final List<StepRef> schedule;
    private final Supplier<DatabaseBackend> postgres;
    private final ComboBox<String> mitigation = new ComboBox<>();
    private final HBox columns = new HBox(16);
    private final VBox differences = new VBox(8);
    private final Label status = new Label();
    private final ProgressIndicator progress = new ProgressIndicator();
    private long generation;

    /**
     * @param postgres the PostgreSQL backend (may start the embedded server; called off the FX thread)
     */
    public BackendCompareView(LedgerScene scene, List<StepRef> schedule, String initialMitigation,
                              Supplier<DatabaseBackend> postgres) {
        this.scene = scene;
        this.schedule = List.copyOf(schedule);
        this.postgres = postgres;
        setId("backend-compare");
        getStylesheets().add(BackendCompareView.class.getResource("/racelab/ui/compare/compare.css")
                .toExternalForm());
        setPadding(new Insets(14, 16, 14, 16));
        Label title = new Label("H2 vs PostgreSQL · " + scene.title());
        title.getStyleClass().add(Styles.TITLE_3);
        Mitigations.everyMitigation().forEach(m -> mitigation.getItems().add(m.id()));
        mitigation.setId("backend-compare-mitigation");
        mitigation.setValue(initialMitigation);
        mitigation.valueProperty().addListener((obs, old, now) -> run());
        progress.setPrefSize(20, 20);
        progress.setMaxSize(20, 20);
        status.getStyleClass().add(Styles.TEXT_MUTED);
        status.setId("backend-compare-status");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Label mitigationLabel = new Label("Mitigation");
        mitigationLabel.getStyleClass().add(Styles.TEXT_MUTED);
        mitigationLabel.setMinWidth(Region.USE_PREF_SIZE);
        mitigation.setMinWidth(Region.USE_PREF_SIZE);
        title.setMinWidth(120);
        HBox top = new HBox(10, title, spacer, progress, status, mitigationLabel, mitigation);
        top.setAlignment(Pos.CENTER_LEFT);
        Label scheduleText = new Label("The same schedule on both databases: " + String.join(" → ",
                schedule.stream().map(StepRef::toString).toList()));
        scheduleText.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        scheduleText.setWrapText(true);
        setTop(new VBox(4, top, scheduleText));

        columns.setId("backend-compare-columns");
        differences.setId("backend-compare-differences");
        differences.getStyleClass().add("panel");
        differences.setPrefWidth(430);
        differences.setMinWidth(360);
        HBox body = new HBox(16, columns, differences);
        HBox.setHgrow(differences, Priority.ALWAYS);
        ScrollPane scroll = new ScrollPane(body);
        scroll.setFitToWidth(true);
        setCenter(scroll);
        BorderPane.setMargin(scroll, new Insets(12, 0, 0, 0));
        run();
    }

    /** The text of the differences panel, for tests. */
    public String differencesText() {
        StringBuilder text = new StringBuilder();
        differences.getChildren().forEach(n -> {
            if (n instanceof Label) {
                text.append(((Label) n).getText()).append('\n');
            }
        });
        return text.toString();
    }

    /** Whether both runs of the current mitigation are on screen. */
    public boolean done() {
        return !progress.isVisible();
    }

    private void run() {
        long mine = ++generation;
        String chosen = mitigation.getValue();
        progress.setVisible(true);
        status.setText("running on H2, starting or reusing PostgreSQL…");
        Task<List<Object>> task = new Task<>() {
            @Override
            protected List<Object> call() throws Exception {
                List<Object> results = new ArrayList<>();
                results.add(runOn(H2Backend.INSTANCE, chosen));
                results.add(runOn(postgres.get(), chosen));
                return results;
            }
        };
        task.setOnSucceeded(e -> {
            if (mine == generation) {
                show(task.getValue());
            }
        });
        task.setOnFailed(e -> {
            if (mine == generation) {
                progress.setVisible(false);
                status.setText("failed: " + task.getException().getMessage());
            }
        });
        Thread thread = new Thread(task, "backend-compare");
        thread.setDaemon(true);
        thread.start();
    }

    /** A run, or the reason the database cannot run the mitigation (a String). */
    private Object runOn(DatabaseBackend backend, String mitigationId) throws Exception {
        try {
            return LedgerEngine.runOnce(scene, mitigationId, schedule, backend);
        } catch (MitigationUnavailableException e) {
            return backend.serverDescription() + "|" + e.getMessage();
        }
    }

    private void show(List<Object> results) {
        progress.setVisible(false);
        status.setText("");
        columns.getChildren().clear();
        for (Object result : results) {
            columns.getChildren().add(result instanceof LedgerRun ? column((LedgerRun) result)
                    : unavailable((String) result));
        }
        differences.getChildren().clear();
        Label heading = new Label("Why they differ");
        heading.getStyleClass().add(Styles.TITLE_4);
        differences.getChildren().add(heading);
        if (results.get(0) instanceof LedgerRun && results.get(1) instanceof LedgerRun) {
            List<String> notes = EngineDifferences.explain((LedgerRun) results.get(0), (LedgerRun) results.get(1));
            if (notes.isEmpty()) {
                differences.getChildren().add(wrapped("Same outcome on both databases; nothing in these two runs "
                        + "differs by database.", Styles.TEXT_MUTED));
            }
            notes.forEach(n -> differences.getChildren().add(wrapped(n, null)));
        } else {
            differences.getChildren().add(wrapped("Only one database can run this mitigation; see its reason.",
                    Styles.TEXT_MUTED));
        }
        Label source = wrapped("Source: " + EngineDifferences.SOURCE + ". The verdicts themselves are the two "
                + "real runs on the left.", Styles.TEXT_MUTED);
        source.getStyleClass().add(Styles.TEXT_SMALL);
        differences.getChildren().add(source);
    }

    private VBox column(LedgerRun run) {
        Label server = new Label(run.database().server());
        server.getStyleClass().add(Styles.TITLE_4);
        Outcome outcome = Outcome.of(run);
        Label badge = new Label(outcome.label());
        badge.getStyleClass().addAll("outcome-badge", CompareColumnView.styleOf(outcome.kind()));
        badge.setId("backend-outcome-" + run.database().backend());
        Label balances = wrapped("Final balances: " + run.finalBalances(), null);
        VBox column = new VBox(6, server, badge, balances);
        for (Anomaly anomaly : run.anomalies()) {
            column.getChildren().add(wrapped(anomaly.typeAndName() + ": " + anomaly.message(), Styles.DANGER));
        }
        Label events = new Label("WHAT HAPPENED");
        events.getStyleClass().add("section-title");
        column.getChildren().add(events);
        boolean any = false;
        for (TraceStep step : run.steps()) {
            if (step.outcome() == StepOutcome.RAN) {
                continue;
            }
            any = true;
            String line = step.step() + " " + step.outcome().name().toLowerCase(java.util.Locale.ROOT)
                    .replace('_', ' ') + (step.blockedBy() == null ? "" : " by " + step.blockedBy())
                    + (step.sqlState() == null ? "" : " · SQLState " + step.sqlState());
            Label summary = wrapped(line, Styles.TEXT_BOLD);
            column.getChildren().add(summary);
            if (step.detail() != null && !step.detail().isEmpty()) {
                Label detail = wrapped(step.detail(), Styles.TEXT_MUTED);
                detail.getStyleClass().add(Styles.TEXT_SMALL);
                column.getChildren().add(detail);
            }
        }
        if (!any) {
            column.getChildren().add(wrapped("Every step ran without waiting or being refused.", Styles.TEXT_MUTED));
        }
        if (!run.database().sessionSettings().isEmpty()) {
            Label settings = wrapped("Session settings: " + String.join("; ", run.database().sessionSettings()),
                    Styles.TEXT_MUTED);
            settings.getStyleClass().add(Styles.TEXT_SMALL);
            column.getChildren().add(settings);
        }
        column.getStyleClass().add("panel");
        column.setPrefWidth(430);
        column.setMinWidth(340);
        return column;
    }

    private VBox unavailable(String serverAndReason) {
        int bar = serverAndReason.indexOf('|');
        Label server = new Label(serverAndReason.substring(0, bar));
        server.getStyleClass().add(Styles.TITLE_4);
        Label badge = new Label("unavailable");
        badge.getStyleClass().addAll("outcome-badge", "pending");
        VBox column = new VBox(6, server, badge, wrapped(serverAndReason.substring(bar + 1), null));
        column.getStyleClass().add("panel");
        column.setPrefWidth(430);
        column.setMinWidth(340);
        return column;
    }

    private static Label wrapped(String text, String style) {
        Label label = new Label(text);
        label.setWrapText(true);
        label.setMinHeight(Region.USE_PREF_SIZE);
        if (style != null) {
            label.getStyleClass().add(style);
        }
        return label;
    }

    /** Ids of every mitigation, for the chooser's tests. */
    static List<String> mitigationIds() {
        return Mitigations.everyMitigation().stream().map(Mitigation::id).toList();
    }
}
