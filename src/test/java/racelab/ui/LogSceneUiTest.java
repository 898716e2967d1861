package racelab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import racelab.logsim.result.LogRunResult;
import racelab.ui.logview.LogSceneViewModel;

class LogSceneUiTest extends LabUiTestBase {

    @Start
    void start(Stage stage) {
        launch(stage);
    }

    private LogSceneViewModel openLogScene(FxRobot robot) throws Exception {
        robot.clickOn("F1: at-least-once replays entries that the changelog already holds");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> {
            Object page = app.window().model().pageProperty().get();
            return page instanceof LogSceneViewModel && ((LogSceneViewModel) page).resultProperty().get() != null
                    && !((LogSceneViewModel) page).runningProperty().get();
        });
        WaitForAsyncUtils.waitForFxEvents();
        return (LogSceneViewModel) app.window().model().pageProperty().get();
    }

    private static void awaitResult(LogSceneViewModel page) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS,
                () -> page.pendingRunProperty().get() == null && !page.runningProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void cuttingThePowerOfTheStreamAppLeavesWrongBalancesHighlightedWithTheirLineage(FxRobot robot)
            throws Exception {
        LogSceneViewModel page = openLogScene(robot);

        robot.clickOn("#pick-app-1");
        robot.clickOn("#pick-app-1");
        assertThat(page.cutMachines()).containsExactly("app-1");
        robot.clickOn("#cut-power");
        awaitResult(page);

        LogRunResult result = page.resultProperty().get();
        assertThat(page.faults()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo("power-cut");
            assertThat(f.targets()).containsExactly("app-1");
        });
        assertThat(result.wrongAccounts()).isNotEmpty();
        assertThat(robot.lookup("#verdict").queryLabeled().getText()).isEqualTo("WRONG BALANCES");
        String account = result.wrongAccounts().get(0).account();
        Label wrong = robot.lookup("#wrong-" + account).query();
        assertThat(wrong.getStyleClass()).contains("wrong-balance");
        assertThat(robot.lookup(".wrong-balance").queryAll()).hasSize(4 * result.wrongAccounts().size());
        assertThat(robot.lookup("#machine-app-1").tryQuery()).isPresent();

        robot.clickOn(wrong);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#lineage-head").queryLabeled().getText()).startsWith(account + ": expected");
        assertThat(robot.lookup("#lineage .anomaly-badge").queryAll()).isNotEmpty();
    }

    @Test
    void cancelLeavesThePageIdleWithTheLastResultAndTheNextRunStillWorks(FxRobot robot) throws Exception {
        LogSceneViewModel page = openLogScene(robot);
        LogRunResult before = page.resultProperty().get();
        robot.clickOn("#pick-app-1");
        if (page.cutMachines().isEmpty()) {
            robot.clickOn("#pick-app-1");
        }
        assertThat(page.cutMachines()).containsExactly("app-1");
        assertThat(robot.lookup("#cancel-run").query().isVisible()).isFalse();

        // One FX turn: the run starts when it is requested, so Cancel is there to press before it can finish.
        robot.interact(() -> {
            robot.lookup("#cut-power").queryButton().fire();
            assertThat(page.runningProperty().get()).isTrue();
            assertThat(robot.lookup("#cancel-run").query().isVisible()).isTrue();
            robot.lookup("#cancel-run").queryButton().fire();
        });

        assertThat(page.runningProperty().get()).isFalse();
        assertThat(page.runErrorProperty().get()).isEqualTo("Run cancelled.");
        assertThat(robot.lookup("#cancel-run").query().isVisible()).isFalse();
        WaitForAsyncUtils.sleep(2, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(page.resultProperty().get()).as("the cancelled run's answer is dropped").isSameAs(before);

        robot.clickOn("#cut-power");
        awaitResult(page);
        assertThat(page.resultProperty().get()).isNotSameAs(before);
        assertThat(page.runErrorProperty().get()).isEmpty();
    }

    @Test
    void theSceneFixRemovesTheWrongBalances(FxRobot robot) throws Exception {
        LogSceneViewModel page = openLogScene(robot);
        assertThat(page.resultProperty().get().correct()).isFalse();

        robot.clickOn("#apply-fix .thumb-area");
        awaitResult(page);
        assertThat(page.fixAppliedProperty().get()).isTrue();

        assertThat(page.resultProperty().get().settings()).containsEntry("processing.guarantee", "exactly_once_v2");
        assertThat(page.resultProperty().get().wrongAccounts()).isEmpty();
        assertThat(robot.lookup("#verdict").queryLabeled().getText()).isEqualTo("ALL BALANCES RIGHT");
        assertThat(robot.lookup(".wrong-balance").queryAll()).isEmpty();
    }

    @Test
    void theClusterViewStepsThroughTheRunsMoments(FxRobot robot) throws Exception {
        LogSceneViewModel page = openLogScene(robot);
        int moments = page.resultProperty().get().snapshots().size();
        assertThat(moments).isGreaterThanOrEqualTo(2);

        robot.clickOn("#snapshot-previous");
        assertThat(robot.lookup("#snapshot-label").queryLabeled().getText()).startsWith("1 / " + moments);
        Node machine = robot.lookup("#machine-app-1").query();
        assertThat(machine.getPseudoClassStates().toString()).doesNotContain("down");

        robot.clickOn("#snapshot-next");
        assertThat(robot.lookup("#snapshot-label").queryLabeled().getText()).startsWith("2 / " + moments);
        assertThat(robot.lookup("#machine-app-1").query().getPseudoClassStates().toString()).contains("down");
    }
}
