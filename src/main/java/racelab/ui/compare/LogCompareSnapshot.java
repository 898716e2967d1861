package racelab.ui.compare;

import java.io.IOException;
import java.nio.file.Path;
import racelab.cli.UsageException;
import racelab.compare.LogComparison;
import racelab.ui.LabWindow;
import racelab.ui.snapshot.HeadlessFx;
import racelab.ui.snapshot.SnapshotCommand;

/** Renders a finished log comparison headless, sized so every column fits. */
public final class LogCompareSnapshot {

    private static final double MIN_HEIGHT_PX = 560;

    private LogCompareSnapshot() {
    }

    public static void write(LogComparison comparison, boolean dark, Path png) throws UsageException, IOException {
        HeadlessFx.start();
        IOException[] failure = new IOException[1];
        SnapshotCommand.onFx(() -> {
            LabWindow.applyTheme(dark);
            LogCompareViewModel model = new LogCompareViewModel(comparison.scene(), comparison.seed(),
                    comparison.runs().stream().map(LogComparison.Column::preset).toList());
            comparison.runs().forEach(model::accept);
            LogCompareView view = new LogCompareView(model, false);
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
