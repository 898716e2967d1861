package racelab.ui.walkthrough;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import racelab.logsim.result.LogRunResult;
import racelab.logsim.result.LogVerdict;
import racelab.ui.logtimeline.LogTimelineCanvas;
import racelab.ui.logtimeline.LogTimelineViewModel;
import racelab.ui.logtimeline.TimelineCanvasProbe;
import racelab.walkthrough.AnswerKey;
import racelab.walkthrough.Stop;
import racelab.walkthrough.StopRunner;

/**
 * The Question 2 walkthrough's stop on the step timeline, headless at 1280x720: the candidate predicts which lost
 * entry survives when the power cut moves one event later, and after the reveal sees both runs on the timeline page.
 * Every expectation comes from the real simulator ({@link StopRunner}, {@link AnswerKey}), never from the page; every
 * wait is for the page's own state.
 */
class WalkthroughTimelineStopUiTest extends WalkthroughUiTestBase {

    private static final long RUN_TIMEOUT_SECONDS = 180;

    @Start
    void start(Stage stage) {
        prepare(stage);
    }

    private static void awaitRun(LogTimelineViewModel page) throws Exception {
        WaitForAsyncUtils.waitFor(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS,
                () -> page.runProperty().get() != null && page.pendingRunProperty().get() == null
                        && !page.runningProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(page.runErrorProperty().get()).isEmpty();
    }

    @Test
    void theCandidatePredictsTheSurvivorThenSeesBothRunsOnTheTimeline(FxRobot robot) throws Exception {
        WalkthroughWindow window = open(robot, Q2);
        WalkthroughViewModel model = window.view().model();
        assertThat(model.interviewModeProperty().get()).isTrue();
        // The stop is on the interview path: Page Down reaches it.
        while (!model.current().stop().placesFault()) {
            int before = model.indexProperty().get();
            robot.type(KeyCode.PAGE_DOWN);
            WaitForAsyncUtils.waitForFxEvents();
            assertThat(model.indexProperty().get()).as("the interview path reaches the timeline stop")
                    .isGreaterThan(before);
        }
        StopState state = model.current();
        Stop stop = state.stop();
        WaitForAsyncUtils.waitFor(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS,
                () -> state.answerProperty().get() != null || !state.measureErrorProperty().get().isEmpty());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(state.measureErrorProperty().get()).isEmpty();

        // The oracle: the simulator itself, with the cut where the stop puts it and one gap later.
        LogRunResult here = StopRunner.run(stop).log();
        AnswerKey.Move later = AnswerKey.move(stop, 1);
        AnswerKey.Move earlier = AnswerKey.move(stop, -1);
        List<String> survivors = here.lostEntries().stream().filter(e -> !later.there().lostEntries().contains(e))
                .map(e -> "e" + e).toList();
        assertThat(survivors).as("a one-event move saves an entry").isNotEmpty();
        assertThat(state.answerProperty().get().accepted()).containsExactlyInAnyOrderElementsOf(survivors);

        // Before the reveal: the question and the choices, no timeline, no result.
        assertThat(robot.lookup("#log-timeline-page").tryQuery()).isEmpty();
        assertThat(robot.lookup("#prediction-result").tryQuery()).isEmpty();
        assertThat(robot.lookup("#fault-moves").tryQuery()).isEmpty();

        robot.clickOn("#choice-" + survivors.get(0));
        assertThat(state.predictionLockedProperty().get()).isTrue();
        robot.type(KeyCode.R);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#prediction-result").queryLabeled().getText())
                .startsWith("Predicted: " + survivors.get(0) + "  —  right");

        // The timeline page, with the power cut after the stop's event: the entries it loses are on screen.
        LogTimelineViewModel page = window.view().currentStopView().timeline().model();
        assertThat(robot.lookup("#log-timeline-page").tryQuery()).isPresent();
        awaitRun(page);
        assertThat(page.faultAfterProperty().get()).isEqualTo(stop.faultAfter());
        LogTimelineCanvas canvas = window.view().currentStopView().timeline().canvas();
        assertThat(page.atEnd()).as("the timeline opens at the end of the run, where the forensics are").isTrue();
        assertThat(TimelineCanvasProbe.faultCardInView(canvas, page.runProperty().get()))
                .as("with the red fault card in view").isTrue();
        assertShows(robot, page, here);

        // One event later: the survivors are kept, and the page says so.
        robot.clickOn("#move-fault-later");
        awaitRun(page);
        assertThat(page.faultAfterProperty().get()).isEqualTo(later.to());
        assertThat(page.atEnd()).as("a cursor at the end stays at the end of the new run").isTrue();
        assertThat(TimelineCanvasProbe.faultCardInView(canvas, page.runProperty().get()))
                .as("the moved fault card is in view").isTrue();
        assertShows(robot, page, later.there());
        for (String survivor : survivors) {
            assertThat(robot.lookup("#forensics-" + survivor).tryQuery()).as(survivor + " kept").isEmpty();
        }

        // Back where the stop put it, and one event earlier: each the simulator's own run.
        robot.clickOn("#move-fault-back");
        awaitRun(page);
        assertThat(page.faultAfterProperty().get()).isEqualTo(stop.faultAfter());
        assertShows(robot, page, here);
        if (earlier.to() >= 0) {
            robot.clickOn("#move-fault-earlier");
            awaitRun(page);
            assertThat(page.faultAfterProperty().get()).isEqualTo(earlier.to());
            assertShows(robot, page, earlier.there());
        }
    }

    /** The page shows {@code expected}'s outcome: its verdict and a forensics line for each lost entry, no other. */
    private static void assertShows(FxRobot robot, LogTimelineViewModel page, LogRunResult expected) throws Exception {
        LogRunResult shown = page.runProperty().get().result();
        assertThat(shown.lostEntries()).isEqualTo(expected.lostEntries());
        assertThat(shown.duplicateEntries()).isEqualTo(expected.duplicateEntries());
        assertThat(robot.lookup("#verdict").queryLabeled().getText()).isEqualTo(LogVerdict.of(expected).headline());
        robot.interact(() -> page.cursor().toEnd());
        WaitForAsyncUtils.waitForFxEvents();
        for (int entry = 0; entry < page.runProperty().get().journal().size(); entry++) {
            boolean lost = expected.lostEntries().contains(entry) || expected.duplicateEntries().contains(entry);
            assertThat(robot.lookup("#forensics-e" + entry).tryQuery().isPresent()).as("forensics name e" + entry)
                    .isEqualTo(lost);
        }
    }
}
