package racelab.ui.bench;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.beans.value.ChangeListener;
import javafx.util.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import racelab.cli.LabCommand;
import racelab.cli.SceneArguments;
import racelab.cli.UsageException;
import racelab.logsim.trace.FaultSweep;
import racelab.scenario.SceneFormatException;
import racelab.ui.LabBackends;
import racelab.ui.LabPages;
import racelab.ui.LabWindow;
import racelab.ui.Motion;
import racelab.ui.logtimeline.LogTimelineView;
import racelab.ui.logtimeline.LogTimelineViewModel;
import racelab.ui.logtimeline.SimulatorTimelineBackend;
import racelab.ui.logtimeline.TimelineBackend;
import racelab.ui.logtimeline.TimelineRun;
import racelab.ui.snapshot.HeadlessFx;

/**
 * {@code bench-timeline [SCENE] [--moves N] [--steps N]}: drag-to-screen on a log step scene's timeline, headless.
 *
 * <p>Each move drops the fault card in a gap chosen at random (seeded), exactly as a mouse release does
 * ({@link LogTimelineViewModel#moveFault}), and stops the clock when the new run is on screen: the re-run on the
 * page's own background thread (the real simulator, recorded), the hand-over to the FX thread and the page's
 * scene-graph update, CSS and layout of the whole window, and a software render of it ({@code Scene.snapshot}, an
 * upper bound for one pulse's frame: a real pulse repaints only what changed, on the GPU). Steps move the replay
 * cursor one event and render likewise. Medians with the core count and the load average, because the machine is
 * shared: re-run it on a quiet machine for figures to quote.
 */
@Command(name = "bench-timeline", description = "Drag-to-screen on a log step scene's timeline, headless: the "
        + "re-run after a fault card is dropped, the page's update, layout and a rendered frame (medians in ms).")
public final class TimelineDragBenchCommand extends LabCommand {

    private static final long WAIT_SECONDS = 180;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SCENE", description = "A log step scene (file or id).")
    String scene = "scenes/step-f9-power-cut.yaml";

    @Option(names = "--moves", paramLabel = "N", description = "Timed fault drops, at seeded random gaps (1..1000).")
    int moves = 40;

    @Option(names = "--warmup", paramLabel = "N", description = "Untimed drops first, so the JIT has compiled the "
            + "simulator and the page as in a running app (0..200).")
    int warmup = 15;

    @Option(names = "--steps", paramLabel = "N", description = "Timed replay steps (cursor moves) after the drops "
            + "(0..2000).")
    int steps = 100;

    @Option(names = "--width", paramLabel = "PX", description = "Window width, at least 640.")
    int widthPx = 1440;

    @Option(names = "--height", paramLabel = "PX", description = "Window height, at least 400.")
    int heightPx = 900;

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws UsageException {
        if (moves < 1 || moves > 1000 || warmup < 0 || warmup > 200 || steps < 0 || steps > 2000) {
            throw new UsageException("expected --moves 1..1000, --warmup 0..200 and --steps 0..2000");
        }
        if (widthPx < 640 || heightPx < 400) {
            throw new UsageException("expected --width of at least 640 and --height of at least 400");
        }
        Path file = SceneArguments.resolve(scene);
        TimedBackend backend = new TimedBackend(new SimulatorTimelineBackend());
        LabPages pages = new LabPages(LabBackends.ledger(), LabBackends.log(), backend);
        try {
            if (!(pages.open(file, kindOf(file)) instanceof LogTimelineViewModel)) {
                throw new UsageException(file + ": bench-timeline needs a log step scene (one that opens on the "
                        + "timeline page)");
            }
        } catch (SceneFormatException e) {
            throw new UsageException(e.getMessage());
        }
        HeadlessFx.start();
        Motion.setStepDuration(Duration.ZERO);
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        long cpuBefore = processCpuNanos();
        LabWindow window = onFx(() -> {
            LabWindow built = new LabWindow(pages, file.toAbsolutePath().getParent(), false, widthPx, heightPx);
            built.model().open(file);
            return built;
        });
        LogTimelineViewModel page = onFx(() -> (LogTimelineViewModel) window.model().pageProperty().get());
        // The first run and the explore strip's sweep, so neither competes with the timed drops.
        if (!waitFor(() -> onFx(() -> page.runProperty().get() != null && page.pendingRunProperty().get() == null
                && !page.runningProperty().get() && page.pendingSweepProperty().get() == null
                && !page.sweepingProperty().get()))) {
            err.println("ledger-lab bench-timeline: the first run did not finish in " + WAIT_SECONDS + " s");
            return 1;
        }
        String failure = onFx(() -> page.runErrorProperty().get());
        if (!failure.isEmpty()) {
            err.println("ledger-lab bench-timeline: the run failed: " + failure);
            return 1;
        }
        LogTimelineView view = onFx(() -> (LogTimelineView) window.scene().lookup("#log-timeline-page"));
        // The gaps a fault can be dropped in are those of the run without it, as log-explore sweeps them.
        List<Integer> gaps;
        try {
            racelab.logsim.scene.LogScene shown = page.scene();
            racelab.logsim.scene.Fault fault = FaultSweep.defaultFault(shown);
            gaps = racelab.logsim.LogSimulation.runStepped(FaultSweep.without(shown, fault), shown.seed(),
                    java.util.Map.of(), () -> false, racelab.logsim.trace.StepOptions.ALL).trace().faultPositions();
        } catch (racelab.logsim.config.SettingException e) {
            throw new UsageException(e.getMessage());
        }
        SplittableRandom random = new SplittableRandom(page.scene().seed());

        List<Double> totalMs = new ArrayList<>();
        List<Double> engineMs = new ArrayList<>();
        List<Double> engineCpuMs = new ArrayList<>();
        List<Double> updateMs = new ArrayList<>();
        List<Double> layoutMs = new ArrayList<>();
        List<Double> renderMs = new ArrayList<>();
        List<Double> fxCpuMs = new ArrayList<>();
        List<Double> pathCpuMs = new ArrayList<>();
        for (int i = 0; i < warmup + moves; i++) {
            int current = onFx(() -> page.faultAfterProperty().get());
            int target;
            do {
                target = gaps.get(random.nextInt(gaps.size()));
            } while (target == current && gaps.size() > 1);
            Drop drop = drop(window, page, target);
            if (drop == null) {
                err.println("ledger-lab bench-timeline: a re-run did not reach the screen in " + WAIT_SECONDS + " s");
                return 1;
            }
            if (i >= warmup) {
                totalMs.add(drop.totalMs());
                engineMs.add(backend.lastWallMs);
                engineCpuMs.add(backend.lastCpuMs);
                updateMs.add(drop.updateMs() - backend.lastWallMs);
                layoutMs.add(drop.layoutMs());
                renderMs.add(drop.renderMs());
                fxCpuMs.add(drop.fxCpuMs());
                pathCpuMs.add(drop.fxCpuMs() + backend.lastCpuMs);
            }
        }
        String runError = onFx(() -> page.runErrorProperty().get());
        if (!runError.isEmpty()) {
            err.println("ledger-lab bench-timeline: a run failed: " + runError);
            return 1;
        }
        List<Double> stepMs = new ArrayList<>();
        int size = onFx(() -> page.cursor().sizeProperty().get());
        for (int i = 0; i < steps; i++) {
            // Back and forth across the whole run, one event at a time, as Left/Right do.
            int lap = i / Math.max(1, size) % 2;
            int offset = i % Math.max(1, size);
            int position = lap == 0 ? offset + 1 : size - offset - 1;
            stepMs.add(onFx(() -> {
                long start = System.nanoTime();
                page.cursor().positionProperty().set(position);
                window.scene().getRoot().applyCss();
                window.scene().getRoot().layout();
                window.scene().snapshot(null);
                return (System.nanoTime() - start) / 1e6;
            }));
        }
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        long cpuAfter = processCpuNanos();
        int nodes = onFx(() -> countNodes(view));
        TimelineRun last = onFx(() -> page.runProperty().get());
        out.printf("bench-timeline %s: %d drops of the fault card at seeded random gaps (of %d), %d events and %d "
                + "lanes on the timeline, window %dx%d, %d cores%n", page.scene().id(), moves, gaps.size(),
                last.cards().size(), last.lanes().size(), widthPx, heightPx, Runtime.getRuntime().availableProcessors());
        out.printf("  drag-to-screen (drop to rendered frame): median %.1f ms (min %.1f, p95 %.1f, max %.1f)%n",
                percentile(totalMs, 50), Collections.min(totalMs), percentile(totalMs, 95), Collections.max(totalMs));
        out.printf("    engine re-run (recorded, on the page's run thread): median %.1f ms wall, %.1f ms CPU%n",
                percentile(engineMs, 50), percentile(engineCpuMs, 50));
        out.printf("    hand-over to the FX thread + scene-graph update: median %.1f ms%n", percentile(updateMs, 50));
        out.printf("    CSS + layout of the window: median %.1f ms%n", percentile(layoutMs, 50));
        out.printf("    software render of the window: median %.1f ms%n", percentile(renderMs, 50));
        out.printf("    FX thread CPU per drop (update + layout + render): median %.1f ms%n", percentile(fxCpuMs, 50));
        out.printf("  CPU on the drop's path (engine thread + FX thread; what a quiet machine's wall time nears): "
                + "median %.1f ms (p95 %.1f)%n", percentile(pathCpuMs, 50), percentile(pathCpuMs, 95));
        if (!stepMs.isEmpty()) {
            out.printf("  replay step (cursor move + CSS + layout + render): median %.2f ms, p95 %.2f ms over %d "
                    + "steps%n", percentile(stepMs, 50), percentile(stepMs, 95), stepMs.size());
        }
        out.printf("  timeline page: %d scene-graph nodes after the last drop%n", nodes);
        out.printf("  load average %.1f before and %.1f after; process CPU %.1f s; %d warm-up drops untimed%n",
                loadBefore, loadAfter, (cpuAfter - cpuBefore) / 1e9, warmup);
        return 0;
    }

    private static String kindOf(Path file) {
        String kind = racelab.ui.shell.SceneFiles.read(file).kind();
        return kind.isEmpty() ? "ledger" : kind;
    }

    private record Drop(double totalMs, double updateMs, double layoutMs, double renderMs, double fxCpuMs) {
    }

    /**
     * Drops the fault after event {@code target} on the FX thread, then waits for the run to be accepted, and right
     * after that (the next turn of the FX thread, where a pulse would come) lays the window out and renders it.
     */
    private static Drop drop(LabWindow window, LogTimelineViewModel page, int target) {
        CompletableFuture<Drop> done = new CompletableFuture<>();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] start = new long[2];
        ChangeListener<String> failed = (obs, old, now) -> {
            if (!now.isEmpty()) {
                done.completeExceptionally(new IllegalStateException("the re-run failed: " + now));
            }
        };
        @SuppressWarnings("unchecked")
        ChangeListener<TimelineRun>[] listener = new ChangeListener[1];
        listener[0] = (obs, old, now) -> {
            // Runs after the page's own listeners (registered first): the scene graph is updated.
            page.runProperty().removeListener(listener[0]);
            page.runErrorProperty().removeListener(failed);
            long updated = System.nanoTime();
            Platform.runLater(() -> {
                long laidStart = System.nanoTime();
                window.scene().getRoot().applyCss();
                window.scene().getRoot().layout();
                long laid = System.nanoTime();
                window.scene().snapshot(null);
                long rendered = System.nanoTime();
                done.complete(new Drop((rendered - start[0]) / 1e6, (updated - start[0]) / 1e6,
                        (laid - laidStart) / 1e6, (rendered - laid) / 1e6,
                        (threads.getCurrentThreadCpuTime() - start[1]) / 1e6));
            });
        };
        onFx(() -> {
            page.runErrorProperty().addListener(failed);
            page.runProperty().addListener(listener[0]);
            start[1] = threads.getCurrentThreadCpuTime();
            start[0] = System.nanoTime();
            if (!page.moveFault(target)) {
                page.runProperty().removeListener(listener[0]);
                done.completeExceptionally(new IllegalStateException("the page refused gap " + target));
            }
            return null;
        });
        try {
            return done.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            onFx(() -> {
                page.runErrorProperty().removeListener(failed);
                return null;
            });
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (Exception e) {
            return null;
        }
    }

    /** Times the engine's re-run where it happens, on the page's run thread. */
    private static final class TimedBackend implements TimelineBackend {
        private final TimelineBackend real;
        volatile double lastWallMs;
        volatile double lastCpuMs;

        TimedBackend(TimelineBackend real) {
            this.real = real;
        }

        @Override
        public TimelineRun run(LogTimelineViewModel.RunRequest request, BooleanSupplier cancelled) throws Exception {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long cpu = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            TimelineRun run = real.run(request, cancelled);
            lastWallMs = (System.nanoTime() - start) / 1e6;
            lastCpuMs = (threads.getCurrentThreadCpuTime() - cpu) / 1e6;
            return run;
        }

        @Override
        public FaultSweep.Result sweep(LogTimelineViewModel.SweepRequest request, BooleanSupplier cancelled)
                throws Exception {
            return real.sweep(request, cancelled);
        }

        @Override
        public List<racelab.compare.LogPreset> comparePresets(racelab.logsim.scene.LogScene scene, int faultAfter)
                throws Exception {
            return real.comparePresets(scene, faultAfter);
        }
    }

    private static int countNodes(javafx.scene.Node node) {
        int count = 1;
        if (node instanceof javafx.scene.Parent parent) {
            for (javafx.scene.Node child : parent.getChildrenUnmodifiable()) {
                count += countNodes(child);
            }
        }
        return count;
    }

    private static boolean waitFor(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** CPU time of the whole process (every thread, JIT and GC included), or 0 where the JVM does not say. */
    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    private static double percentile(List<Double> values, int percent) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    private static <T> T onFx(Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(work.get());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("bench-timeline failed on the FX thread", e);
        }
    }
}
