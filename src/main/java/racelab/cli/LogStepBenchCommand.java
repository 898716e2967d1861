package racelab.cli;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import racelab.logsim.LogSimulation;
import racelab.logsim.config.SettingException;
import racelab.logsim.scene.Fault;
import racelab.logsim.scene.LogScene;
import racelab.logsim.trace.FaultSweep;
import racelab.logsim.trace.StepOptions;
import racelab.logsim.trace.StepTrace;

/**
 * {@code log-step-bench SCENE [--moves N] [--sweeps N]}: how long the timeline waits after a fault card is dropped
 * (one recorded run of a step scene with its fault moved to a seeded random position) and how long {@code
 * log-explore} takes over every position. Wall-clock medians with the core count and the load average, because the
 * machine is shared.
 */
@Command(name = "log-step-bench", description = "Benchmark a step scene: re-running it after a fault move, and "
        + "log-explore over every position.")
final class LogStepBenchCommand extends LabCommand {

    @Mixin
    LogSceneArgs sceneArgs;

    @Option(names = "--moves", paramLabel = "N", description = "Fault moves to time, at seeded random positions (1..1000).")
    int moves = 40;

    @Option(names = "--sweeps", paramLabel = "N", description = "Whole log-explore sweeps to time (0..20).")
    int sweeps = 3;

    @Option(names = "--warmup", paramLabel = "N", description = "Untimed runs first, so the JIT has compiled the "
            + "simulator as in a running app (0..100).")
    int warmup = 10;

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws UsageException {
        if (moves < 1 || moves > 1000 || sweeps < 0 || sweeps > 20 || warmup < 0 || warmup > 100) {
            throw new UsageException("expected --moves 1..1000, --sweeps 0..20 and --warmup 0..100");
        }
        LogScene scene = sceneArgs.load();
        Map<String, String> overrides = sceneArgs.overrides();
        Fault fault = FaultSweep.defaultFault(scene);
        if (fault == null) {
            throw new UsageException("scene " + scene.id() + " has no fault to move");
        }
        int cores = Runtime.getRuntime().availableProcessors();
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        try {
            StepTrace baseline = LogSimulation.runStepped(FaultSweep.without(scene, fault), scene.seed(), overrides,
                    () -> false, StepOptions.ALL).trace();
            List<Integer> positions = baseline.faultPositions();
            SplittableRandom random = new SplittableRandom(scene.seed());
            for (int i = 0; i < warmup; i++) {
                int n = positions.get(random.nextInt(positions.size()));
                LogSimulation.runStepped(FaultSweep.placed(scene, fault, n), scene.seed(), overrides, () -> false,
                        StepOptions.ALL);
            }
            List<Double> moveMs = new ArrayList<>();
            List<Double> moveCpuMs = new ArrayList<>();
            java.lang.management.ThreadMXBean threadsBean = ManagementFactory.getThreadMXBean();
            for (int i = 0; i < moves; i++) {
                int n = positions.get(random.nextInt(positions.size()));
                LogScene moved = FaultSweep.placed(scene, fault, n);
                long cpu = threadsBean.getCurrentThreadCpuTime();
                long start = System.nanoTime();
                LogSimulation.runStepped(moved, scene.seed(), overrides, () -> false, StepOptions.ALL);
                moveMs.add((System.nanoTime() - start) / 1e6);
                moveCpuMs.add((threadsBean.getCurrentThreadCpuTime() - cpu) / 1e6);
            }
            out.println(String.format("fault move (one recorded run, fault after a random one of %d positions, %d "
                    + "entries, %d events): median %.1f ms wall (min %.1f, max %.1f), median %.1f ms CPU, over %d moves",
                    positions.size(), baseline.journal().size(), baseline.size(), median(moveMs), Collections.min(moveMs),
                    Collections.max(moveMs), median(moveCpuMs), moves));
            List<Double> sweepMs = new ArrayList<>();
            List<Double> sweepCpuMs = new ArrayList<>();
            for (int i = 0; i < sweeps; i++) {
                long cpu = processCpuNanos();
                long start = System.nanoTime();
                FaultSweep.sweep(FaultSweep.without(scene, fault), scene.seed(), overrides, fault, cores, () -> false,
                        LogExploreCommand.POSITIONS_MAX);
                sweepMs.add((System.nanoTime() - start) / 1e6);
                sweepCpuMs.add((processCpuNanos() - cpu) / 1e6);
            }
            if (sweeps > 0) {
                out.println(String.format("log-explore (%d positions, %d threads): median %.0f ms wall (min %.0f, max "
                        + "%.0f), median %.0f ms CPU of the whole process, over %d sweeps", positions.size(), cores,
                        median(sweepMs), Collections.min(sweepMs), Collections.max(sweepMs), median(sweepCpuMs), sweeps));
            }
        } catch (SettingException e) {
            throw new UsageException(e.getMessage());
        }
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        out.println(String.format("scene %s, %d cores, load average %.1f before and %.1f after, %d warm-up runs untimed",
                scene.id(), cores, loadBefore, loadAfter, warmup));
        return 0;
    }

    /** CPU time of the whole process (every thread, JIT and GC included), or 0 where the JVM does not say. */
    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
