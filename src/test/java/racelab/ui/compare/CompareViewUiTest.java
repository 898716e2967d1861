package racelab.ui.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.Pane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import racelab.scenario.LedgerScene;
import racelab.scenario.LedgerSceneLoader;
import racelab.scenario.StepRef;
import racelab.ui.LabBackends;
import racelab.ui.Motion;

/** The compare page on real H2 runs of the double spend, driven through its own buttons. */
@ExtendWith(ApplicationExtension.class)
class CompareViewUiTest {

    private CompareView view;
    private LedgerScene scene;

    @Start
    void start(Stage stage) throws Exception {
        // TestFX reuses one primary stage for every class; an app started on it by an earlier class left a
        // hiding handler that saves to preferences that class has already removed.
        stage.setOnHiding(null);
        Motion.setStepDuration(javafx.util.Duration.ZERO);
        racelab.ui.LabWindow.applyTheme(false);
        scene = LedgerSceneLoader.load(Path.of("scenes/double-spend.yaml"));
        view = CompareView.page(scene, LabBackends.ledger());
        Scene fxScene = new Scene(view, 1240, 780);
        fxScene.getStylesheets().add(getClass().getResource("/racelab/ui/lab.css").toExternalForm());
        stage.setScene(fxScene);
        stage.show();
    }

    private void awaitRuns() throws Exception {
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> view.model().completeProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static List<String> texts(Node box) {
        return ((Pane) box).getChildren().stream().flatMap(n -> n instanceof Pane
                ? ((Pane) n).getChildren().stream() : java.util.stream.Stream.of(n))
                .filter(n -> n instanceof Label).map(n -> ((Label) n).getText()).toList();
    }

    @Test
    void naiveIsViolatedAndForUpdateSafeAtTheEnd(FxRobot robot) throws Exception {
        awaitRuns();
        robot.clickOn("#replay-end");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#outcome-naive").queryAs(Label.class).getText()).isEqualTo("violated");
        assertThat(robot.lookup("#outcome-naive").queryAs(Label.class).getStyleClass()).contains("violated");
        Label forUpdate = robot.lookup("#outcome-for-update").queryAs(Label.class);
        assertThat(forUpdate.getText()).startsWith("safe");
        assertThat(forUpdate.getStyleClass()).contains("safe");
        assertThat(robot.lookup("#cost-for-update").queryAs(Label.class).getText()).contains("1 lock wait");
        assertThat((Object) robot.lookup("#column-naive").query()).isNotNull();
        assertThat(view.model().visibleColumns()).hasSize(11);
    }

    @Test
    void steppingMovesEveryColumnTogether(FxRobot robot) throws Exception {
        awaitRuns();
        for (int k = 1; k <= 4; k++) {
            robot.clickOn("#replay-forward");
            WaitForAsyncUtils.waitForFxEvents();
            StepRef due = scene.schedule().get(k - 1);
            assertThat(robot.lookup("#compare-step").queryAs(Label.class).getText())
                    .startsWith("step " + k + " of " + scene.schedule().size() + " · " + due);
            for (CompareColumnModel column : view.model().visibleColumns()) {
                List<String> now = texts(robot.lookup("#current-trace-" + column.mitigation()).query());
                assertThat(now).as(column.mitigation() + " at step " + k).isNotEmpty();
                if (now.get(0).startsWith("no event")) {
                    // The step's lane is still waiting on a lock (single-writer queues T2 behind T1 at begin):
                    // the column must show that wait among the steps already released.
                    assertThat(column.lines()).as(column.mitigation() + " at step " + k)
                            .anyMatch(line -> line.summary().startsWith(due.lane() + ".")
                                    && line.summary().contains("blocked by"));
                } else {
                    assertThat(now.get(0)).as(column.mitigation() + " at step " + k).startsWith(due.toString());
                }
                int released = k;
                assertThat(column.lines()).allMatch(line -> line.scheduleStep() < released);
                assertThat(robot.lookup("#outcome-" + column.mitigation()).queryAs(Label.class).getText())
                        .doesNotStartWith("safe").isNotEqualTo("violated");
            }
        }
        assertThat(texts(robot.lookup("#current-trace-for-update").query())).contains("T2.check blocked by T1");
        assertThat(texts(robot.lookup("#current-trace-naive").query())).contains("T2.check ran");
        robot.clickOn("#replay-back");
        WaitForAsyncUtils.waitForFxEvents();
        for (CompareColumnModel column : view.model().visibleColumns()) {
            assertThat(column.lines()).allMatch(line -> line.scheduleStep() < 3);
            assertThat(column.lines()).anyMatch(line -> line.current() && line.summary().startsWith("T2.begin"));
        }
    }

    @Test
    void columnsCanBeHiddenMovedAndWidened(FxRobot robot) throws Exception {
        awaitRuns();
        double narrow = ((javafx.scene.layout.Region) robot.lookup("#column-naive").query()).getWidth();
        robot.clickOn("#widen-naive");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(((javafx.scene.layout.Region) robot.lookup("#column-naive").query()).getWidth())
                .isGreaterThan(narrow);
        robot.clickOn("#move-right-naive");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.model().visibleColumns().get(1).mitigation()).isEqualTo("naive");
        robot.clickOn("#hide-repeatable-read");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#column-repeatable-read").tryQuery()).isEmpty();
        assertThat(view.columnOf("repeatable-read")).isNull();
    }

    @Test
    void exportWritesThePngAndTheMarkdownReport(FxRobot robot, @TempDir Path folder) throws Exception {
        awaitRuns();
        Path markdown = folder.resolve("report.md");
        String result = WaitForAsyncUtils.asyncFx(() -> view.export(markdown)).get(60, TimeUnit.SECONDS);
        assertThat(result).contains("report.md").contains("report.png");
        assertThat(Files.readString(markdown)).contains("![Compare view of double-spend](report.png)")
                .contains("| `naive` | violated |");
        byte[] png = Files.readAllBytes(folder.resolve("report.png"));
        assertThat(png).startsWith(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        try (var files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("no temp file left behind").containsExactlyInAnyOrder("report.md", "report.png");
        }
    }
}
