package racelab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import javafx.scene.control.Button;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import racelab.ui.crosscheck.CrossCheckView;
import racelab.ui.logview.LogSceneViewModel;

/** "Check against real Kafka…": opening starts nothing, a power-cut scene says why not, Cancel leaves no process. */
class CrossCheckUiTest extends LabUiTestBase {

    @Start
    void start(Stage stage) {
        launch(stage);
    }

    private CrossCheckView open(FxRobot robot, String sceneFile) throws Exception {
        robot.interact(() -> app.window().model().open(java.nio.file.Path.of("scenes", sceneFile)));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> app.window().model().pageProperty().get() instanceof LogSceneViewModel);
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#open-crosscheck");
        WaitForAsyncUtils.waitForFxEvents();
        return robot.lookup("#crosscheck").query();
    }

    private static long childJvms() {
        return racelab.testsupport.KafkaChildren.alive();
    }

    @Test
    void aPowerCutSceneIsSimulatedOnlyAndSaysThePageCacheIsWhy(FxRobot robot) throws Exception {
        CrossCheckView view = open(robot, "f9-power-cut-no-fsync.yaml");
        assertThat(view.model().verdict().checkable()).isFalse();
        assertThat(view.model().statementProperty().get()).startsWith("Simulated only").contains("page cache")
                .contains("Stated in the scene file at scenes/f9-power-cut-no-fsync.yaml:");
        assertThat(robot.from(view).lookup("#crosscheck-statement").queryLabeled().getText())
                .isEqualTo(view.model().statementProperty().get());
        Button run = robot.from(view).lookup("#crosscheck-run").queryButton();
        assertThat(run.isVisible()).isFalse();
        assertThat(childJvms()).isZero();
        robot.interact(() -> view.getScene().getWindow().hide());
    }

    @Test
    void openingStartsNothingAndCancelStopsEveryKafkaProcess(FxRobot robot) throws Exception {
        CrossCheckView view = open(robot, "f1-alos-double-apply.yaml");
        assertThat(view.model().verdict().checkable()).isTrue();
        assertThat(view.model().statusProperty().get()).contains("Nothing runs until you press Run");
        assertThat(view.model().statementProperty().get()).startsWith("On real Kafka: kill -9")
                .contains("Stated in the scene file at scenes/f1-alos-double-apply.yaml:");
        assertThat(childJvms()).as("opening the window starts no process").isZero();

        robot.clickOn(robot.from(view).lookup("#crosscheck-run").queryButton());
        // Cancel while the broker JVM is starting (the engine test cancels later in a run).
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> childJvms() > 0);
        robot.clickOn(robot.from(view).lookup("#crosscheck-cancel").queryButton());
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !view.model().runningProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.model().statusProperty().get()).startsWith("Cancelled");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> childJvms() == 0);
        robot.interact(() -> view.getScene().getWindow().hide());
    }
}
