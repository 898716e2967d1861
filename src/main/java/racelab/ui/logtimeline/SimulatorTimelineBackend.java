package racelab.ui.logtimeline;

import java.util.Map;
import java.util.function.BooleanSupplier;
import racelab.logsim.LogSimulation;
import racelab.logsim.scene.Fault;
import racelab.logsim.scene.LogScene;
import racelab.logsim.trace.FaultSweep;
import racelab.logsim.trace.StepOptions;
import racelab.logsim.trace.StepTrace;
import racelab.logsim.trace.SteppedRun;

/**
 * The timeline page's runs on the real simulator: the scene with its first fault moved "after event N"
 * ({@link LogSimulation#runStepped}), recorded whole for a step scene or in a window of simulated time around the
 * fault for a big one.
 */
public final class SimulatorTimelineBackend implements TimelineBackend {

    /** Simulated time recorded before and after a big scene's fault; the cards are then cut to the window's events. */
    static final long WINDOW_BEFORE_MS = 500;
    static final long WINDOW_AFTER_MS = 20_000;
    /** A cap on the events one recorded window may keep (memory), far above the cards shown. */
    static final int WINDOW_EVENTS_MAX = 20_000;

    /** The last fault-free trace run: a drag moves only the fault, so the run without it is the same every time. */
    private volatile FaultFreeRun lastFaultFree;

    /** The trace of a scene without its movable fault, under some overrides, over one recording window. */
    private record FaultFreeRun(LogScene scene, Map<String, String> overrides, StepOptions options, StepTrace trace) {
    }

    @Override
    public TimelineRun run(LogTimelineViewModel.RunRequest request, BooleanSupplier cancelled) throws Exception {
        LogScene scene = withFaultAfter(request.scene(), request.faultAfter());
        StepOptions options = request.window().whole() ? StepOptions.ALL : windowAround(request);
        SteppedRun stepped = LogSimulation.runStepped(scene, scene.seed(), request.overrides(), cancelled, options);
        Fault movable = FaultSweep.defaultFault(request.scene());
        TimelineRun run = TimelineRuns.of(stepped, movable == null ? null : movable.kind(), request.faultAfter(),
                faultFree(request.scene(), movable, request.overrides(), options, cancelled));
        return request.window().whole() ? run : TimelineRuns.around(run, request.window());
    }

    /**
     * The run without the movable fault, recorded over the same window but without entry states (only its events are
     * read): where a drop of the fault card lands is a gap of this run. Kept between drags of one page.
     */
    private StepTrace faultFree(LogScene scene, Fault movable, Map<String, String> overrides, StepOptions options,
            BooleanSupplier cancelled) throws Exception {
        FaultFreeRun cached = lastFaultFree;
        if (cached != null && cached.scene() == scene && cached.overrides().equals(overrides)
                && cached.options().equals(options)) {
            return cached.trace();
        }
        LogScene without = movable == null ? scene : FaultSweep.without(scene, movable);
        StepOptions eventsOnly = new StepOptions(options.fromMs(), options.toMs(), options.eventsMax(), 0);
        StepTrace trace = LogSimulation.runStepped(without, scene.seed(), overrides, cancelled, eventsOnly).trace();
        lastFaultFree = new FaultFreeRun(scene, Map.copyOf(overrides), options, trace);
        return trace;
    }

    /** One sweep thread: the machine's other cores stay for the page's own runs and the toolkit. */
    static final int SWEEP_THREADS = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    /** The strip is for step scenes; a scene with more gaps than this is refused by the sweep. */
    static final int SWEEP_POSITIONS_MAX = 2_000;

    @Override
    public FaultSweep.Result sweep(LogTimelineViewModel.SweepRequest request, BooleanSupplier cancelled)
            throws Exception {
        LogScene scene = request.scene();
        Fault movable = FaultSweep.defaultFault(scene);
        if (movable == null) {
            throw new IllegalArgumentException("the scene has no fault to place");
        }
        return FaultSweep.sweep(scene, scene.seed(), request.overrides(), movable, SWEEP_THREADS, cancelled,
                SWEEP_POSITIONS_MAX);
    }

    @Override
    public java.util.List<racelab.compare.LogPreset> comparePresets(LogScene scene, int faultAfter) throws Exception {
        return SameFaultUnderFix.presets(scene, Math.max(0, faultAfter), () -> false);
    }

    /**
     * The scene with the fault the user moves placed after event {@code n} of the trace (-1: as written). It is the
     * fault {@code log-explore} sweeps ({@link FaultSweep#defaultFault}): the one that decides, after any that only
     * set the stage (a replication lag).
     */
    public static LogScene withFaultAfter(LogScene scene, int n) {
        Fault movable = FaultSweep.defaultFault(scene);
        if (n < 0 || movable == null) {
            return scene;
        }
        return FaultSweep.placed(scene, movable, n);
    }

    private static StepOptions windowAround(LogTimelineViewModel.RunRequest request) {
        Fault movable = FaultSweep.defaultFault(request.scene());
        long faultMs = request.faultTimeMs() >= 0 ? request.faultTimeMs() : movable == null ? 0 : movable.atMs();
        return StepOptions.window(Math.max(0, faultMs - WINDOW_BEFORE_MS), faultMs + WINDOW_AFTER_MS,
                WINDOW_EVENTS_MAX);
    }
}
