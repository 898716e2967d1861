package racelab.ui.compare;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.stage.FileChooser;

/** The "Export…" dialog both compare pages share: pick a Markdown file, write it with its PNG, say how it went. */
final class ReportExportDialog {

    /** Writes the report to the chosen Markdown file (and its PNG beside it); returns a sentence for the user. */
    interface Export {
        String to(Path markdown) throws IOException;
    }

    private ReportExportDialog() {
    }

    /**
     * Asks for a file and exports to it; a failure is shown in {@code result} instead of escaping to the toolkit,
     * so a full disk or a read-only folder never takes the window down.
     */
    static void show(Node owner, String sceneId, Label result, Export export) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export the comparison (Markdown report + PNG)");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Markdown (*.md)", "*.md"));
        chooser.setInitialFileName("compare-" + sceneId + ".md");
        File chosen = chooser.showSaveDialog(owner.getScene() == null ? null : owner.getScene().getWindow());
        if (chosen == null) {
            return;
        }
        try {
            export.to(chosen.toPath());
        } catch (IOException | RuntimeException e) {
            result.setText("export failed: " + e.getMessage());
        }
    }
}
