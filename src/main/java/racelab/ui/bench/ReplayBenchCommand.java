package racelab.ui.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.util.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import racelab.cli.LabCommand;
import racelab.cli.UsageException;
import racelab.ui.LabBackends;
import racelab.ui.LabPages;
import racelab.ui.LabWindow;
import racelab.ui.Motion;
import racelab.ui.ledger.LedgerWorkbenchViewModel;
import racelab.ui.snapshot.HeadlessFx;

/**
 * {@code bench-ui [SCENE] [--steps N]}: how long one replay step costs the UI, headless.
 *
 * <p>Each sample moves the replay cursor one step (view models, timeline cards, balance bars), then applies CSS
 * and lays the window out; a second figure adds a full software render of the 1440x900 window, an upper bound
 * for a frame (a real display renders on the GPU). Under 16 ms per step means replay keeps up with 60 frames
 * per second.
 */
@Command(name = "bench-ui", description = "Cost of one replay step in the UI, headless (median and p95 in ms).")
public final class ReplayBenchCommand extends LabCommand {

    private static final int WARMUP_STEPS = 100;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SCENE", description = "A ledger scene file.")
    Path scene = Path.of("scenes/double-spend.yaml");

    @Option(names = "--steps", paramLabel = "N", description = "Measured replay steps (at least 10), after "
            + WARMUP_STEPS + " warm-up steps.")
    int steps = 400;

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws UsageException {
        if (steps < 10) {
            throw new UsageException("--steps must be at least 10");
        }
        LabPages pages = new LabPages(LabBackends.ledger(), LabBackends.log());
        Path file = scene;
        try {
            if (!(pages.open(file, "ledger") instanceof LedgerWorkbenchViewModel)) {
                throw new UsageException(file + ": bench-ui replays ledger scenes");
            }
        } catch (racelab.scenario.SceneFormatException e) {
            throw new UsageException(e.getMessage());
        }
        HeadlessFx.start();
        Motion.setStepDuration(Duration.ZERO);
        LabWindow window = onFx(() -> {
            LabWindow built = new LabWindow(pages, file.toAbsolutePath().getParent(), false, 1440, 900);
            built.model().open(file);
            return built;
        });
        LedgerWorkbenchViewModel page = onFx(() -> (LedgerWorkbenchViewModel) window.model().pageProperty().get());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (onFx(() -> page.pendingRunProperty().get() != null || page.runningProperty().get())) {
            if (System.nanoTime() > deadline) {
                err.println("ledger-lab bench-ui: the run did not finish");
                return 1;
            }
            sleep();
        }
        int size = onFx(() -> page.replay().sizeProperty().get());
        List<Double> layoutMs = new ArrayList<>();
        List<Double> frameMs = new ArrayList<>();
        int total = WARMUP_STEPS + steps;
        for (int i = 0; i < total; i++) {
            int position = i % (size + 1);
            boolean keep = i >= WARMUP_STEPS;
            double[] sample = onFx(() -> {
                long start = System.nanoTime();
                page.replay().positionProperty().set(position);
                window.scene().getRoot().applyCss();
                window.scene().getRoot().layout();
                long laidOut = System.nanoTime();
                window.scene().snapshot(null);
                long rendered = System.nanoTime();
                return new double[] {(laidOut - start) / 1e6, (rendered - start) / 1e6};
            });
            if (keep) {
                layoutMs.add(sample[0]);
                frameMs.add(sample[1]);
            }
        }
        out.printf("bench-ui %s: %d replay steps over a %d-event trace, %d cores%n", file, steps, size,
                Runtime.getRuntime().availableProcessors());
        out.printf("  step update + CSS + layout: median %.2f ms, p95 %.2f ms%n", percentile(layoutMs, 50),
                percentile(layoutMs, 95));
        out.printf("  ... plus software render of 1440x900: median %.2f ms, p95 %.2f ms%n", percentile(frameMs, 50),
                percentile(frameMs, 95));
        return 0;
    }

    private static double percentile(List<Double> values, int percent) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
            return result.get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("bench-ui failed on the FX thread", e);
        }
    }
}
