package racelab.ui.walkthrough;

import atlantafx.base.theme.Styles;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import javafx.concurrent.Task;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import racelab.logsim.isolate.Isolator;
import racelab.logsim.result.EntryIssue;
import racelab.logsim.scene.Fault;
import racelab.walkthrough.Challenge;
import racelab.walkthrough.ChallengeKey;
import racelab.walkthrough.Stop;
import racelab.walkthrough.StopResult;
import racelab.walkthrough.StopRunner;

/**
 * A log challenge played on the simulator: place a power cut (machines and time) or change one setting, run, and
 * see what the real run lost. Each run is one move.
 */
final class LogChallengePanel extends VBox {

    /** How long cut machines stay down before they restart, as on the log page. */
    static final long DOWN_MS = 15_000;

    private final WalkthroughViewModel session;
    private final StopState state;
    private final Stop stop;
    private final ExecutorService runner;
    private final Consumer<String> status;
    private final Map<String, CheckBox> machines = new LinkedHashMap<>();
    private final TextField cutAtSeconds = new TextField("30");
    private final ComboBox<Isolator.Knob> knob = new ComboBox<>();
    private final Label outcome = new Label();
    private final ProgressIndicator progress = new ProgressIndicator();
    private final Button run = new Button();

    LogChallengePanel(WalkthroughViewModel session, StopState state, ExecutorService runner, Consumer<String> status) {
        this.session = session;
        this.state = state;
        this.stop = state.stop();
        this.runner = runner;
        this.status = status;
        setId("log-challenge");
        setSpacing(10);
        getStyleClass().add("panel");
        progress.setPrefSize(22, 22);
        progress.setMaxSize(22, 22);
        progress.setVisible(false);
        outcome.setId("log-challenge-outcome");
        outcome.setWrapText(true);
        outcome.setMinHeight(Region.USE_PREF_SIZE);
        if (stop.challenge().goal() == Challenge.Goal.LOSE_ACKED) {
            powerCut();
        } else {
            oneSetting();
        }
        getChildren().add(outcome);
        Label setting = new Label("Scene " + stop.sceneId() + " · seed " + stop.seed() + " · "
                + stop.logScene().workload().transfers() + " entries at " + stop.logScene().workload().ratePerSecond()
                + "/s · settings " + (stop.logScene().settings().isEmpty() ? "Kafka 4.x defaults"
                : stop.logScene().settings()));
        setting.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        setting.setWrapText(true);
        getChildren().add(setting);
    }

    private void powerCut() {
        Label title = new Label("Cut the power of:");
        title.getStyleClass().add(Styles.TEXT_BOLD);
        FlowPane boxes = new FlowPane(12, 6);
        try {
            for (String machine : StopRunner.machines(stop)) {
                CheckBox box = new CheckBox(machine);
                box.setId("cut-" + machine);
                machines.put(machine, box);
                boxes.getChildren().add(box);
            }
        } catch (Exception e) {
            boxes.getChildren().add(new Label("cannot list the machines: " + e.getMessage()));
        }
        cutAtSeconds.setId("cut-at");
        cutAtSeconds.setPrefColumnCount(5);
        run.setText("Cut power and run");
        run.setId("run-challenge");
        run.setOnAction(e -> cut());
        HBox when = new HBox(8, new Label("at second"), cutAtSeconds, new Label("of the run, back up "
                + DOWN_MS / 1000 + " s later"), run, progress);
        when.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(title, boxes, when);
    }

    private void oneSetting() {
        Label title = new Label("Change one setting:");
        title.getStyleClass().add(Styles.TEXT_BOLD);
        knob.setId("setting-chooser");
        knob.getItems().setAll(Isolator.KNOBS);
        knob.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(Isolator.Knob value) {
                return value == null ? "" : value.description() + "   (" + value.modes() + ")";
            }

            @Override
            public Isolator.Knob fromString(String text) {
                return null;
            }
        });
        knob.setPromptText("pick one setting");
        run.setText("Run with this one change");
        run.setId("run-challenge");
        run.setOnAction(e -> change());
        HBox line = new HBox(8, knob, run, progress);
        line.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(title, line);
    }

    /** The player's cut: the chosen machines at the chosen second. */
    void cut() {
        List<String> targets = new ArrayList<>();
        machines.forEach((id, box) -> {
            if (box.isSelected()) {
                targets.add(id);
            }
        });
        if (targets.isEmpty()) {
            status.accept("Pick at least one machine to cut.");
            return;
        }
        long atMs;
        try {
            atMs = Math.round(Double.parseDouble(cutAtSeconds.getText().trim()) * 1000);
        } catch (NumberFormatException e) {
            status.accept("The time must be a number of seconds, e.g. 30.");
            return;
        }
        if (atMs < 0 || atMs > 600_000) {
            status.accept("The time must be between 0 and 600 seconds.");
            return;
        }
        List<Fault> faults = List.of(new Fault(atMs, "power-cut", targets, null, DOWN_MS, 0, "the player's cut"));
        play(() -> StopRunner.runLogWithFaults(stop, faults), "power cut of " + String.join(", ", targets) + " at "
                + atMs / 1000.0 + " s");
    }

    private void change() {
        Isolator.Knob chosen = knob.getValue();
        if (chosen == null) {
            status.accept("Pick one setting first.");
            return;
        }
        play(() -> StopRunner.runLog(stop, chosen.safe()), chosen.description());
    }

    /** Puts a solution in the controls and runs it. */
    void load(ChallengeKey.Solution solution) {
        if (!solution.faults().isEmpty()) {
            play(() -> StopRunner.runLogWithFaults(stop, solution.faults()), "the scene's own fault script");
        } else if (!solution.settings().isEmpty()) {
            Isolator.KNOBS.stream().filter(k -> k.safe().equals(solution.settings())).findFirst()
                    .ifPresent(knob::setValue);
            play(() -> StopRunner.runLog(stop, solution.settings()), solution.settings().toString());
        }
    }

    private interface Play {
        StopResult run() throws Exception;
    }

    private void play(Play play, String what) {
        session.countMove(state);
        run.setDisable(true);
        progress.setVisible(true);
        status.accept("Running " + what + " on the simulator…");
        Task<StopResult> task = new Task<>() {
            @Override
            protected StopResult call() throws Exception {
                return play.run();
            }
        };
        task.setOnSucceeded(e -> {
            run.setDisable(false);
            progress.setVisible(false);
            judge(task.getValue(), what);
        });
        task.setOnFailed(e -> {
            run.setDisable(false);
            progress.setVisible(false);
            status.accept("The run failed: " + task.getException());
        });
        runner.execute(task);
    }

    private void judge(StopResult result, String what) {
        List<EntryIssue> acknowledged = result.acknowledgedLosses();
        outcome.setText("Move " + state.movesProperty().get() + " (" + what + "): " + result.outcomeLine()
                + (stop.challenge().goal() == Challenge.Goal.LOSE_ACKED ? "; acknowledged entries lost: "
                + acknowledged.stream().map(EntryIssue::entryId).distinct().count() : ""));
        if (ChallengeKey.won(stop.challenge(), result, state.solutionProperty().get())) {
            session.won(state);
            status.accept("Won in " + state.movesProperty().get() + " move" + (state.movesProperty().get() == 1 ? ""
                    : "s") + (state.solutionShownProperty().get() ? " (solution shown)" : "") + ": " + what + ".");
        } else if (!state.wonProperty().get()) {
            status.accept("Not yet (" + state.movesProperty().get() + " moves). Try again.");
        }
    }
}
