package racelab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;
import racelab.ui.shell.ShellView;

/** The Recent menu, dropping a scene file onto the window, and "Reveal scenes folder", on the real app. */
class RecentFilesUiTest extends LabUiTestBase {

    @Start
    void start(Stage stage) {
        launch(stage);
    }

    private List<String> recentItems(FxRobot robot) {
        MenuButton menu = robot.lookup("#recent-files").query();
        robot.interact(() -> menu.getOnShowing().handle(null));
        List<String> texts = new ArrayList<>();
        for (MenuItem item : menu.getItems()) {
            if (item.getStyleClass().contains("recent-file")) {
                texts.add(item.getText());
            }
        }
        return texts;
    }

    @Test
    void openedScenesAreListedMostRecentFirstRememberedAndReopenedFromTheMenu(FxRobot robot) throws Exception {
        assertThat(recentItems(robot)).isEmpty();
        robot.interact(() -> app.window().model().open(Path.of("scenes/double-spend.yaml")));
        robot.interact(() -> app.window().model().open(Path.of("scenes/write-skew.yaml")));
        robot.interact(() -> app.window().model().open(Path.of("scenes/double-spend.yaml")));

        List<String> items = recentItems(robot);
        assertThat(items).hasSize(2);
        assertThat(items.get(0)).endsWith("double-spend.yaml");
        assertThat(items.get(1)).endsWith("write-skew.yaml");
        assertThat(preferences().recentScenes()).containsExactly(Path.of("scenes/double-spend.yaml").toAbsolutePath(),
                Path.of("scenes/write-skew.yaml").toAbsolutePath());

        MenuButton menu = robot.lookup("#recent-files").query();
        MenuItem writeSkew = menu.getItems().stream().filter(i -> i.getText() != null
                && i.getText().endsWith("write-skew.yaml")).findFirst().orElseThrow();
        robot.interact(writeSkew::fire);
        assertThat(app.window().model().openedFileProperty().get().toString()).endsWith("write-skew.yaml");
    }

    @Test
    void aDroppedSceneOpensAndAnythingElseIsRefusedWithANotice(FxRobot robot, @TempDir Path folder) throws Exception {
        ShellView shell = robot.lookup("#shell").query();
        assertThat(shell.getOnDragOver()).isNotNull();
        assertThat(shell.getOnDragDropped()).isNotNull();
        Method drop = ShellView.class.getDeclaredMethod("dropFiles", List.class);
        drop.setAccessible(true);

        Path notes = Files.writeString(folder.resolve("notes.txt"), "not a scene");
        boolean[] refused = new boolean[1];
        robot.interact(() -> refused[0] = invoke(drop, shell, List.of(notes.toFile())));
        assertThat(refused[0]).isFalse();
        assertThat(robot.lookup("#file-notice").queryLabeled().getText()).contains(".yaml");
        assertThat(robot.lookup("#file-notice").queryLabeled().isVisible()).isTrue();

        Path scene = folder.resolve("mine.yaml");
        Files.copy(Path.of("scenes/double-spend.yaml"), scene);
        boolean[] opened = new boolean[1];
        robot.interact(() -> opened[0] = invoke(drop, shell, List.of(notes.toFile(), scene.toFile())));
        assertThat(opened[0]).isTrue();
        assertThat(app.window().model().openedFileProperty().get().toAbsolutePath()).isEqualTo(scene.toAbsolutePath());
        assertThat(ledgerPage().runProperty().get().scene().id()).isEqualTo("double-spend");
        assertThat(recentItems(robot).get(0)).endsWith("mine.yaml");
    }

    @Test
    void revealScenesFolderShowsTheLibraryFolderOrNamesItWhenNoFileManagerRuns(FxRobot robot) {
        List<Path> shown = new ArrayList<>();
        app.window().model().setFolderRevealer(shown::add);
        MenuButton menu = robot.lookup("#recent-files").query();
        robot.interact(() -> menu.getOnShowing().handle(null));
        MenuItem reveal = menu.getItems().stream().filter(i -> "reveal-scenes".equals(i.getId())).findFirst()
                .orElseThrow();
        robot.interact(reveal::fire);
        assertThat(shown).containsExactly(app.window().model().directory().toAbsolutePath().normalize());

        app.window().model().setFolderRevealer(folder -> {
            throw new java.io.UncheckedIOException(new java.io.IOException("no xdg-open"));
        });
        robot.interact(reveal::fire);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#file-notice").queryLabeled().getText())
                .contains(app.window().model().directory().toAbsolutePath().normalize().toString());
    }

    private static boolean invoke(Method drop, ShellView shell, List<File> files) {
        try {
            return (boolean) drop.invoke(shell, files);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
