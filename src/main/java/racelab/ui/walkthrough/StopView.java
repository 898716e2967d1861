package racelab.ui.walkthrough;

import atlantafx.base.theme.Styles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import javafx.beans.binding.BooleanBinding;
import javafx.collections.ListChangeListener;
import javafx.concurrent.Task;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javax.imageio.ImageIO;
import racelab.ledger.LedgerRun;
import racelab.ui.ledger.LedgerBackend;
import racelab.ui.ledger.LedgerWorkbenchView;
import racelab.ui.ledger.LedgerWorkbenchViewModel;
import racelab.ui.logview.LogBackend;
import racelab.ui.logview.LogSceneView;
import racelab.ui.logview.LogSceneViewModel;
import racelab.walkthrough.Answer;
import racelab.walkthrough.AnswerKey;
import racelab.walkthrough.Challenge;
import racelab.walkthrough.ChallengeKey;
import racelab.walkthrough.Stop;
import racelab.walkthrough.StopResult;
import racelab.walkthrough.StopRunner;

/**
 * One stop on screen: the question, the prediction, hints, and below them either the set-up only (interview mode,
 * before the reveal) or the real page of the scene (ledger workbench on H2, log cluster view), with the reveal and
 * the prediction checked against the real run.
 *
 * <p>Before the reveal no node holds run-derived text: the run is measured in the background into the
 * {@link StopState}, and only the reveal puts it in the scene graph.
 */
final class StopView extends BorderPane {

    private final WalkthroughViewModel session;
    private final StopState state;
    private final Stop stop;
    private final LedgerBackend ledger;
    private final LogBackend log;
    private final ExecutorService runner;
    private final BooleanBinding shown;
    private final StackPane pageHolder = new StackPane();
    private final VBox revealPanel = new VBox(4);
    private final VBox askAndInputs = new VBox(8);
    private final VBox hintsBox = new VBox(4);
    private final Button hintButton = new Button();
    private TextField numberField;
    private final ToggleGroup choices = new ToggleGroup();
    private LedgerWorkbenchView ledgerPage;
    private ScrollPane setupPage;
    private LogSceneView logPage;
    /** A stop that places its fault by position opens on the step timeline, with the fault there. */
    private racelab.ui.logtimeline.LogTimelineView timelinePage;
    /** The gaps one event earlier and later than the stop's fault position (-1: none), measured with the run. */
    private int earlierPosition = -1;
    private int laterPosition = -1;
    private LogChallengePanel logChallenge;
    private Label challengeStatus;

    StopView(WalkthroughViewModel session, StopState state, LedgerBackend ledger, LogBackend log,
            ExecutorService runner) {
        this.session = session;
        this.state = state;
        this.stop = state.stop();
        this.ledger = ledger;
        this.log = log;
        this.runner = runner;
        this.shown = session.shownBinding(state);
        setId("stop-view");
        getStyleClass().add("stop-view");
        revealPanel.setId("reveal-panel");
        revealPanel.getStyleClass().addAll("panel", "reveal-panel");
        setTop(question());
        pageHolder.setId("stop-page");
        setCenter(pageHolder);
        shown.addListener((obs, old, now) -> refresh());
        state.answerProperty().addListener((obs, old, now) -> refresh());
        state.resultProperty().addListener((obs, old, now) -> refresh());
        state.measureErrorProperty().addListener((obs, old, now) -> refresh());
        state.solutionProperty().addListener((obs, old, now) -> judgeLedgerChallenge());
        measure();
        refresh();
    }

    StopState state() {
        return state;
    }

    // ------------------------------------------------------------------ question, prediction, hints

    private VBox question() {
        Label title = new Label(stop.title());
        title.setId("stop-title");
        title.getStyleClass().add("stop-title");
        title.setWrapText(true);
        Label ask = new Label(racelab.ui.Texts.paragraphs(stop.ask()));
        ask.setId("stop-ask");
        ask.getStyleClass().add("stop-ask");
        ask.setWrapText(true);
        ask.setMinHeight(Region.USE_PREF_SIZE);
        HBox row = new HBox(16);
        if (stop.prediction() != null) {
            row.getChildren().add(prediction());
        }
        if (stop.challenge() != null) {
            // One row for the goal, the moves and the hints, so the board keeps the room it needs at 720p.
            row.getChildren().add(challengeBar());
        }
        row.getChildren().add(hints());
        // After the reveal the question has been asked and answered: the page gets the room, the result and the
        // explanation take the question's place.
        askAndInputs.getChildren().setAll(ask);
        askAndInputs.visibleProperty().bind(shown.not());
        askAndInputs.managedProperty().bind(shown.not());
        if (stop.challenge() == null) {
            askAndInputs.getChildren().add(row);
        }
        VBox box = new VBox(8, title, askAndInputs);
        if (stop.challenge() != null) {
            // A challenge keeps its goal, moves and hints on screen after the reveal: the game goes on.
            box.getChildren().add(row);
        }
        box.getChildren().add(revealPanel);
        box.setPadding(new Insets(0, 0, 8, 0));
        return box;
    }

    private VBox prediction() {
        Label prompt = new Label("Predict: " + stop.prediction().prompt());
        prompt.getStyleClass().add(Styles.TEXT_BOLD);
        prompt.setWrapText(true);
        Node input;
        if (stop.prediction().measure().numeric()) {
            numberField = new TextField();
            numberField.setId("prediction-field");
            numberField.setPromptText("a number, then Enter");
            numberField.setPrefColumnCount(10);
            numberField.textProperty().bindBidirectional(state.predictionProperty());
            numberField.setOnAction(e -> {
                if (!numberField.getText().isBlank()) {
                    state.predictionLockedProperty().set(true);
                }
                getParent().requestFocus();
            });
            numberField.disableProperty().bind(shown);
            Label keys = new Label("P to type, Enter to commit");
            keys.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
            HBox line = new HBox(8, numberField, keys);
            line.setAlignment(Pos.CENTER_LEFT);
            input = line;
        } else {
            FlowPane options = new FlowPane(6, 6);
            List<String> list = stop.prediction().options();
            for (int i = 0; i < list.size(); i++) {
                String option = list.get(i);
                ToggleButton button = new ToggleButton((i < 9 ? (i + 1) + "  " : "") + option);
                button.setId("choice-" + option.replaceAll("[^A-Za-z0-9_-]", "_"));
                button.setUserData(option);
                button.setToggleGroup(choices);
                button.setFocusTraversable(false);
                button.disableProperty().bind(shown);
                if (option.equals(state.predictionProperty().get())) {
                    button.setSelected(true);
                }
                options.getChildren().add(button);
            }
            choices.selectedToggleProperty().addListener((obs, old, now) -> {
                state.predictionProperty().set(now == null ? "" : (String) now.getUserData());
                state.predictionLockedProperty().set(now != null);
            });
            input = options;
        }
        Label locked = new Label();
        locked.setId("prediction-locked");
        locked.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        locked.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> state.predictionLockedProperty().get() ? "committed: " + state.predictionProperty().get()
                        : "not committed yet", state.predictionLockedProperty(), state.predictionProperty()));
        VBox box = new VBox(6, prompt, input, locked);
        box.getStyleClass().addAll("panel", "prediction-panel");
        HBox.setHgrow(box, Priority.ALWAYS);
        box.setMaxWidth(Double.MAX_VALUE);
        return box;
    }

    private VBox hints() {
        List<String> all = WalkthroughViewModel.hints(stop);
        hintButton.setId("hint-button");
        hintButton.setFocusTraversable(false);
        hintButton.setOnAction(e -> session.nextHint());
        hintButton.setTooltip(new Tooltip("Reveal the next hint (H)"));
        Runnable show = () -> {
            int shownHints = state.hintsShownProperty().get();
            hintButton.setText(all.isEmpty() ? "No hints" : "Hint (H)  " + shownHints + " of " + all.size());
            hintButton.setDisable(shownHints >= all.size());
            hintsBox.getChildren().clear();
            for (int i = 0; i < shownHints; i++) {
                Label hint = new Label((i + 1) + ". " + all.get(i));
                hint.setId("hint-" + (i + 1));
                hint.setWrapText(true);
                hint.setMinHeight(Region.USE_PREF_SIZE);
                hintsBox.getChildren().add(hint);
            }
        };
        state.hintsShownProperty().addListener((obs, old, now) -> show.run());
        show.run();
        VBox box = new VBox(6, hintButton, hintsBox);
        box.getStyleClass().addAll("panel", "hints-panel");
        box.setPrefWidth(420);
        box.setMinWidth(260);
        box.setMaxWidth(stop.prediction() == null ? 560 : Double.MAX_VALUE);
        HBox.setHgrow(box, Priority.SOMETIMES);
        return box;
    }

    // ------------------------------------------------------------------ challenge

    private HBox challengeBar() {
        Challenge challenge = stop.challenge();
        Label goal = new Label("Challenge: " + challenge.prompt());
        goal.getStyleClass().add(Styles.TEXT_BOLD);
        goal.setWrapText(true);
        Label moves = new Label();
        moves.setId("challenge-moves");
        moves.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> "Moves: " + state.movesProperty().get() + (state.bestMovesProperty().get() >= 0
                        ? "   ·   best: " + state.bestMovesProperty().get() : ""),
                state.movesProperty(), state.bestMovesProperty()));
        moves.setMinWidth(Region.USE_PREF_SIZE);
        challengeStatus = new Label(challenge.goal().kind().equals("ledger") ? "Make a move." : "Make a move below.");
        challengeStatus.setId("challenge-status");
        challengeStatus.setWrapText(true);
        challengeStatus.setMinHeight(Region.USE_PREF_SIZE);
        state.wonProperty().addListener((obs, old, now) -> styleStatus());
        Button solution = new Button("Show solution");
        solution.setId("show-solution");
        solution.setFocusTraversable(false);
        solution.setTooltip(new Tooltip("Load a solution found by the lab's own search (S)"));
        solution.disableProperty().bind(state.solutionProperty().isNull());
        solution.setOnAction(e -> showSolution());
        solution.setMinWidth(Region.USE_PREF_SIZE);
        VBox text = new VBox(2, goal, challengeStatus);
        HBox.setHgrow(text, Priority.ALWAYS);
        HBox bar = new HBox(12, text, moves, solution);
        HBox.setHgrow(bar, Priority.ALWAYS);
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().addAll("panel", "challenge-bar");
        bar.setId("challenge-bar");
        return bar;
    }

    private void styleStatus() {
        challengeStatus.getStyleClass().removeAll(Styles.SUCCESS, Styles.DANGER);
        if (state.wonProperty().get()) {
            challengeStatus.getStyleClass().add(Styles.SUCCESS);
        }
    }

    /** Loads the solution found by search onto the page; the win then counts as "solution shown". */
    void showSolution() {
        ChallengeKey.Solution solution = state.solutionProperty().get();
        if (solution == null) {
            return;
        }
        state.solutionShownProperty().set(true);
        if (ledgerPage != null && solution.schedule() != null) {
            ledgerPage.model().loadSchedule(solution.mitigation(), solution.schedule());
        } else if (logChallenge != null) {
            logChallenge.load(solution);
        }
        challengeStatus.setText("Solution: " + solution.description());
    }

    private void judgeLedgerChallenge() {
        if (ledgerPage == null || stop.challenge() == null) {
            return;
        }
        LedgerWorkbenchViewModel model = ledgerPage.model();
        LedgerRun run = model.runProperty().get();
        if (run == null || model.pendingRunProperty().get() != null || model.runningProperty().get()) {
            return;
        }
        StopResult result = new StopResult(run, null);
        ChallengeKey.Solution solution = state.solutionProperty().get();
        if (stop.challenge().goal() == Challenge.Goal.FEWEST_STATEMENTS && solution == null) {
            challengeStatus.setText("Checking every interleaving on H2 to judge soundness…");
            return;
        }
        if (ChallengeKey.won(stop.challenge(), result, solution)) {
            session.won(state);
            challengeStatus.setText("Won in " + state.movesProperty().get() + " move"
                    + (state.movesProperty().get() == 1 ? "" : "s") + (state.solutionShownProperty().get()
                    ? " (solution shown)" : "") + ": " + result.outcomeLine());
        } else if (!state.wonProperty().get()) {
            challengeStatus.setText("Not yet (" + state.movesProperty().get() + " moves): the real run is "
                    + racelab.compare.Outcome.of(run).label() + " under " + run.mitigation()
                    + (stop.challenge().goal() == Challenge.Goal.FEWEST_STATEMENTS
                    ? ", " + result.statements() + " statements" : "") + ".");
        }
    }

    // ------------------------------------------------------------------ page

    private void refresh() {
        boolean visible = shown.get();
        Node page;
        if (stop.challenge() != null) {
            page = stop.isLedger() ? ledgerPage() : logChallenge();
        } else if (!visible) {
            if (setupPage == null) {
                setupPage = new ScrollPane(new SetupView(stop));
                setupPage.setFitToWidth(true);
                setupPage.getStyleClass().add(atlantafx.base.theme.Tweaks.EDGE_TO_EDGE);
            }
            page = setupPage;
        } else {
            page = stop.isLedger() ? ledgerPage() : stop.placesFault() ? timelinePage() : logPage();
        }
        if (!(page instanceof ScrollPane)) {
            page = scrolled(page);
        }
        if (pageHolder.getChildren().size() != 1 || pageHolder.getChildren().get(0) != page) {
            pageHolder.getChildren().setAll(page);
        }
        if (visible) {
            fillReveal();
        } else {
            revealPanel.getChildren().clear();
        }
        revealPanel.setVisible(visible);
        revealPanel.setManaged(visible);
    }

    private final java.util.Map<Node, ScrollPane> scrolls = new java.util.IdentityHashMap<>();

    /** A page in a scroll pane of its own: it fills the stop, and scrolls only when the window is too small for it. */
    private ScrollPane scrolled(Node page) {
        return scrolls.computeIfAbsent(page, p -> {
            ScrollPane scroll = new ScrollPane(p);
            scroll.setFitToWidth(true);
            scroll.setFitToHeight(true);
            scroll.getStyleClass().add(atlantafx.base.theme.Tweaks.EDGE_TO_EDGE);
            return scroll;
        });
    }

    private void fillReveal() {
        revealPanel.getChildren().clear();
        if (stop.prediction() != null) {
            Label result = new Label(predictionResultText());
            result.setId("prediction-result");
            result.setWrapText(true);
            result.setMinHeight(Region.USE_PREF_SIZE);
            result.getStyleClass().add("prediction-result");
            Boolean right = state.predictionRight();
            if (right != null) {
                result.getStyleClass().add(right ? Styles.SUCCESS : Styles.DANGER);
            }
            revealPanel.getChildren().add(result);
            if (state.answerProperty().get() != null) {
                Label source = new Label("Measured: " + state.answerProperty().get().source());
                source.setId("answer-source");
                source.setWrapText(true);
                source.setMinHeight(Region.USE_PREF_SIZE);
                source.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
                revealPanel.getChildren().add(source);
            }
        }
        Label explanation = new Label(racelab.ui.Texts.paragraphs(stop.reveal()));
        explanation.setId("reveal-text");
        explanation.setWrapText(true);
        explanation.setMinHeight(Region.USE_PREF_SIZE);
        revealPanel.getChildren().add(explanation);
        if (stop.placesFault()) {
            revealPanel.getChildren().add(faultMoves());
        }
    }

    /**
     * Buttons that move the timeline's fault one event earlier or later than where the stop puts it, and back: the
     * prediction's two runs side by side in time, on the real simulator (dragging the red card does the same).
     */
    private HBox faultMoves() {
        racelab.ui.logtimeline.LogTimelineViewModel timeline = timelinePage().model();
        String fault = racelab.logsim.trace.FaultSweep.defaultFault(stop.logScene()).kind().replace('-', ' ');
        Button earlier = new Button("◀ One event earlier");
        earlier.setId("move-fault-earlier");
        Button back = new Button("After event " + stop.faultAfter());
        back.setId("move-fault-back");
        Button later = new Button("One event later ▶");
        later.setId("move-fault-later");
        Label where = new Label();
        where.setId("fault-position");
        where.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        where.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> "the " + fault + " on the timeline: after event " + timeline.faultAfterProperty().get(),
                timeline.faultAfterProperty()));
        earlier.setOnAction(e -> timeline.moveFault(earlierPosition));
        back.setOnAction(e -> timeline.moveFault(stop.faultAfter()));
        later.setOnAction(e -> timeline.moveFault(laterPosition));
        earlier.setDisable(earlierPosition < 0);
        later.setDisable(laterPosition < 0);
        for (Button button : List.of(earlier, back, later)) {
            button.setFocusTraversable(false);
            button.setMinWidth(Region.USE_PREF_SIZE);
            button.setTooltip(new Tooltip("Move the " + fault + " and run the scene again (as dragging the red card "
                    + "does)"));
        }
        where.setMinWidth(Region.USE_PREF_SIZE);
        HBox bar = new HBox(8, earlier, back, later, where);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setId("fault-moves");
        return bar;
    }

    private String predictionResultText() {
        Answer answer = state.answerProperty().get();
        if (!state.measureErrorProperty().get().isEmpty()) {
            return "Could not measure the answer: " + state.measureErrorProperty().get();
        }
        if (answer == null) {
            return "Measuring the real run…";
        }
        String predicted = state.predictionProperty().get();
        String measured = "The real run: " + answer.value() + ".";
        if (predicted.isBlank()) {
            return "No prediction was entered. " + measured;
        }
        return "Predicted: " + predicted + "  —  " + (answer.matches(predicted) ? "right ✔" : "wrong ✘") + ".   "
                + measured;
    }

    private LedgerWorkbenchView ledgerPage() {
        if (ledgerPage == null) {
            racelab.scenario.LedgerScene scene = stop.ledgerScene();
            if (stop.challenge() != null && stop.challenge().start() != null) {
                scene = scene.withSchedule(stop.challenge().start());
            }
            LedgerWorkbenchViewModel model = new LedgerWorkbenchViewModel(scene);
            ledgerPage = new LedgerWorkbenchView(model, ledger);
            if (stop.challenge() != null) {
                if (stop.challenge().goal() == Challenge.Goal.FEWEST_STATEMENTS) {
                    model.mitigationProperty().addListener((obs, old, now) -> session.countMove(state));
                } else {
                    model.editor().schedule().addListener((ListChangeListener<racelab.scenario.StepRef>) change ->
                            session.countMove(state));
                }
                model.runProperty().addListener((obs, old, now) -> judgeLedgerChallenge());
                model.pendingRunProperty().addListener((obs, old, now) -> judgeLedgerChallenge());
                model.runningProperty().addListener((obs, old, now) -> judgeLedgerChallenge());
            }
        }
        return ledgerPage;
    }

    private LogSceneView logPage() {
        if (logPage == null) {
            logPage = new LogSceneView(new LogSceneViewModel(stop.logScene(), log.machines(stop.logScene())), log);
        }
        return logPage;
    }

    private racelab.ui.logtimeline.LogTimelineView timelinePage() {
        if (timelinePage == null) {
            racelab.logsim.scene.LogScene scene = stop.logScene();
            racelab.ui.logtimeline.TimelineWindow window = racelab.ui.logtimeline.StepScenes.isStepScene(scene)
                    ? racelab.ui.logtimeline.TimelineWindow.WHOLE_RUN
                    : racelab.ui.logtimeline.TimelineWindow.AROUND_FAULT;
            timelinePage = new racelab.ui.logtimeline.LogTimelineView(new racelab.ui.logtimeline.LogTimelineViewModel(
                    scene, stop.faultAfter(), window), new racelab.ui.logtimeline.SimulatorTimelineBackend());
        }
        return timelinePage;
    }

    /** The step timeline of a stop that places its fault, once revealed (tests move the fault on it). */
    racelab.ui.logtimeline.LogTimelineView timeline() {
        return timelinePage;
    }

    private LogChallengePanel logChallenge() {
        if (logChallenge == null) {
            logChallenge = new LogChallengePanel(session, state, runner, text -> challengeStatus.setText(text));
        }
        return logChallenge;
    }

    /** The workbench of a ledger stop, once on screen (tests drag its cards). */
    LedgerWorkbenchView ledgerWorkbench() {
        return ledgerPage;
    }

    LogChallengePanel logChallengePanel() {
        return logChallenge;
    }

    // ------------------------------------------------------------------ keyboard

    /** Digit keys pick a choice; P focuses the number field. */
    boolean choose(int digit) {
        if (shown.get() || choices.getToggles().isEmpty() || digit < 1 || digit > choices.getToggles().size()) {
            return false;
        }
        choices.selectToggle(choices.getToggles().get(digit - 1));
        return true;
    }

    boolean focusPrediction() {
        if (numberField == null || numberField.isDisabled()) {
            return false;
        }
        numberField.requestFocus();
        return true;
    }

    // ------------------------------------------------------------------ measuring and pictures

    private void measure() {
        if (state.resultProperty().get() != null || !state.measureErrorProperty().get().isEmpty()) {
            return;
        }
        Task<Object[]> task = new Task<>() {
            @Override
            protected Object[] call() throws Exception {
                StopResult result = StopRunner.run(stop);
                Answer answer = stop.prediction() == null ? null : AnswerKey.answer(stop, stop.prediction(), result);
                ChallengeKey.Solution solution = stop.challenge() == null ? null : ChallengeKey.solve(stop);
                int[] moves = {-1, -1};
                if (stop.placesFault()) {
                    racelab.logsim.scene.LogScene scene = stop.logScene();
                    racelab.logsim.scene.Fault fault = racelab.logsim.trace.FaultSweep.defaultFault(scene);
                    moves[0] = racelab.logsim.trace.FaultSweep.movedPosition(scene, stop.seed(), java.util.Map.of(),
                            fault, -1, () -> false);
                    moves[1] = racelab.logsim.trace.FaultSweep.movedPosition(scene, stop.seed(), java.util.Map.of(),
                            fault, 1, () -> false);
                }
                return new Object[] {result, answer, solution, moves};
            }
        };
        task.setOnSucceeded(e -> {
            Object[] values = task.getValue();
            int[] moves = (int[]) values[3];
            earlierPosition = moves[0];
            laterPosition = moves[1];
            state.solutionProperty().set((ChallengeKey.Solution) values[2]);
            state.answerProperty().set((Answer) values[1]);
            state.resultProperty().set((StopResult) values[0]);
        });
        task.setOnFailed(e -> state.measureErrorProperty().set(String.valueOf(task.getException())));
        runner.execute(task);
    }

    /**
     * The key step of the stop as a PNG, or null when the page is not on screen (not revealed): a ledger page is
     * moved to its key step for the picture and back.
     */
    byte[] capturePicture() {
        if (pageHolder.getChildren().isEmpty() || !shown.get() && stop.challenge() == null) {
            return null;
        }
        Node page = pageHolder.getChildren().get(0);
        if (page instanceof ScrollPane) {
            page = ((ScrollPane) page).getContent();
        }
        int restore = -1;
        if (page == ledgerPage && ledgerPage.model().runProperty().get() != null) {
            var replay = ledgerPage.model().replay();
            restore = replay.getPosition();
            replay.positionProperty().set(new StopResult(ledgerPage.model().runProperty().get(), null)
                    .keyStep(stop.keyStep()));
        }
        try {
            page.applyCss();
            if (page instanceof javafx.scene.Parent) {
                ((javafx.scene.Parent) page).layout();
            }
            WritableImage image = page.snapshot(null, null);
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", png);
            return png.toByteArray();
        } catch (IOException | RuntimeException e) {
            return null;
        } finally {
            if (restore >= 0) {
                ledgerPage.model().replay().positionProperty().set(restore);
            }
        }
    }
}
