package racelab.ui.compare;

import java.io.IOException;
import java.nio.file.Path;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.WritableImage;
import racelab.compare.AtomicFiles;
import racelab.compare.CompareReport;
import racelab.compare.Comparison;
import racelab.ui.snapshot.SnapshotCommand;

/** Saves a comparison: the view as PNG (through the snapshot command's atomic writer) and the Markdown report. */
public final class CompareExport {

    private CompareExport() {
    }

    /** {@code report.md} gets {@code report.png} beside it. */
    public static Path pngNextTo(Path markdown) {
        String name = markdown.getFileName().toString();
        String base = name.endsWith(".md") ? name.substring(0, name.length() - 3) : name;
        return markdown.resolveSibling(base + ".png");
    }

    /** Renders a node that is in a scene, on the FX thread, and saves it atomically. */
    public static void writePng(Node view, Path png) throws IOException {
        view.applyCss();
        WritableImage image = view.snapshot(new SnapshotParameters(), null);
        SnapshotCommand.write(image, png);
    }

    /** The report, with the image linked relative to the report's folder. */
    public static void writeMarkdown(Comparison comparison, Path markdown, Path png) throws IOException {
        String image = null;
        if (png != null) {
            Path folder = markdown.toAbsolutePath().getParent();
            image = folder.relativize(png.toAbsolutePath()).toString().replace('\\', '/');
        }
        AtomicFiles.writeString(markdown, CompareReport.markdown(comparison, image));
    }
}
