package racelab.ui.logtimeline;

import java.util.function.BooleanSupplier;
import racelab.logsim.trace.FaultSweep;

/** What the timeline page needs from the simulator; called off the FX thread. */
public interface TimelineBackend {

    /** Runs the request's scene with its fault after the requested event and builds what the page shows. */
    TimelineRun run(LogTimelineViewModel.RunRequest request, BooleanSupplier cancelled) throws Exception;

    /** Runs the scene's movable fault at every position of its trace ({@code log-explore}) for the strip. */
    FaultSweep.Result sweep(LogTimelineViewModel.SweepRequest request, BooleanSupplier cancelled) throws Exception;

    /** The compare page's two columns for the fault after event {@code faultAfter}: as written, and under the fix. */
    java.util.List<racelab.compare.LogPreset> comparePresets(racelab.logsim.scene.LogScene scene, int faultAfter)
            throws Exception;
}
