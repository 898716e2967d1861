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

    /**
     * Puts a view that no window shows into a scene with the lab's styles, lays it out at the width it asks for and
     * the height its content wants (at least {@code minHeightPx}), and saves it atomically. On the FX thread.
     *
     * @param widthPx asked again once the styles apply, because CSS spacing and padding change the width needed
     */
    static void writeOffscreenPng(javafx.scene.layout.Region view, java.util.function.DoubleSupplier widthPx,
            double minHeightPx, Path png) throws IOException {
        javafx.scene.Scene scene = new javafx.scene.Scene(view, widthPx.getAsDouble(), minHeightPx);
        scene.getStylesheets().add(CompareExport.class.getResource("/racelab/ui/lab.css").toExternalForm());
        // No window lays the scene out: lay it out by hand, then grow it to the size its content wants.
        view.applyCss();
        view.layout();
        double width = widthPx.getAsDouble();
        view.resize(width, Math.max(minHeightPx, view.prefHeight(width)));
        for (int pass = 0; pass < 3; pass++) {
            view.applyCss();
            view.layout();
        }
        writePng(view, png);
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
