package racelab.ui.compare;

import java.io.IOException;
import java.nio.file.Path;
import racelab.cli.UsageException;
import racelab.compare.ComparedRun;
import racelab.compare.Comparison;
import racelab.ui.LabWindow;
import racelab.ui.Motion;
import racelab.ui.snapshot.HeadlessFx;
import racelab.ui.snapshot.SnapshotCommand;

/**
 * Renders a finished comparison headless, exactly as the compare page shows it, sized so every column fits: the
 * PNG of {@code compare SCENE --png FILE}.
 */
public final class CompareSnapshot {

    private static final double MIN_HEIGHT_PX = 700;

    private CompareSnapshot() {
    }

    /**
     * @param step schedule steps to show as released; null for the end, where the outcome badges appear
     */
    public static void write(Comparison comparison, Integer step, boolean dark, Path png)
            throws UsageException, IOException {
        HeadlessFx.start();
        Motion.setStepDuration(javafx.util.Duration.ZERO);
        IOException[] failure = new IOException[1];
        SnapshotCommand.onFx(() -> {
            LabWindow.applyTheme(dark);
            CompareViewModel model = new CompareViewModel(comparison.scene(),
                    comparison.runs().stream().map(ComparedRun::mitigation).toList());
            comparison.runs().forEach(run -> model.accept(run.run()));
            // The view first: the replay bar follows cursor moves, it does not read the start position.
            CompareView view = new CompareView(model, null);
            if (step == null) {
                model.cursor().toEnd();
            } else {
                model.cursor().positionProperty().set(step);
            }
            try {
                CompareExport.writeOffscreenPng(view, view::fullWidthPx, MIN_HEIGHT_PX, png);
            } catch (IOException e) {
                failure[0] = e;
            }
            return null;
        });
        if (failure[0] != null) {
            throw failure[0];
        }
    }
}
