package racelab.ui.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import racelab.compare.LogComparison;
import racelab.compare.LogPreset;
import racelab.logsim.scene.LogScene;
import racelab.logsim.scene.LogSceneLoader;
import racelab.ui.LabBackends;
import racelab.ui.LabPages;
import racelab.ui.LabWindow;
import racelab.ui.Motion;
import racelab.ui.ledger.LedgerWorkbenchViewModel;

/** The shell's Compare fixes toggle, and the log compare page. */
@ExtendWith(ApplicationExtension.class)
class CompareNavigationUiTest {

    private LabWindow window;

    @Start
    void start(Stage stage) {
        // TestFX reuses one primary stage for every class; an app started on it by an earlier class left a
        // hiding handler that saves to preferences that class has already removed.
        stage.setOnHiding(null);
        Motion.setStepDuration(javafx.util.Duration.ZERO);
        window = new LabWindow(new LabPages(LabBackends.ledger(), LabBackends.log()), Path.of("scenes"), false, 1240, 780);
        stage.setScene(window.scene());
        stage.show();
    }

    @Test
    void theToggleSwitchesTheOpenSceneBetweenWorkbenchAndCompare(FxRobot robot) {
        robot.interact(() -> window.model().open(Path.of("scenes/double-spend.yaml")));
        assertThat(window.model().pageProperty().get()).isInstanceOf(LedgerWorkbenchViewModel.class);
        robot.clickOn("#open-compare");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.model().pageProperty().get()).isInstanceOf(CompareViewModel.class);
        assertThat(robot.lookup("#compare-view").tryQuery()).isPresent();
        robot.interact(() -> window.model().open(Path.of("scenes/write-skew.yaml")));
        assertThat(((CompareViewModel) window.model().pageProperty().get()).scene().id()).isEqualTo("write-skew");
        robot.clickOn("#open-compare");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(window.model().pageProperty().get()).isInstanceOf(LedgerWorkbenchViewModel.class);
    }

    @Test
    void theLogComparePageShowsEveryPresetsVerdictAndCounts(FxRobot robot) throws Exception {
        LogScene scene = LogSceneLoader.load(Path.of("scenes/f5-acks1-leader-failover.yaml"));
        LogComparison comparison = LogComparison.run(scene, scene.seed(), List.of(LogPreset.AS_WRITTEN,
                LogPreset.byId("acks-all")));
        LogCompareViewModel model = new LogCompareViewModel(scene, scene.seed(), List.of(LogPreset.AS_WRITTEN,
                LogPreset.byId("acks-all")));
        robot.interact(() -> {
            LogCompareView view = new LogCompareView(model, false);
            window.scene().setRoot(view);
            comparison.runs().forEach(model::accept);
        });
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> model.completeProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#log-outcome-0").queryAs(Label.class).getText())
                .isEqualTo(comparison.runs().get(0).lost() + " lost");
        assertThat(robot.lookup("#log-outcome-1").queryAs(Label.class).getText()).isEqualTo("correct");
        assertThat(robot.lookup(".cost-figures").queryAllAs(Label.class)).extracting(Label::getText)
                .contains("lost " + comparison.runs().get(0).lost() + " · double-applied 0 · wrong balances "
                        + comparison.runs().get(0).result().wrongAccounts().size());
    }
}
