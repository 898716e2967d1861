package racelab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import javafx.css.PseudoClass;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.framework.junit5.Start;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;
import racelab.scenario.StepRef;
import racelab.ui.ledger.LedgerWorkbenchView;
import racelab.ui.ledger.LedgerWorkbenchViewModel;

class LedgerSceneUiTest extends LabUiTestBase {

    @Start
    void start(Stage stage) {
        launch(stage);
    }

    private static final PseudoClass CURRENT = PseudoClass.getPseudoClass("current");

    private LedgerWorkbenchViewModel openDoubleSpend(FxRobot robot) throws Exception {
        robot.clickOn("Two withdrawals race past the balance check");
        return ledgerPage();
    }

    @Test
    void openingASceneFromTheLibraryRunsItOnH2AndShowsTheVerdict(FxRobot robot) throws Exception {
        LedgerWorkbenchViewModel page = openDoubleSpend(robot);

        assertThat(robot.lookup("#scene-title").queryLabeled().getText())
                .isEqualTo("Two withdrawals race past the balance check");
        assertThat(robot.lookup("#verdict").queryLabeled().getText()).isEqualTo("VIOLATED");
        assertThat(page.replay().sizeProperty().get()).isGreaterThanOrEqualTo(8);
        assertThat(robot.lookup("#replay-counter").queryLabeled().getText()).startsWith("step 0 / ");
        assertThat(preferences().lastScene().getFileName().toString()).isEqualTo("double-spend.yaml");
    }

    @Test
    void aDeadlockVictimIsNamedInTheVerdictEvenThoughTheLedgerStaysSafe(FxRobot robot) throws Exception {
        robot.interact(() -> app.window().model().open(java.nio.file.Path.of("scenes/opposite-transfers-deadlock.yaml")));
        LedgerWorkbenchViewModel page = ledgerPage();

        assertThat(page.verdictProperty().get()).isEqualTo("safe");
        assertThat(page.runProperty().get().steps())
                .anyMatch(step -> step.outcome() == racelab.ledger.StepOutcome.DEADLOCK_VICTIM);
        assertThat(robot.lookup("#verdict").queryLabeled().getText()).isEqualTo("SAFE · DEADLOCK VICTIM: T2");
        assertThat(robot.lookup("#verdict").queryLabeled().getStyleClass()).contains("safe", "deadlock");
    }

    @Test
    void keysAndButtonsStepForwardAndBackHighlightingTheCurrentCard(FxRobot robot) throws Exception {
        LedgerWorkbenchViewModel page = openDoubleSpend(robot);
        LedgerWorkbenchView view = robot.lookup("#ledger-workbench").query();

        robot.clickOn("#replay-forward");
        robot.type(KeyCode.RIGHT);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#replay-counter").queryLabeled().getText()).startsWith("step 2 / ");
        Node second = view.timeline().cardOf(page.replay().getCurrentStep().step());
        assertThat(page.replay().getCurrentStep().step()).isEqualTo(StepRef.parseOrNull("T1.check"));
        assertThat(second.getPseudoClassStates()).contains(CURRENT);

        robot.type(KeyCode.LEFT);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#replay-counter").queryLabeled().getText()).startsWith("step 1 / ");
        assertThat(view.timeline().cardOf(StepRef.parseOrNull("T1.begin")).getPseudoClassStates()).contains(CURRENT);
        assertThat(view.timeline().cardOf(StepRef.parseOrNull("T1.check")).getPseudoClassStates())
                .doesNotContain(CURRENT);

        robot.type(KeyCode.END);
        WaitForAsyncUtils.waitForFxEvents();
        Label alice = robot.lookup("#account-alice .amount").query();
        assertThat(alice.getText()).isEqualTo("-60");
        assertThat(robot.lookup("#account-alice .anomaly-badge").queryLabeled().getText())
                .isEqualTo("constraint violated (P4 lost update)");

        robot.type(KeyCode.HOME);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(((Label) robot.lookup("#account-alice .amount").query()).getText()).isEqualTo("100");
        assertThat(robot.lookup("#account-alice .anomaly-badge").tryQuery()).isEmpty();
    }

    @Test
    void draggingTheSecondCheckAfterTheFirstCommitMakesTheRunSafe(FxRobot robot) throws Exception {
        LedgerWorkbenchViewModel page = openDoubleSpend(robot);
        LedgerWorkbenchView view = robot.lookup("#ledger-workbench").query();
        assertThat(page.verdictProperty().get()).isEqualTo("violated");

        // T2.check moves from column 4 to column 6, just after T1.commit: T2 now reads the committed 20.
        Node check = view.timeline().cardOf(StepRef.parseOrNull("T2.check"));
        Node firstCommit = view.timeline().cardOf(StepRef.parseOrNull("T1.commit"));
        Bounds target = firstCommit.localToScreen(firstCommit.getBoundsInLocal());
        Bounds source = check.localToScreen(check.getBoundsInLocal());
        robot.drag(check, MouseButton.PRIMARY).moveTo(new Point2D(target.getCenterX(), source.getCenterY()))
                .drop();
        awaitRun(page);

        assertThat(page.editor().schedule().indexOf(StepRef.parseOrNull("T2.check"))).isEqualTo(5);
        assertThat(robot.lookup("#verdict").queryLabeled().getText()).isEqualTo("SAFE");
        assertThat(page.runProperty().get().anomalies()).isEmpty();
        assertThat(robot.lookup("#timeline-hint").queryLabeled().getText()).isEmpty();

        robot.clickOn("#reset");
        awaitRun(page);
        assertThat(robot.lookup("#verdict").queryLabeled().getText()).isEqualTo("VIOLATED");
    }

    @Test
    void droppingAStepBeforeItsOwnLanesEarlierStepIsRefusedWithAHint(FxRobot robot) throws Exception {
        LedgerWorkbenchViewModel page = openDoubleSpend(robot);
        LedgerWorkbenchView view = robot.lookup("#ledger-workbench").query();
        var before = java.util.List.copyOf(page.editor().schedule());

        Node commit = view.timeline().cardOf(StepRef.parseOrNull("T1.commit"));
        Node begin = view.timeline().cardOf(StepRef.parseOrNull("T1.begin"));
        Bounds target = begin.localToScreen(begin.getBoundsInLocal());
        Bounds source = commit.localToScreen(commit.getBoundsInLocal());
        robot.drag(commit, MouseButton.PRIMARY).moveTo(new Point2D(target.getCenterX(), source.getCenterY())).drop();
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(page.editor().schedule()).isEqualTo(before);
        assertThat(robot.lookup("#timeline-hint").queryLabeled().getText())
                .startsWith("Refused: T1.commit must stay after T1.");
    }

    @Test
    void switchingTheMitigationReRunsTheSameScheduleOffTheUiThread(FxRobot robot) throws Exception {
        LedgerWorkbenchViewModel page = openDoubleSpend(robot);

        robot.interact(() -> page.mitigationProperty().set("conditional-update"));
        awaitRun(page);

        assertThat(page.runProperty().get().mitigation()).isEqualTo("conditional-update");
        assertThat(robot.lookup("#verdict").queryLabeled().getText()).isEqualTo("SAFE");
        assertThat(robot.lookup("#mitigation-panel .title-4").queryLabeled().getText())
                .isEqualTo("Mitigation: conditional-update");
    }

    @Test
    void aStepWaitingForARowLockIsDrawnWaitingWithAnArrowToTheHolder(FxRobot robot) throws Exception {
        LedgerWorkbenchViewModel page = openDoubleSpend(robot);
        LedgerWorkbenchView view = robot.lookup("#ledger-workbench").query();
        robot.interact(() -> page.mitigationProperty().set("for-update"));
        awaitRun(page);

        // Under for-update T2's check is a locking read on alice, whose lock T1 took at its own check.
        int blocked = -1;
        for (int i = 0; i < page.replay().sizeProperty().get(); i++) {
            if (page.replay().steps().get(i).outcome() == racelab.ledger.StepOutcome.BLOCKED) {
                blocked = i;
                break;
            }
        }
        assertThat(blocked).as("H2 reported a blocked step").isNotNegative();
        int position = blocked + 1;
        robot.interact(() -> page.replay().positionProperty().set(position));

        StepRef waiting = page.replay().steps().get(blocked).step();
        Node card = view.timeline().cardOf(waiting);
        assertThat(card.getPseudoClassStates()).contains(PseudoClass.getPseudoClass("waiting"));
        assertThat(((Label) robot.from(card).lookup(".state").query()).getText())
                .isEqualTo("waits for " + page.replay().steps().get(blocked).blockedBy());
        assertThat(robot.lookup(".wait-arrow").tryQuery()).isPresent();

        robot.type(KeyCode.END);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.timeline().cardOf(waiting).getPseudoClassStates())
                .doesNotContain(PseudoClass.getPseudoClass("waiting"));
        assertThat(robot.lookup(".wait-arrow").tryQuery()).isEmpty();
    }
}
