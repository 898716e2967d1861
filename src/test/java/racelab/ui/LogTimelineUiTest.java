package racelab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import racelab.logsim.LogSimulation;
import racelab.logsim.result.LogRunResult;
import racelab.logsim.result.WrongAccount;
import racelab.logsim.scene.LogScene;
import racelab.logsim.scene.LogSceneLoader;
import racelab.ui.logtimeline.LogTimelineCanvas;
import racelab.ui.logtimeline.LogTimelineView;
import racelab.ui.logtimeline.LogTimelineViewModel;
import racelab.ui.logtimeline.SimulatorTimelineBackend;
import racelab.ui.logtimeline.StepScenes;
import racelab.ui.logtimeline.TimelineCanvasProbe;
import racelab.ui.logtimeline.TimelineCard;
import racelab.ui.logtimeline.TimelineRun;

/**
 * The log timeline on the F9 step scene, on the real simulator: a drag of the power-cut card by one event flips an
 * entry between lost and kept, the balances and the forensics follow, and stepping is only a cursor move.
 *
 * <p>Every expectation comes from running the simulator directly ({@link LogSimulation#run}), never from the page;
 * every wait is for the page's own state (the background re-run), never a sleep.
 */
class LogTimelineUiTest extends LabUiTestBase {

    private static final long RUN_TIMEOUT_SECONDS = 180;

    @Start
    void start(Stage stage) {
        launch(stage);
    }

    /**
     * Closes the windows a test opened (the big scene's timeline window, the compare page): TestFX keeps one primary
     * stage for the class, and a window left open would answer the next test's lookups.
     */
    @AfterEach
    void closeOtherWindows(FxRobot robot) {
        robot.interact(() -> new java.util.ArrayList<>(javafx.stage.Window.getWindows()).stream()
                .filter(window -> window != stage).forEach(javafx.stage.Window::hide));
    }

    /** The timeline page in the app's main window (not one in a window of its own). */
    private LogTimelineView mainPage(FxRobot robot) {
        return robot.from(stage.getScene().getRoot()).lookup("#log-timeline-page").query();
    }

    /** The shipped F9 step scene, found by what it is rather than by its file name. */
    private static Path f9StepScene() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("scenes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                if (!Files.readString(file).contains("kind: log")) {
                    continue;
                }
                LogScene scene = LogSceneLoader.load(file);
                if (StepScenes.isStepScene(scene) && scene.modes().contains("F9")) {
                    return file;
                }
            }
        }
        throw new AssertionError("no F9 step scene in scenes/");
    }

    private LogTimelineViewModel open(FxRobot robot, Path file) throws Exception {
        robot.interact(() -> app.window().model().open(file));
        WaitForAsyncUtils.waitFor(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS, () -> {
            Object page = app.window().model().pageProperty().get();
            return page instanceof LogTimelineViewModel && ((LogTimelineViewModel) page).runProperty().get() != null;
        });
        LogTimelineViewModel page = (LogTimelineViewModel) app.window().model().pageProperty().get();
        awaitRun(page);
        return page;
    }

    private static void awaitRun(LogTimelineViewModel page) throws Exception {
        WaitForAsyncUtils.waitFor(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS,
                () -> page.pendingRunProperty().get() == null && !page.runningProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(page.runErrorProperty().get()).isEmpty();
    }

    /** The oracle: the simulator itself with the scene's fault after event {@code n}. */
    private static LogRunResult simulate(LogScene scene, int n) throws Exception {
        return LogSimulation.run(SimulatorTimelineBackend.withFaultAfter(scene, n), scene.seed(), Map.of());
    }

    /** Every gap the fault can stand in before the scene's own fault: 0 and every event that ends its step. */
    private static List<Integer> positionsBefore(TimelineRun run) {
        List<Integer> positions = new java.util.ArrayList<>();
        positions.add(0);
        for (int i = 0; i < run.faultCard(); i++) {
            if (run.cards().get(i).boundary()) {
                positions.add(i + 1);
            }
        }
        return positions;
    }

    @Test
    void draggingThePowerCutOneEventEarlierOrLaterFlipsAnEntryAndTheBalancesAndForensicsFollow(FxRobot robot)
            throws Exception {
        Path file = f9StepScene();
        LogScene scene = LogSceneLoader.load(file);
        LogTimelineViewModel page = open(robot, file);
        TimelineRun first = page.runProperty().get();
        assertThat(first.faultCard()).as("the scene's power cut is on the timeline").isGreaterThan(0);
        assertThat(first.cards().get(first.faultCard()).kind()).isEqualTo("FAULT");

        // Search, with the simulator alone, two neighbouring gaps where the power cut loses different entries.
        List<Integer> positions = positionsBefore(first);
        int later = -1;
        LogRunResult earlierRun = null;
        LogRunResult laterRun = null;
        for (int k = positions.size() - 1; k > 0 && later < 0; k--) {
            LogRunResult after = simulate(scene, positions.get(k));
            LogRunResult before = simulate(scene, positions.get(k - 1));
            if (!after.lostEntries().equals(before.lostEntries())) {
                later = positions.get(k);
                laterRun = after;
                earlierRun = before;
            }
        }
        assertThat(later).as("some one-event move of the power cut changes what is lost").isPositive();
        int earlier = positions.get(positions.indexOf(later) - 1);

        // Put the card at the later gap (as a click on the explore strip does), then drag it one event earlier.
        int target = later;
        robot.interact(() -> page.loadPosition(target));
        awaitRun(page);
        assertThat(page.faultAfterProperty().get()).isEqualTo(later);
        assertShows(robot, page, laterRun);

        dragFaultCard(robot, page, -1);
        awaitRun(page);
        assertThat(page.faultAfterProperty().get()).isEqualTo(earlier);
        assertShows(robot, page, earlierRun);
        assertThat(page.runProperty().get().result().lostEntries()).isNotEqualTo(laterRun.lostEntries());

        // And one event later again: the card passes the one card after it, back to where it was.
        dragFaultCard(robot, page, +1);
        awaitRun(page);
        assertThat(page.faultAfterProperty().get()).isEqualTo(later);
        assertShows(robot, page, laterRun);
    }

    /**
     * A drop in any gap in view moves the card there: right of a fault near the end of the trace, where the faulted
     * run has more cards than the run without the fault has events (a drop there used to ask for a position past the
     * end), at the right end of the view, and at seeded gaps either side of seeded fault positions. The card lands
     * after the event it was dropped after, whenever the run without the fault has that event, and the outcome is the
     * simulator's own for the position.
     */
    @Test
    void aDropInAnyGapMovesTheFaultCardThereAlsoRightOfALateFaultWhereTheRunOutgrowsTheTrace(FxRobot robot)
            throws Exception {
        Path file = f9StepScene();
        LogScene scene = LogSceneLoader.load(file);
        LogTimelineViewModel page = open(robot, file);
        LogTimelineView view = mainPage(robot);
        racelab.logsim.scene.Fault movable = racelab.logsim.trace.FaultSweep.defaultFault(scene);
        racelab.logsim.trace.StepTrace faultFree = LogSimulation.runStepped(
                racelab.logsim.trace.FaultSweep.without(scene, movable), scene.seed(), Map.of(), () -> false,
                racelab.logsim.trace.StepOptions.ALL).trace();
        List<Integer> gaps = faultFree.faultPositions();
        java.util.SplittableRandom random = new java.util.SplittableRandom(20);
        // A fault already after the last gap: a drop right of it has no later gap to ask for; it stays, and says so.
        int last = gaps.get(gaps.size() - 1);
        robot.interact(() -> page.loadPosition(last));
        awaitRun(page);
        TimelineRun atLast = page.runProperty().get();
        robot.interact(() -> page.cursor().positionProperty().set(atLast.faultCard() + 1));
        WaitForAsyncUtils.waitForFxEvents();
        List<Integer> seen = TimelineCanvasProbe.wholeColumnsInView(view.canvas());
        int rightEnd = seen.get(seen.size() - 1);
        assertThat(rightEnd).as("a card the run without the fault has no event for: counted as a position of that "
                + "run (as the page once did), it was past its end").isGreaterThan(faultFree.counted());
        dropFaultCardOver(robot, view.canvas(), rightEnd);
        awaitRun(page);
        assertThat(page.runProperty().get()).as("no new run").isSameAs(atLast);
        assertThat(page.faultAfterProperty().get()).isEqualTo(last);
        assertThat(page.hintProperty().get()).isEqualTo("The fault already stands after event " + last + ".");
        for (int round = 0; round < 5; round++) {
            // First near the end, dropped at the right edge of the view; then seeded positions and gaps.
            int faultAfter = round == 0 ? gaps.get(gaps.size() - 2) : gaps.get(random.nextInt(gaps.size() - 1));
            if (faultAfter != page.faultAfterProperty().get()) {
                robot.interact(() -> page.loadPosition(faultAfter));
                awaitRun(page);
            }
            TimelineRun run = page.runProperty().get();
            LogTimelineCanvas canvas = view.canvas();
            robot.interact(() -> page.cursor().positionProperty().set(run.faultCard() + 1));
            WaitForAsyncUtils.waitForFxEvents();
            int faultColumn = canvas.columnOf(run.faultCard());
            List<Integer> inView = TimelineCanvasProbe.wholeColumnsInView(canvas);
            assertThat(inView).as("the fault card is in view").contains(faultColumn);
            if (round == 0) {
                assertThat(run.cards().size() - 1).as("the faulted run outgrows the trace without the fault")
                        .isGreaterThan(faultFree.counted());
            }
            List<Integer> targets = new java.util.ArrayList<>(inView);
            targets.remove(Integer.valueOf(faultColumn));
            int target = round == 0 ? inView.get(inView.size() - 1) : targets.get(random.nextInt(targets.size()));
            assertThat(target).isNotEqualTo(faultColumn);
            // Over a card right of the fault: the gap after it; left of the fault: the gap before it.
            int cardsBefore = target > faultColumn ? target + 1 : target;
            String drop = "fault after " + faultAfter + " dropped over column " + target;

            dropFaultCardOver(robot, canvas, target);
            awaitRun(page);
            int landed = page.faultAfterProperty().get();
            TimelineRun moved = page.runProperty().get();
            assertThat(page.hintProperty().get()).as(drop + ": no hint, the card moved").isEmpty();
            assertThat(landed).as(drop).isEqualTo(run.dropPosition(cardsBefore)).isIn(gaps);
            assertThat(moved.faultCard()).as(drop + ": the card stands after event " + landed).isEqualTo(landed);
            assertThat(TimelineCanvasProbe.faultCardInView(canvas, moved)).as(drop + ": the card is in view").isTrue();
            assertThat(page.stepProperty().get()).as(drop + ": the picture at the cursor is the new run's")
                    .isSameAs(moved.steps().get(page.cursor().getPosition()));
            if (target > faultColumn) {
                assertThat(landed).as(drop + ": later").isGreaterThan(faultAfter);
                TimelineCard after = run.cards().get(cardsBefore - 1);
                int occurrence = sameEvents(run.cards().subList(0, cardsBefore - 1), after);
                if (faultFree.events().stream().filter(e -> e.kind().name().equals(after.kind())
                        && e.lane().equals(after.lane()) && e.partition().equals(after.partition())
                        && e.entries().equals(after.entries())).count() > occurrence) {
                    assertThat(sameEvents(moved.cards().subList(0, moved.faultCard()), after))
                            .as(drop + ": " + after.text() + " happens before the fault").isGreaterThan(occurrence);
                }
            } else {
                assertThat(landed).as(drop + ": earlier").isLessThan(faultAfter).isLessThanOrEqualTo(cardsBefore);
            }
            LogRunResult oracle = simulate(scene, landed);
            assertThat(moved.result().lostEntries()).as(drop).isEqualTo(oracle.lostEntries());
            assertThat(moved.result().duplicateEntries()).as(drop).isEqualTo(oracle.duplicateEntries());
        }
    }

    /** How many of {@code cards} are the same event as {@code card}: kind, machine, partition and entries. */
    private static int sameEvents(List<TimelineCard> cards, TimelineCard card) {
        return (int) cards.stream().filter(c -> c.kind().equals(card.kind()) && c.lane().equals(card.lane())
                && c.partition().equals(card.partition()) && c.entries().equals(card.entries())).count();
    }

    /** Presses on the fault card, moves it until its middle is over {@code column}'s card, and releases it. */
    private static void dropFaultCardOver(FxRobot robot, LogTimelineCanvas canvas, int column) {
        Node card = canvas.faultCard();
        assertThat(card).as("the fault card is on the canvas").isNotNull();
        Bounds bounds = card.getBoundsInParent();
        Point2D to = canvas.canvas().localToScreen(canvas.columnX(column) + bounds.getWidth() / 2,
                bounds.getMinY() + bounds.getHeight() / 2);
        robot.drag(card, MouseButton.PRIMARY).moveTo(to).drop();
    }

    @Test
    void steppingBackAndForthOnlyMovesTheCursorOverTheSameRun(FxRobot robot) throws Exception {
        LogTimelineViewModel page = open(robot, f9StepScene());
        TimelineRun run = page.runProperty().get();
        LogTimelineViewModel.RunRequest noPending = page.pendingRunProperty().get();
        assertThat(noPending).isNull();
        int size = run.cards().size();
        assertThat(page.cursor().getPosition()).as("opens at the end, where the forensics are").isEqualTo(size);
        assertThat(TimelineCanvasProbe.faultCardInView(mainPage(robot).canvas(), run))
                .as("and with the fault card, the one to drag, in view").isTrue();

        robot.type(KeyCode.HOME);
        assertThat(page.cursor().getPosition()).isZero();
        assertThat(page.stepProperty().get()).isSameAs(run.steps().get(0));
        int faultCard = run.faultCard();
        // Around the fault by keys (the scrubber gets there first: a key press per event would be slow to watch).
        robot.interact(() -> page.cursor().positionProperty().set(faultCard - 3));
        for (int k = faultCard - 2; k <= faultCard + 2; k++) {
            robot.type(KeyCode.RIGHT);
            assertThat(page.cursor().getPosition()).isEqualTo(k);
            assertThat(page.stepProperty().get()).isSameAs(run.steps().get(k));
            assertThat(page.currentCardProperty().get()).isSameAs(run.cards().get(k - 1));
        }
        for (int k = faultCard + 1; k >= faultCard - 2; k--) {
            robot.type(KeyCode.LEFT);
            assertThat(page.cursor().getPosition()).isEqualTo(k);
            assertThat(page.stepProperty().get()).isSameAs(run.steps().get(k));
        }
        robot.type(KeyCode.END);
        assertThat(page.cursor().getPosition()).isEqualTo(size);
        assertThat(page.runProperty().get()).as("stepping never re-runs").isSameAs(run);
        assertThat(page.pendingRunProperty().get()).isNull();
        assertThat(page.runningProperty().get()).isFalse();
        // The chips show the picture at the cursor: at the end, an entry lost is marked doomed; at the start none is.
        for (int lost : run.result().lostEntries()) {
            assertThat(((Label) robot.lookup("#stage-e" + lost).query()).getText()).endsWith("doomed");
        }
        robot.type(KeyCode.HOME);
        for (int lost : run.result().lostEntries()) {
            assertThat(((Label) robot.lookup("#stage-e" + lost).query()).getText()).isEqualTo("not sent");
        }
    }

    @Test
    void compareShowsTheSameFaultPositionUnderTheScenesSettingsAndUnderItsFix(FxRobot robot) throws Exception {
        Path file = f9StepScene();
        LogScene scene = LogSceneLoader.load(file);
        LogTimelineViewModel page = open(robot, file);
        int n = page.faultAfterProperty().get();
        LogTimelineView view = mainPage(robot);

        robot.clickOn("#compare-with-fix");
        WaitForAsyncUtils.waitFor(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS,
                () -> view.compareView() != null && view.compareView().model().completeProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        List<racelab.compare.LogComparison.Column> columns = view.compareView().model().columns();
        assertThat(columns).hasSize(2);

        // Column 1 is the run on the timeline: the same settings, the same position, so the same outcome.
        LogRunResult shown = page.runProperty().get().result();
        assertThat(columns.get(0).preset().faultAfter()).isEqualTo(n);
        assertThat(columns.get(0).result().lostEntries()).isEqualTo(shown.lostEntries());
        assertThat(columns.get(0).result().duplicateEntries()).isEqualTo(shown.duplicateEntries());

        // Column 2 is the fix with the fault after the same event of its own trace, checked on the simulator.
        int m = columns.get(1).preset().faultAfter();
        assertThat(columns.get(1).preset().overrides()).isEqualTo(scene.fix());
        LogRunResult fixed = LogSimulation.run(SimulatorTimelineBackend.withFaultAfter(scene, m), scene.seed(),
                scene.fix());
        assertThat(columns.get(1).result().lostEntries()).isEqualTo(fixed.lostEntries());
        assertThat(columns.get(1).result().correct()).isEqualTo(fixed.correct());
        assertThat(columns.get(1).preset().name()).contains("after event " + m);
    }

    @Test
    void aBigSceneKeepsItsClusterPageAndOpensTheTimelineOnAWindowAroundItsFault(FxRobot robot,
            @org.junit.jupiter.api.io.TempDir Path folder) throws Exception {
        // The shipped F9 scene with a shorter journal (66 entries, still far too many cards for a step scene), so the
        // test stays quick on a busy machine; the power cut comes while entries are in flight.
        String shipped = Files.readString(Path.of("scenes", "f9-power-cut-no-fsync.yaml"));
        String smaller = shipped.replaceFirst("transfers: 1200", "transfers: 60")
                .replaceFirst("\\{ at: 50000,", "{ at: 2500,");
        assertThat(smaller).contains("transfers: 60").contains("at: 2500,");
        Path file = folder.resolve("f9-window.yaml");
        Files.writeString(file, smaller);
        assertThat(StepScenes.isStepScene(LogSceneLoader.load(file))).isFalse();
        robot.interact(() -> app.window().model().open(file));
        WaitForAsyncUtils.waitFor(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS,
                () -> app.window().model().pageProperty().get() instanceof racelab.ui.logview.LogSceneViewModel);
        WaitForAsyncUtils.waitForFxEvents();
        racelab.ui.logview.LogSceneView cluster = robot.lookup("#log-scene").query();

        robot.clickOn("#open-timeline-window");
        WaitForAsyncUtils.waitFor(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS, () -> cluster.timelineWindow() != null
                && cluster.timelineWindow().model().runProperty().get() != null);
        LogTimelineViewModel window = cluster.timelineWindow().model();
        awaitRun(window);
        TimelineRun run = window.runProperty().get();
        assertThat(run.windowed()).isTrue();
        assertThat(run.faultCard()).as("the fault is in the window").isNotNegative();
        assertThat(run.cards().get(run.faultCard()).kind()).isEqualTo("FAULT");
        int shown = run.cards().size();
        assertThat(shown).isLessThanOrEqualTo(TimelineWindowLimits.CARDS_MAX);
        assertThat(run.firstEvent()).as("events of the run before the window").isPositive();
        assertThat(run.result().settled()).isTrue();
        LogTimelineCanvas canvas = cluster.timelineWindow().canvas();
        // Only the columns in view have card nodes, and they are the right ones wherever the cursor stands.
        assertThat(robot.from(cluster.timelineWindow()).lookup(".event-card").queryAll())
                .hasSizeLessThan(shown).hasSameSizeAs(canvas.cardNodes());
        assertCardsInViewAreTheRunsAt(robot, canvas, run, window.cursor().getPosition());
        robot.interact(() -> window.cursor().positionProperty().set(run.faultCard() + 1));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(canvas.faultCard()).as("stepping onto the fault brings its card into view").isNotNull();
        assertThat(canvas.faultCard().getId()).isEqualTo("fault-card");
        assertCardsInViewAreTheRunsAt(robot, canvas, run, run.faultCard() + 1);
        // The columns are numbered as events of the whole run, and the header says which ones the window shows.
        for (Node number : robot.from(canvas).lookup(".column-number").queryAll()) {
            int column = (int) Math.round((number.getLayoutX() - canvas.columnX(0)) / (canvas.columnX(1)
                    - canvas.columnX(0)));
            assertThat(((Label) number).getText()).isEqualTo(Integer.toString(run.firstEvent() + column + 1));
        }
        assertThat(robot.from(cluster.timelineWindow()).lookup("#fault-text").queryLabeled().getText())
                .contains("showing events " + (run.firstEvent() + 1) + "–" + (run.firstEvent() + shown)
                        + " of a longer run");
        assertThat(robot.from(cluster.timelineWindow()).lookup("#explore-strip").query().isVisible())
                .as("no log-explore strip over a window of a big run").isFalse();

        // A drag in the window re-runs the whole scene with the fault moved and opens a window around it again.
        LogScene scene = window.scene();
        int before = window.faultAfterProperty().get();
        dragFaultCard(robot, cluster.timelineWindow(), +1);
        awaitRun(window);
        TimelineRun moved = window.runProperty().get();
        int after = window.faultAfterProperty().get();
        assertThat(after).as("one card later").isGreaterThan(before);
        assertThat(moved).isNotSameAs(run);
        assertThat(moved.windowed()).isTrue();
        assertThat(moved.faultCard()).isNotNegative();
        assertThat(moved.firstEvent() + moved.faultCard()).as("the fault card stands after event " + after)
                .isEqualTo(after);
        LogRunResult oracle = LogSimulation.run(SimulatorTimelineBackend.withFaultAfter(scene, after), scene.seed(),
                Map.of());
        assertThat(moved.result().lostEntries()).isEqualTo(oracle.lostEntries());
        assertThat(moved.result().duplicateEntries()).isEqualTo(oracle.duplicateEntries());
        robot.interact(() -> window.cursor().positionProperty().set(moved.faultCard() + 1));
        WaitForAsyncUtils.waitForFxEvents();
        assertCardsInViewAreTheRunsAt(robot, canvas, moved, moved.faultCard() + 1);
    }

    @Test
    void onlyTheColumnsInViewHaveCardsAndTheyAreTheRunsCardsAfterScrollingSteppingAndDragging(FxRobot robot)
            throws Exception {
        LogTimelineViewModel page = open(robot, f9StepScene());
        LogTimelineView view = mainPage(robot);
        LogTimelineCanvas canvas = view.canvas();
        TimelineRun run = page.runProperty().get();
        assertThat(run.cards()).as("a step scene's run has hundreds of events").hasSizeGreaterThan(100);
        assertThat(canvas.cardNodes()).as("far fewer card nodes than events").hasSizeLessThan(run.cards().size() / 4);
        assertCardsInViewAreTheRunsAt(robot, canvas, run, page.cursor().getPosition());

        // The cursor anywhere: its card is in view, marked current, and every card in view is the run's own.
        java.util.SplittableRandom random = new java.util.SplittableRandom(14);
        for (int i = 0; i < 12; i++) {
            int position = 1 + random.nextInt(run.cards().size());
            robot.interact(() -> page.cursor().positionProperty().set(position));
            WaitForAsyncUtils.waitForFxEvents();
            Node current = canvas.cardNode(position - 1);
            assertThat(current).as("the card of event " + position + " is in view").isNotNull();
            assertThat(pseudoClasses(current)).contains("current");
            assertCardsInViewAreTheRunsAt(robot, canvas, run, position);
        }
        // Scrolling by hand (the scroll bar) with the cursor left behind: the cards follow the scroll bar.
        for (double hvalue : new double[] {0, 0.37, 1, 0.08, 0.61}) {
            robot.interact(() -> canvas.setHvalue(hvalue));
            WaitForAsyncUtils.waitForFxEvents();
            assertCardsInViewAreTheRunsAt(robot, canvas, run, page.cursor().getPosition());
        }
        // Stepping by keys from the start scrolls back and keeps the picture right.
        robot.type(KeyCode.HOME);
        for (int k = 1; k <= 3; k++) {
            robot.type(KeyCode.RIGHT);
            assertThat(page.cursor().getPosition()).isEqualTo(k);
            assertCardsInViewAreTheRunsAt(robot, canvas, run, k);
        }
        assertThat(page.runProperty().get()).as("stepping and scrolling never re-run").isSameAs(run);

        // A drag one event later: the nodes in view now show the new run's cards, the fault card where it landed.
        dragFaultCard(robot, view, +1);
        awaitRun(page);
        TimelineRun moved = page.runProperty().get();
        assertThat(moved).isNotSameAs(run);
        // Right after the new run arrives, before anything scrolls: the same nodes now show the new run's cards.
        assertCardsInViewAreTheRunsAt(robot, canvas, moved, page.cursor().getPosition());
        robot.interact(() -> page.cursor().positionProperty().set(moved.faultCard() + 1));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(canvas.faultCard()).isNotNull();
        assertThat(canvas.faultCard().getLayoutX()).isEqualTo(canvas.columnX(canvas.columnOf(moved.faultCard())));
        assertThat(robot.from(canvas).lookup("#fault-card").queryAll()).as("one fault card").hasSize(1);
        assertCardsInViewAreTheRunsAt(robot, canvas, moved, moved.faultCard() + 1);

        // Filtered to one entry: only its cards (and the fault) have columns, and the nodes in view are those.
        int entry = moved.result().lostEntries().isEmpty() ? 0 : moved.result().lostEntries().get(0);
        robot.interact(() -> page.entryFilterProperty().set(entry));
        WaitForAsyncUtils.waitForFxEvents();
        for (Integer index : canvas.cardIndexesOnCanvas()) {
            assertThat(moved.cards().get(index).touches(entry)).isTrue();
        }
        for (double hvalue : new double[] {0, 1}) {
            robot.interact(() -> canvas.setHvalue(hvalue));
            WaitForAsyncUtils.waitForFxEvents();
            assertCardsInViewAreTheRunsAt(robot, canvas, moved, page.cursor().getPosition());
        }
        robot.interact(() -> page.entryFilterProperty().set(null));
        WaitForAsyncUtils.waitForFxEvents();
        assertCardsInViewAreTheRunsAt(robot, canvas, moved, page.cursor().getPosition());
    }

    /**
     * The card nodes on the canvas are exactly the columns the view shows (and at most one spare column either
     * side), each in its column, showing its own event of {@code run}, and marked for the replay position.
     */
    private static void assertCardsInViewAreTheRunsAt(FxRobot robot, LogTimelineCanvas canvas, TimelineRun run,
            int position) {
        double viewport = canvas.getViewportBounds().getWidth();
        assertThat(viewport).as("the timeline has been laid out").isPositive();
        double content = canvas.canvas().getPrefWidth();
        double left = Math.max(0, content - viewport) * canvas.getHvalue();
        double columnWidth = canvas.columnX(1) - canvas.columnX(0);
        List<Integer> inView = new java.util.ArrayList<>();
        for (int column = 0; column < canvas.columnCount(); column++) {
            double x = canvas.columnX(column);
            // Visible: some of it right of the lane headers and left of the view's right edge.
            if (x + columnWidth - 8 > left + canvas.columnX(0) && x < left + viewport) {
                inView.add(column);
            }
        }
        assertThat(inView).as("some columns are in view").isNotEmpty();
        List<Integer> columnsOnCanvas = new java.util.ArrayList<>();
        List<Node> nodes = canvas.cardNodes();
        List<Integer> indexes = canvas.cardIndexesOnCanvas();
        for (int i = 0; i < nodes.size(); i++) {
            int index = indexes.get(i);
            int column = canvas.columnOf(index);
            TimelineCard card = run.cards().get(index);
            Node node = nodes.get(i);
            columnsOnCanvas.add(column);
            assertThat(column).as("card " + index + " is one of the columns").isNotNegative();
            assertThat(node.getLayoutX()).as("card " + index + " in its column").isEqualTo(canvas.columnX(column));
            assertThat(node.getId()).isEqualTo(card.fault() ? "fault-card" : "event-" + card.event());
            assertThat(robot.from(node).lookup(".event-title").queryLabeled().getText()).isEqualTo(card.title());
            assertThat(robot.from(node).lookup(".event-detail").queryLabeled().getText()).isEqualTo(card.detail());
            assertThat(pseudoClasses(node).contains("future")).as("card " + index + " future at " + position)
                    .isEqualTo(index >= position);
            assertThat(pseudoClasses(node).contains("current")).as("card " + index + " current at " + position)
                    .isEqualTo(index == position - 1);
            assertThat(pseudoClasses(node).contains("fault")).isEqualTo(card.fault());
            assertThat(pseudoClasses(node).contains("doomed"))
                    .isEqualTo(run.doomedAtEvent().containsValue(index));
        }
        assertThat(columnsOnCanvas).as("every column in view has its card").containsAll(inView);
        assertThat(columnsOnCanvas).as("no card far outside the view").allMatch(
                column -> column >= inView.get(0) - 2 && column <= inView.get(inView.size() - 1) + 2);
        assertThat(columnsOnCanvas).as("one node per column").doesNotHaveDuplicates();
    }

    private static java.util.Set<String> pseudoClasses(Node node) {
        java.util.Set<String> names = new java.util.HashSet<>();
        node.getPseudoClassStates().forEach(state -> names.add(state.getPseudoClassName()));
        return names;
    }

    /** What a window around a big scene's fault may show at most: 40 events before, the fault, 40 after. */
    private static final class TimelineWindowLimits {
        static final int CARDS_MAX = racelab.ui.logtimeline.TimelineWindow.AROUND_FAULT.eventsBefore() + 1
                + racelab.ui.logtimeline.TimelineWindow.AROUND_FAULT.eventsAfter();
    }

    /** Drags the fault card by {@code columns} whole columns (negative: earlier) and drops it. */
    private void dragFaultCard(FxRobot robot, LogTimelineViewModel page, int columns) throws Exception {
        dragFaultCard(robot, (LogTimelineView) mainPage(robot), columns);
    }

    /** Drags the fault card of {@code view} by {@code columns} whole columns (negative: earlier) and drops it. */
    private void dragFaultCard(FxRobot robot, LogTimelineView view, int columns) throws Exception {
        LogTimelineViewModel page = view.model();
        LogTimelineCanvas canvas = view.canvas();
        TimelineRun run = page.runProperty().get();
        // Put the cursor on the fault, so the timeline scrolls it into view.
        robot.interact(() -> page.cursor().positionProperty().set(run.faultCard() + 1));
        WaitForAsyncUtils.waitForFxEvents();
        Node card = canvas.faultCard();
        assertThat(card).isNotNull();
        Node neighbour = canvas.cardNode(run.faultCard() + columns);
        assertThat(neighbour).as("the card next to the fault is in view").isNotNull();
        Bounds from = card.localToScreen(card.getBoundsInLocal());
        Bounds to = neighbour.localToScreen(neighbour.getBoundsInLocal());
        robot.drag(card, MouseButton.PRIMARY).moveTo(new Point2D(to.getCenterX(), from.getCenterY())).drop();
    }

    /** The page shows {@code expected}'s outcome: verdict, lost entries, balances at the end, forensics. */
    private void assertShows(FxRobot robot, LogTimelineViewModel page, LogRunResult expected) throws Exception {
        TimelineRun run = page.runProperty().get();
        LogRunResult shown = run.result();
        assertThat(shown.lostEntries()).isEqualTo(expected.lostEntries());
        assertThat(shown.duplicateEntries()).isEqualTo(expected.duplicateEntries());
        assertThat(robot.lookup("#verdict").queryLabeled().getText())
                .isEqualTo(racelab.logsim.result.LogVerdict.of(expected).headline());

        robot.interact(() -> page.cursor().toEnd());
        WaitForAsyncUtils.waitForFxEvents();
        Map<String, Long> actual = new TreeMap<>(run.steps().get(0).expectedBalances());
        actual.putAll(racelab.logsim.forensics.GroundTruth.of(run.journal()).balances());
        for (WrongAccount wrong : expected.wrongAccounts()) {
            actual.put(wrong.account(), wrong.actual());
        }
        for (Map.Entry<String, Long> account : actual.entrySet()) {
            // An account no running store holds reads "–"; the audit counts it as 0.
            String text = ((Label) robot.lookup("#store-" + account.getKey()).query()).getText();
            assertThat(text.equals("–") ? "0" : text).as("store balance of " + account.getKey() + " at the end")
                    .isEqualTo(Long.toString(account.getValue()));
        }
        for (int lost : expected.lostEntries()) {
            assertThat(robot.lookup("#forensics-e" + lost).tryQuery()).as("forensics name e" + lost).isPresent();
            assertThat(((Label) robot.lookup("#stage-e" + lost).query()).getText()).endsWith("doomed");
        }
        for (int entry = 0; entry < run.journal().size(); entry++) {
            if (!expected.lostEntries().contains(entry) && !expected.duplicateEntries().contains(entry)) {
                assertThat(robot.lookup("#forensics-e" + entry).tryQuery()).as("e" + entry + " is kept").isEmpty();
            }
        }
        assertThat(((Label) robot.lookup("#forensics-summary").query()).getText())
                .startsWith(expected.lostEntries().size() + " lost");
        Map<Integer, Integer> doomed = run.doomedAtEvent();
        assertThat(doomed.keySet()).containsAll(expected.lostEntries());
        for (int at : doomed.values()) {
            TimelineCard card = run.cards().get(at);
            assertThat(at).as("doomed at or after the fault").isGreaterThanOrEqualTo(run.faultCard());
            assertThat(card.loses() || card.fault()).isTrue();
        }
    }
}
