package racelab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Files;
import java.nio.file.Path;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import racelab.explore.ExploreResult;
import racelab.scenario.StepRef;
import racelab.ui.explore.ExplorerView;
import racelab.ui.explore.ExplorerViewModel;
import racelab.ui.ledger.LedgerWorkbenchView;
import racelab.ui.ledger.LedgerWorkbenchViewModel;

class ExplorerUiTest extends LabUiTestBase {

    @Start
    void start(Stage stage) {
        launch(stage);
    }

    private LedgerWorkbenchViewModel openDoubleSpend(FxRobot robot) throws Exception {
        robot.clickOn("Two withdrawals race past the balance check");
        return ledgerPage();
    }

    private static void awaitSearch(ExplorerView explorer) throws Exception {
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !explorer.model().runningProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static int index(List<StepRef> schedule, String step) {
        return schedule.indexOf(StepRef.parseOrNull(step));
    }

    @Test
    void naiveDoubleSpendShowsViolationsAndASmallestCounterexampleThatFailsOnTheTimeline(FxRobot robot)
            throws Exception {
        LedgerWorkbenchViewModel page = openDoubleSpend(robot);
        // Start from a sound fix, so the violated verdict below can only come from the loaded counterexample.
        robot.interact(() -> page.mitigationProperty().set("for-update"));
        awaitRun(page);
        assertThat(page.verdictProperty().get()).isEqualTo("safe");

        robot.clickOn("#open-explorer");
        ExplorerView explorer = robot.lookup("#explorer").query();
        robot.interact(() -> explorer.model().mitigationProperty().set("naive"));
        robot.clickOn(robot.from(explorer).lookup("#explore-run").queryButton());
        awaitSearch(explorer);

        ExploreResult result = explorer.model().resultProperty().get();
        assertThat(result.complete()).isTrue();
        assertThat(result.count(racelab.explore.Outcome.VIOLATED)).isPositive();
        Label violated = robot.from(explorer).lookup("#outcome-violated").query();
        assertThat(violated.getText()).isEqualTo("violated  " + result.count(racelab.explore.Outcome.VIOLATED));
        assertThat(robot.from(explorer).lookup("#explore-summary").queryLabeled().getText())
                .contains(result.pruned() + " pruned");
        assertThat(explorer.model().violating()).hasSize(result.violating().size()).isNotEmpty();

        List<StepRef> minimal = result.minimal().schedule();
        assertThat(robot.from(explorer).lookup("#explore-minimal").queryLabeled().getText())
                .isEqualTo(String.join("  ", result.minimal().scheduleText()));
        // Both checks before both applies: the race in its smallest form.
        int lastCheck = Math.max(index(minimal, "T1.check"), index(minimal, "T2.check"));
        int firstApply = Math.min(index(minimal, "T1.apply"), index(minimal, "T2.apply"));
        assertThat(lastCheck).isLessThan(firstApply);

        robot.clickOn(robot.from(explorer).lookup("#explore-load-minimal").queryButton());
        awaitRun(page);
        assertThat(page.mitigationProperty().get()).isEqualTo("naive");
        assertThat(page.editor().schedule()).containsExactlyElementsOf(minimal);
        assertThat(page.verdictProperty().get()).isEqualTo("violated");
        assertThat(robot.lookup("#verdict").queryLabeled().getText()).isEqualTo("VIOLATED");
        robot.interact(() -> explorer.getScene().getWindow().hide());
    }

    @Test
    void cancellingTheAllMitigationsSearchStopsItAndLeavesNoLaneThreads(FxRobot robot, @TempDir Path dir)
            throws Exception {
        // Three withdrawals: tens of thousands of schedules per fix, so the cancel always lands mid-search. With
        // the double spend, the whole eleven-fix search could finish before the robot's click (seen at load 25).
        Path three = dir.resolve("three-withdrawals.yaml");
        Files.writeString(three, String.join("\n", "id: three-withdrawals", "kind: ledger",
                "title: Three withdrawals race past the balance check",
                "accounts:", "  - { id: alice, balance: 100, constraint: non-negative }", "  - { id: bob, balance: 0 }",
                "transfers:", "  - { id: T1, from: alice, to: bob, amount: 40 }",
                "  - { id: T2, from: alice, to: bob, amount: 40 }", "  - { id: T3, from: alice, to: bob, amount: 40 }",
                "mitigation: naive",
                "schedule: [T1.begin, T1.check, T2.begin, T2.check, T3.begin, T3.check, T1.apply, T1.commit, "
                        + "T2.apply, T2.commit, T3.apply, T3.commit]",
                "narration: three at once", ""));
        robot.interact(() -> app.window().model().open(three));
        ledgerPage();
        LedgerWorkbenchView view = robot.lookup("#ledger-workbench").query();
        ExplorerView[] opened = new ExplorerView[1];
        robot.interact(() -> opened[0] = view.showExplorer());
        ExplorerView explorer = opened[0];
        assertThat(explorer.model().scene().id()).isEqualTo("three-withdrawals");
        robot.interact(() -> explorer.model().mitigationProperty().set(ExplorerViewModel.ALL));
        robot.clickOn(robot.from(explorer).lookup("#explore-run").queryButton());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> explorer.model().progressProperty().get() > 0);
        robot.clickOn(robot.from(explorer).lookup("#explore-cancel").queryButton());
        awaitSearch(explorer);

        assertThat(explorer.model().statusProperty().get()).startsWith("Cancelled");
        assertThat(explorer.model().matrix()).hasSizeLessThan(explorer.model().plannedMitigations().size());
        assertThat(explorer.model().matrix()).anyMatch(r -> !r.complete());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> laneThreads().isEmpty());
        assertThat(laneThreads()).isEmpty();
        assertThat(explorer.searching()).isFalse();
        robot.interact(() -> explorer.getScene().getWindow().hide());
    }

    private static List<String> laneThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith("ledger-lane-")).toList();
    }
}
