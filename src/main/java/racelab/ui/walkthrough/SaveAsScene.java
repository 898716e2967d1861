package racelab.ui.walkthrough;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.TextInputDialog;
import javafx.stage.FileChooser;
import racelab.scenario.LedgerScene;
import racelab.scenario.StepRef;
import racelab.ui.shell.SceneFiles;
import racelab.walkthrough.LedgerSceneWriter;

/**
 * "Save as scene…" on the ledger timeline: the schedule and mitigation on screen, under a new title, as a scene
 * file a walkthrough can name; it reloads as the same scene.
 */
public final class SaveAsScene {

    private SaveAsScene() {
    }

    /** Asks for a title and a file, then writes the scene atomically; errors are shown, never thrown. */
    public static void show(Node owner, LedgerScene scene, String mitigation, List<StepRef> schedule) {
        TextInputDialog ask = new TextInputDialog(scene.title() + " (" + mitigation + ")");
        ask.setTitle("Save as scene");
        ask.setHeaderText("A new scene with this schedule and mitigation");
        ask.setContentText("Title:");
        if (owner.getScene() != null) {
            ask.initOwner(owner.getScene().getWindow());
        }
        Optional<String> title = ask.showAndWait().map(String::strip).filter(t -> !t.isEmpty());
        if (title.isEmpty()) {
            return;
        }
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Save the scene");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Scenes (*.yaml)", "*.yaml"));
        chooser.setInitialFileName(LedgerSceneWriter.idFrom(title.get()) + ".yaml");
        File directory = SceneFiles.defaultDirectory().toFile();
        if (directory.isDirectory()) {
            chooser.setInitialDirectory(directory.getAbsoluteFile());
        }
        File chosen = chooser.showSaveDialog(owner.getScene() == null ? null : owner.getScene().getWindow());
        if (chosen == null) {
            return;
        }
        try {
            Path file = save(scene, mitigation, schedule, title.get(), chosen.toPath());
            Alert done = new Alert(Alert.AlertType.INFORMATION, "Saved " + file + ". A walkthrough stop can name it "
                    + "with scene: " + file.getFileName() + " (a path relative to the walkthrough file).");
            done.setHeaderText("Scene saved");
            done.initOwner(owner.getScene().getWindow());
            done.show();
        } catch (IOException e) {
            Alert failed = new Alert(Alert.AlertType.ERROR, "Cannot write " + chosen + ": " + e.getMessage());
            failed.initOwner(owner.getScene().getWindow());
            failed.show();
        }
    }

    /** Writes the scene on screen under {@code title}; its id comes from the file name, as scenes/README.md asks. */
    public static Path save(LedgerScene scene, String mitigation, List<StepRef> schedule, String title, Path file)
            throws IOException {
        Path target = file.getFileName().toString().endsWith(".yaml") ? file
                : file.resolveSibling(file.getFileName() + ".yaml");
        String id = LedgerSceneWriter.idFrom(target.getFileName().toString());
        LedgerSceneWriter.write(LedgerSceneWriter.derive(scene, id, title, mitigation, schedule, scene.narration()),
                target);
        return target;
    }
}
