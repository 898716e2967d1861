package racelab.ui.walkthrough;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import racelab.scenario.StepRef;
import racelab.ui.ledger.LedgerWorkbenchView;
import racelab.walkthrough.Stop;
import racelab.walkthrough.StopRunner;
import racelab.walkthrough.Walkthrough;
import racelab.walkthrough.WalkthroughLoader;
import racelab.walkthrough.WalkthroughPreferences;

/** The walkthrough window on the real engines, headless, at the presenter size of 1280x720. */
class WalkthroughUiTest extends WalkthroughUiTestBase {

    @TempDir
    Path dir;

    @Start
    void start(Stage stage) {
        prepare(stage);
    }

    private static void awaitMeasured(StopState state) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> state.resultProperty().get() != null
                && (state.stop().prediction() == null || state.answerProperty().get() != null)
                && (state.stop().challenge() == null || state.solutionProperty().get() != null));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static void awaitLedgerPage(LedgerWorkbenchView page) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> page.model().runProperty().get() != null
                && page.model().pendingRunProperty().get() == null && !page.model().runningProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Every text in the scene graph: labels, buttons, text nodes, text fields. */
    private static List<String> texts(Node root) {
        List<String> texts = new ArrayList<>();
        collect(root, texts);
        return texts;
    }

    private static void collect(Node node, List<String> texts) {
        if (node instanceof Labeled && ((Labeled) node).getText() != null) {
            texts.add(((Labeled) node).getText());
        }
        if (node instanceof Text && ((Text) node).getText() != null) {
            texts.add(((Text) node).getText());
        }
        if (node instanceof TextInputControl) {
            texts.add(((TextInputControl) node).getText());
        }
        if (node instanceof Parent) {
            for (Node child : ((Parent) node).getChildrenUnmodifiable()) {
                collect(child, texts);
            }
        }
    }

    @Test
    void inInterviewModeNoVerdictOutcomeOrExplanationIsInTheSceneGraphUntilTheReveal(FxRobot robot) throws Exception {
        WalkthroughWindow window = open(robot, Q1);
        StopState first = window.view().model().current();
        assertThat(window.view().model().interviewModeProperty().get()).isTrue();
        awaitMeasured(first);
        // The answer is measured (alice ends at -60) but only held in the model.
        assertThat(first.answerProperty().get().value()).isEqualTo("-60");
        Parent root = window.scene().getRoot();
        List<String> before = texts(root);
        assertThat(before).noneMatch(t -> t.contains("-60") || t.toLowerCase().contains("violated")
                || t.contains("CONSTRAINT") || t.toLowerCase().contains("safe") || t.contains("Found:"));
        assertThat(robot.lookup("#verdict").tryQuery()).isEmpty();
        assertThat(robot.lookup("#findings").tryQuery()).isEmpty();
        assertThat(robot.lookup("#narration").tryQuery()).isEmpty();
        assertThat(robot.lookup("#mitigation-panel").tryQuery()).isEmpty();
        assertThat(robot.lookup("#reveal-text").tryQuery()).isEmpty();
        assertThat(robot.lookup("#stop-setup").tryQuery()).isPresent();

        robot.clickOn("#prediction-field").write("-40").type(KeyCode.ENTER);
        robot.clickOn("#reveal");
        WaitForAsyncUtils.waitForFxEvents();
        awaitLedgerPage(window.view().currentStopView().ledgerWorkbench());

        assertThat(robot.lookup("#verdict").queryLabeled().getText()).isEqualTo("VIOLATED");
        assertThat(robot.lookup("#findings").queryLabeled().getText()).contains("alice ends at -60");
        assertThat(robot.lookup("#prediction-result").queryLabeled().getText())
                .startsWith("Predicted: -40  —  wrong").contains("The real run: -60");
        assertThat(robot.lookup("#reveal-text").queryLabeled().getText()).contains("Both checks read 100");
        assertThat(robot.lookup("#mitigation-panel").tryQuery()).isPresent();
        assertThat(first.predictionRight()).isFalse();
    }

    @Test
    void aLogStopHidesTheClusterAndForensicsUntilTheReveal(FxRobot robot) throws Exception {
        WalkthroughWindow window = open(robot, Q2);
        StopState first = window.view().model().current();
        awaitMeasured(first);
        assertThat(first.answerProperty().get().value()).isEqualTo("wrong");
        assertThat(robot.lookup("#log-scene").tryQuery()).isEmpty();
        assertThat(robot.lookup("#verdict").tryQuery()).isEmpty();
        assertThat(texts(window.scene().getRoot())).noneMatch(t -> t.contains("lost") || t.contains("F9")
                || t.contains("expected") || t.contains("page cache") || t.contains("acknowledged"));

        robot.type(KeyCode.DIGIT1).type(KeyCode.R);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#log-scene").tryQuery()).isPresent();
        assertThat(robot.lookup("#prediction-result").queryLabeled().getText())
                .startsWith("Predicted: wrong  —  right");
        assertThat(first.predictionRight()).isTrue();
    }

    @Test
    void aChallengeIsWonByARealDragAndNotBeforeAndTheBestIsRemembered(FxRobot robot) throws Exception {
        WalkthroughWindow window = open(robot, Q1);
        robot.interact(() -> window.view().model().trackProperty().set(Walkthrough.Track.CLASS));
        robot.interact(() -> window.view().model().next());
        StopState state = window.view().model().current();
        assertThat(state.stop().id()).isEqualTo("break-it-yourself");
        LedgerWorkbenchView page = window.view().currentStopView().ledgerWorkbench();
        awaitLedgerPage(page);
        awaitMeasured(state);
        assertThat(page.model().verdictProperty().get()).isEqualTo("safe");
        assertThat(state.wonProperty().get()).isFalse();
        assertThat(robot.lookup("#challenge-status").queryLabeled().getText()).doesNotStartWith("Won");

        // Drag T1.commit to the last column: T2 checks alice before T1's debit is committed.
        Node commit = page.timeline().cardOf(StepRef.parseOrNull("T1.commit"));
        Node last = page.timeline().cardOf(StepRef.parseOrNull("T2.commit"));
        Bounds target = last.localToScreen(last.getBoundsInLocal());
        Bounds source = commit.localToScreen(commit.getBoundsInLocal());
        robot.drag(commit, MouseButton.PRIMARY).moveTo(new Point2D(target.getCenterX() + 10, source.getCenterY()))
                .drop();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> state.wonProperty().get());
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(page.model().runProperty().get().verdict()).isEqualTo("violated");
        assertThat(state.movesProperty().get()).isEqualTo(1);
        assertThat(robot.lookup("#challenge-status").queryLabeled().getText()).startsWith("Won in 1 move");
        assertThat(new WalkthroughPreferences(node).bestMoves("q1-ledger-races", "break-it-yourself")).isEqualTo(1);

        // Authoring: the winning schedule saved as a trainer's own scene reloads identically and a walkthrough
        // next to it can name it.
        List<StepRef> schedule = List.copyOf(page.model().editor().schedule());
        Path saved = SaveAsScene.save(page.model().scene(), page.model().mitigationProperty().get(), schedule,
                "My race: \"T1 commits last\"", dir.resolve("My Race.yaml"));
        racelab.scenario.LedgerScene reloaded = racelab.scenario.LedgerSceneLoader.load(saved);
        assertThat(reloaded.id()).isEqualTo("my-race");
        assertThat(reloaded.title()).isEqualTo("My race: \"T1 commits last\"");
        assertThat(reloaded.schedule()).isEqualTo(schedule);
        assertThat(reloaded.mitigation()).isEqualTo("naive");
        Files.writeString(dir.resolve("mine.yaml"), "id: mine\nkind: walkthrough\ntitle: Mine\nquestion: 1\nstops:\n"
                + "  - { id: s, title: S, scene: My Race.yaml, interview: true, minutes: 3, ask: A, reveal: R,\n"
                + "      predict: { prompt: P, measure: balance:alice } }\n");
        Stop own = WalkthroughLoader.load(dir.resolve("mine.yaml"), Path.of("scenes")).stops().get(0);
        assertThat(racelab.walkthrough.AnswerKey.answer(own, own.prediction(), StopRunner.run(own)).value())
                .isEqualTo(Long.toString(page.model().runProperty().get().finalBalances().get("alice")));
    }

    @Test
    void theInterviewPathIsDrivenEndToEndWithTheKeyboardAloneAndTheReportNamesEachRealOutcome(FxRobot robot)
            throws Exception {
        WalkthroughWindow window = open(robot, Q1);
        WalkthroughViewModel model = window.view().model();
        List<Stop> path = model.path();
        assertThat(path).hasSize(5);
        for (int i = 0; i < path.size(); i++) {
            StopState state = model.current();
            assertThat(state.stop()).isEqualTo(path.get(i));
            awaitMeasured(state);
            robot.type(KeyCode.H);
            if (state.stop().prediction() != null) {
                if (state.stop().prediction().measure().numeric()) {
                    robot.type(KeyCode.P).write("-60").type(KeyCode.ENTER);
                } else {
                    robot.type(KeyCode.DIGIT2);
                }
                assertThat(state.predictionLockedProperty().get()).isTrue();
            }
            if (state.stop().challenge() != null) {
                robot.type(KeyCode.S);
                WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> state.wonProperty().get());
                assertThat(state.solutionShownProperty().get()).isTrue();
            }
            robot.type(KeyCode.R);
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(state.revealedProperty().get()).isTrue();
            assertThat(robot.lookup("#reveal-text").tryQuery()).isPresent();
            if (state.stop().isLedger()) {
                LedgerWorkbenchView page = window.view().currentStopView().ledgerWorkbench();
                awaitLedgerPage(page);
                robot.type(KeyCode.RIGHT).type(KeyCode.RIGHT);
                WaitForAsyncUtils.waitForFxEvents();
                assertThat(page.model().replay().getPosition()).isEqualTo(2);
                robot.type(KeyCode.END);
            }
            robot.type(KeyCode.PAGE_DOWN);
            WaitForAsyncUtils.waitForFxEvents();
        }
        assertThat(model.indexProperty().get()).isEqualTo(path.size() - 1);
        assertThat(model.current().hintsShownProperty().get()).isEqualTo(1);

        robot.type(KeyCode.N);
        assertThat(window.view().notesPane().isVisible()).isFalse();
        robot.press(KeyCode.CONTROL).type(KeyCode.EQUALS).release(KeyCode.CONTROL);
        assertThat(window.zoom().zoomProperty().get()).isEqualTo(1.1);
        assertThat(new WalkthroughPreferences(node).zoom()).isEqualTo(1.1);
        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT0).release(KeyCode.CONTROL);
        assertThat(window.zoom().zoomProperty().get()).isEqualTo(1.0);
        robot.press(KeyCode.PAGE_UP);
        robot.release(KeyCode.PAGE_UP);
        assertThat(model.indexProperty().get()).isEqualTo(path.size() - 2);

        Path html = dir.resolve("session.html");
        Path markdown = dir.resolve("session.md");
        robot.interact(() -> {
            try {
                window.view().export(html);
                window.view().export(markdown);
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        });
        String report = Files.readString(html, StandardCharsets.UTF_8);
        assertThat(report).startsWith("<!DOCTYPE html>").contains("Stops visited: 5 of 5").contains("data:image/png");
        for (Stop stop : path) {
            String outcome = StopRunner.run(stop).outcomeLine();
            assertThat(report).as("the report names the real outcome of %s", stop.id())
                    .contains(SessionReportAccess.escape(outcome));
        }
        String md = Files.readString(markdown, StandardCharsets.UTF_8);
        assertThat(md).contains("| 1 | The double spend | yes | -60 | -60 | right |");
        Path picture = dir.resolve("session-images/01-double-spend.png");
        assertThat(ImageIO.read(picture.toFile()).getWidth()).isGreaterThan(400);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    /** Reaches the report's HTML escaping, so the test compares what a browser shows. */
    static final class SessionReportAccess {
        static String escape(String text) {
            return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
        }
    }
}
