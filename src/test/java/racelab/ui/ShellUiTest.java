package racelab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import javafx.application.Application;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.framework.junit5.Start;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

class ShellUiTest extends LabUiTestBase {

    @Start
    void start(Stage stage) {
        launch(stage);
    }

    @Test
    void theLibraryListsTheProjectsScenesUnderTheirQuestion(FxRobot robot) {
        assertThat(stage.getTitle()).isEqualTo("Ledger Race Lab");
        assertThat(robot.lookup("Question 1 · SQL ledger races").tryQuery()).isPresent();
        assertThat(robot.lookup("Two withdrawals race past the balance check").tryQuery()).isPresent();
    }

    @Test
    void searchingNarrowsTheLibrary(FxRobot robot) {
        robot.clickOn("#library-search").write("no scene is called like this");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("Two withdrawals race past the balance check").tryQuery()).isEmpty();

        robot.interact(() -> app.window().model().searchProperty().set("withdrawals"));
        assertThat(robot.lookup("Two withdrawals race past the balance check").tryQuery()).isPresent();
    }

    @Test
    void aBrokenSceneShowsItsLocatedErrorInsteadOfCrashing(FxRobot robot, @TempDir Path folder) throws Exception {
        Path broken = folder.resolve("broken.yaml");
        Files.writeString(broken, String.join("\n",
                "id: broken",
                "kind: ledger",
                "title: A trainer's typo",
                "accounts:",
                "  - { id: alice, balance: lots }",
                "transfers: []",
                "mitigation: naive",
                "schedule: []",
                ""));

        robot.interact(() -> app.window().model().open(broken));

        String location = robot.lookup("#error-location").queryLabeled().getText();
        assertThat(location).isEqualTo(broken + ":5:27");
        assertThat(robot.lookup("#error-problem").queryLabeled().getText()).contains("whole number");
        assertThat(robot.lookup(".line-bad").tryQuery()).isPresent();
        assertThat(stage.isShowing()).isTrue();

        Files.writeString(broken, Files.readString(broken).replace("lots", "100"));
        robot.clickOn("#error-reload");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#error-location").tryQuery()).isPresent();
        assertThat(robot.lookup("#error-problem").queryLabeled().getText()).doesNotContain("whole number");
    }

    @Test
    void fuzzedFilesShowTheLoadersOwnMessageInTheErrorPanel(FxRobot robot, @TempDir Path folder) throws Exception {
        Path deep = folder.resolve("deep.yaml");
        Files.writeString(deep, "id: deep\nkind: log\nnarration: " + "[".repeat(10_000) + "\n");
        Path binary = folder.resolve("binary.yaml");
        Files.write(binary, new byte[] {'i', 'd', ':', ' ', (byte) 0xC3, (byte) 0x28, '\n'});
        Path huge = folder.resolve("huge.yaml");
        Files.writeString(huge, "id: huge\nkind: ledger\n#" + "x".repeat(racelab.scenario.SceneLimits.FILE_BYTES_MAX));
        Path longId = folder.resolve("long-id.yaml");
        Files.writeString(longId, Files.readString(Path.of("scenes/double-spend.yaml")).replace("id: bob",
                "id: " + "b".repeat(100_000)));

        for (Path file : java.util.List.of(deep, binary, huge, longId)) {
            racelab.scenario.SceneFormatException expected = catchLoaderError(file);
            robot.interact(() -> app.window().model().open(file));
            WaitForAsyncUtils.waitForFxEvents();
            String location = robot.lookup("#error-location").queryLabeled().getText();
            String problem = robot.lookup("#error-problem").queryLabeled().getText();
            assertThat(location).isEqualTo(file + ":" + expected.line() + ":" + expected.column());
            assertThat(problem).contains(expected.problem()).doesNotContain("Exception");
            assertThat(stage.isShowing()).isTrue();
        }
    }

    private static racelab.scenario.SceneFormatException catchLoaderError(Path file) {
        try {
            String text = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
            if (text.contains("kind: log")) {
                racelab.logsim.scene.LogSceneLoader.load(file);
            } else {
                racelab.scenario.LedgerSceneLoader.load(file);
            }
        } catch (racelab.scenario.SceneFormatException e) {
            return e;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new AssertionError(file + " was accepted");
    }

    @Test
    void theThemeSwitchGoesDarkAndIsRemembered(FxRobot robot) {
        robot.clickOn("#theme-switch .thumb-area");
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(Application.getUserAgentStylesheet()).contains("primer-dark");
        assertThat(preferences().dark()).isTrue();

        robot.clickOn("#theme-switch .thumb-area");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(Application.getUserAgentStylesheet()).contains("primer-light");
    }

    @Test
    void closingTheWindowRemembersItsSize(FxRobot robot) {
        robot.interact(() -> {
            stage.setWidth(1111);
            stage.setHeight(777);
            stage.hide();
        });

        assertThat(preferences().widthPx(0)).isEqualTo(1111);
        assertThat(preferences().heightPx(0)).isEqualTo(777);
    }

    @Test
    void measureFixesOpensTheBenchmarkPageInItsOwnWindow(FxRobot robot) {
        robot.clickOn("#open-bench");
        WaitForAsyncUtils.waitForFxEvents();
        javafx.stage.Window bench = javafx.stage.Window.getWindows().stream()
                .filter(w -> w.getScene() != null && w.getScene().lookup("#bench-view") != null)
                .findFirst().orElseThrow();
        assertThat(bench.isShowing()).isTrue();
        assertThat(((Stage) bench).getOwner()).isSameAs(stage);
        robot.interact(((Stage) bench)::close);
    }

    @Test
    void theHeaderComesFromFxmlWithEveryActionAndTheAboutBoxNamesTheVersion(FxRobot robot) {
        for (String id : new String[] {"#open-compare", "#open-bench", "#open-file", "#recent-files", "#theme-switch",
            "#about"}) {
            assertThat(robot.lookup(id).tryQuery()).as(id).isPresent();
        }
        // The walkthroughs menu is a tool inserted by code before "Compare fixes".
        javafx.scene.layout.HBox header = (javafx.scene.layout.HBox) robot.lookup("#open-compare").query().getParent();
        int compare = header.getChildren().indexOf(robot.lookup("#open-compare").query());
        assertThat(header.getChildren().get(compare - 1)).isInstanceOf(javafx.scene.control.MenuButton.class);

        robot.clickOn("#about");
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.control.Labeled title = robot.lookup("#about-dialog .title-3").queryLabeled();
        assertThat(title.getText()).isEqualTo("Ledger Race Lab " + racelab.cli.LabVersion.version());
        assertThat(racelab.cli.LabVersion.version()).isNotEqualTo("unknown");
        robot.interact(() -> ((javafx.stage.Stage) title.getScene().getWindow()).close());
    }
}
