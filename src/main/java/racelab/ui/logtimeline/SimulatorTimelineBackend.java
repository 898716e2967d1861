package racelab.ui.logtimeline;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import racelab.logsim.LogSimulation;
import racelab.logsim.scene.Fault;
import racelab.logsim.scene.LogScene;
import racelab.logsim.trace.StepOptions;
import racelab.logsim.trace.SteppedRun;

/**
 * The timeline page's runs on the real simulator: the scene with its first fault moved "after event N"
 * ({@link LogSimulation#runStepped}), recorded whole for a step scene or in a window of simulated time around the
 * fault for a big one.
 */
public final class SimulatorTimelineBackend implements TimelineBackend {

    /** Simulated time recorded before and after a big scene's fault; the cards are then cut to the window's events. */
    static final long WINDOW_BEFORE_MS = 2_000;
    static final long WINDOW_AFTER_MS = 20_000;
    /** A cap on the events one recorded window may keep (memory), far above the cards shown. */
    static final int WINDOW_EVENTS_MAX = 20_000;

    @Override
    public TimelineRun run(LogTimelineViewModel.RunRequest request, BooleanSupplier cancelled) throws Exception {
        LogScene scene = withFaultAfter(request.scene(), request.faultAfter());
        StepOptions options = request.window().whole() ? StepOptions.ALL : windowAround(request);
        SteppedRun stepped = LogSimulation.runStepped(scene, scene.seed(), request.overrides(), cancelled, options);
        TimelineRun run = TimelineRuns.of(stepped);
        return request.window().whole() ? run : TimelineRuns.around(run, request.window());
    }

    /** The scene with its first fault placed after event {@code n} of the trace (-1: as written). */
    public static LogScene withFaultAfter(LogScene scene, int n) {
        if (n < 0 || scene.faults().isEmpty()) {
            return scene;
        }
        List<Fault> faults = new ArrayList<>(scene.faults());
        faults.set(0, faults.get(0).afterEvent(n, ""));
        return new LogScene(scene.id(), scene.file(), scene.title(), scene.seed(), scene.settings(), scene.fix(),
                scene.modes(), scene.expect(), scene.workload(), faults, scene.powerDomains(), scene.durationMs(),
                scene.narration());
    }

    private static StepOptions windowAround(LogTimelineViewModel.RunRequest request) {
        long faultMs = request.faultTimeMs() >= 0 ? request.faultTimeMs()
                : request.scene().faults().isEmpty() ? 0 : request.scene().faults().get(0).atMs();
        return StepOptions.window(Math.max(0, faultMs - WINDOW_BEFORE_MS), faultMs + WINDOW_AFTER_MS,
                WINDOW_EVENTS_MAX);
    }
}
