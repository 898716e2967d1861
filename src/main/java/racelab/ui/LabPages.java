package racelab.ui;

import java.nio.file.Path;
import javafx.scene.Node;
import racelab.compare.LogPreset;
import racelab.logsim.scene.LogScene;
import racelab.scenario.SceneFormatException;
import racelab.ui.compare.CompareView;
import racelab.ui.compare.CompareViewModel;
import racelab.ui.compare.LogCompareView;
import racelab.ui.compare.LogCompareViewModel;
import racelab.ui.ledger.LedgerBackend;
import racelab.ui.ledger.LedgerWorkbenchView;
import racelab.ui.ledger.LedgerWorkbenchViewModel;
import racelab.ui.logview.LogBackend;
import racelab.ui.logview.LogSceneView;
import racelab.ui.logview.LogSceneViewModel;
import racelab.ui.shell.SceneOpener;

/**
 * The composition root of the pages: which loader opens which kind of scene, and which view shows which page
 * view model. The app, the tests and the snapshot command all build their windows through here.
 */
public final class LabPages implements SceneOpener {

    private final LedgerBackend ledger;
    private final LogBackend log;
    private final racelab.ui.logtimeline.TimelineBackend timeline;

    public LabPages(LedgerBackend ledger, LogBackend log) {
        this(ledger, log, new racelab.ui.logtimeline.SimulatorTimelineBackend());
    }

    public LabPages(LedgerBackend ledger, LogBackend log, racelab.ui.logtimeline.TimelineBackend timeline) {
        this.ledger = ledger;
        this.log = log;
        this.timeline = timeline;
    }

    @Override
    public Object open(Path file, String kind) throws SceneFormatException {
        if (kind.equals("log")) {
            LogScene scene = log.load(file);
            if (racelab.ui.logtimeline.StepScenes.isStepScene(scene)) {
                return new racelab.ui.logtimeline.LogTimelineViewModel(scene, -1,
                        racelab.ui.logtimeline.TimelineWindow.WHOLE_RUN);
            }
            return new LogSceneViewModel(scene, log.machines(scene));
        }
        return new LedgerWorkbenchViewModel(ledger.load(file));
    }

    @Override
    public Object compare(Path file, String kind) throws SceneFormatException {
        if (kind.equals("log")) {
            LogScene scene = log.load(file);
            return new LogCompareViewModel(scene, scene.seed(), LogPreset.defaults());
        }
        return new CompareViewModel(ledger.load(file), mitigationIds(kind));
    }

    /** Mitigation ids a scene of this kind can be run under. */
    public java.util.List<String> mitigationIds(String kind) {
        java.util.List<String> ids = new java.util.ArrayList<>();
        if (kind.equals("log")) {
            return ids;
        }
        // Only those the chosen database runs (advisory-lock needs PostgreSQL); the ledger page's chooser shows the
        // others greyed out with the reason.
        ledger.mitigations().stream().filter(m -> ledger.unavailableReason(m.id()) == null)
                .forEach(m -> ids.add(m.id()));
        return ids;
    }

    /** The header's database switch the ledger pages follow, or null when they always run on H2. */
    public DatabaseSelection database() {
        return ledger.database();
    }

    /** The view for a page view model. */
    public Node viewOf(Object page) {
        if (page instanceof LogSceneViewModel) {
            return new LogSceneView((LogSceneViewModel) page, log);
        }
        if (page instanceof racelab.ui.logtimeline.LogTimelineViewModel) {
            return new racelab.ui.logtimeline.LogTimelineView((racelab.ui.logtimeline.LogTimelineViewModel) page,
                    timeline);
        }
        if (page instanceof LedgerWorkbenchViewModel) {
            return new LedgerWorkbenchView((LedgerWorkbenchViewModel) page, ledger);
        }
        if (page instanceof LogCompareViewModel) {
            return new LogCompareView((LogCompareViewModel) page, true);
        }
        if (page instanceof CompareViewModel) {
            return new CompareView((CompareViewModel) page, ledger);
        }
        throw new IllegalArgumentException("no view for " + page);
    }
}
