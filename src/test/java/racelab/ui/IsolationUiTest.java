package racelab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import racelab.logsim.isolate.Isolator;
import racelab.ui.isolate.IsolationView;
import racelab.ui.logview.LogSceneViewModel;

class IsolationUiTest extends LabUiTestBase {

    @Start
    void start(Stage stage) {
        launch(stage);
    }

    private static Isolator.Outcome row(IsolationView view, String prefix) {
        return view.model().rows().stream().filter(o -> o.label().startsWith(prefix)).findFirst().orElseThrow();
    }

    @Test
    void exactlyOnceAloneRemovesTheDamageOfTheAtLeastOnceScene(FxRobot robot) throws Exception {
        robot.clickOn("F1: at-least-once replays entries that the changelog already holds");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                () -> app.window().model().pageProperty().get() instanceof LogSceneViewModel);
        WaitForAsyncUtils.waitForFxEvents();
        // The keyboard entry point named in the button's tooltip.
        robot.clickOn("#scene-title");
        robot.press(KeyCode.SHORTCUT, KeyCode.I).release(KeyCode.I, KeyCode.SHORTCUT);
        WaitForAsyncUtils.waitForFxEvents();
        IsolationView view = robot.lookup("#isolation").query();
        robot.interact(() -> {
            view.model().seedFromProperty().set(1);
            view.model().seedToProperty().set(3);
        });
        robot.clickOn(robot.from(view).lookup("#isolate-run").queryButton());
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> view.model().reportProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();

        Isolator.Outcome baseline = row(view, "as the scene is");
        assertThat(baseline.runs()).isEqualTo(3);
        assertThat(baseline.runsWithLoss()).isPositive();
        Isolator.Outcome exactlyOnce = row(view, "exactly-once");
        assertThat(exactlyOnce.runs()).isEqualTo(3);
        assertThat(exactlyOnce.runsWithLoss()).isZero();
        assertThat(exactlyOnce.removesLoss()).isTrue();
        assertThat(row(view, "fsync").runsWithLoss()).isPositive();
        assertThat(view.model().reportProperty().get().removingKnobs()).contains("exactly-once");
        assertThat(view.model().statusProperty().get()).contains("exactly-once");

        // Drill-down: the first failing seed's wrong accounts with the records responsible.
        assertThat(view.model().firstFailingProperty().get().correct()).isFalse();
        assertThat(robot.from(view).lookup("#isolate-first-seed").queryLabeled().getText())
                .startsWith("First failing seed " + view.model().firstFailingProperty().get().seed());
        javafx.scene.control.ListView<String> lineage = robot.from(view).lookup("#isolate-lineage").query();
        assertThat(lineage.getItems()).isNotEmpty();
        assertThat(lineage.getItems().get(0)).contains("expected");

        robot.clickOn(robot.from(view).lookup("#isolate-shrink").queryButton());
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> view.model().shrunkProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        var shrunk = view.model().shrunkProperty().get();
        assertThat(shrunk.minimal()).isNotEmpty();
        assertThat(shrunk.minimal().size()).isLessThanOrEqualTo(shrunk.original().size());
        javafx.scene.control.ListView<String> faults = robot.from(view).lookup("#isolate-shrunk").query();
        assertThat(faults.getItems()).hasSize(shrunk.minimal().size());
        robot.interact(() -> view.getScene().getWindow().hide());
    }
}
