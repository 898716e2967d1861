package racelab.ui.snapshot;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import racelab.cli.LabCommand;
import racelab.cli.SceneArguments;
import racelab.cli.Theme;
import racelab.cli.UsageException;
import racelab.scenario.SceneFormatException;
import racelab.ui.LabBackends;
import racelab.ui.LabPages;
import racelab.ui.LabWindow;
import racelab.ui.Motion;
import racelab.ui.shell.SceneEntry;
import racelab.ui.shell.SceneFiles;

/**
 * {@code snapshot SCENE --step N --out file.png [--theme dark] [--mitigation ID]}: renders the app's window for a
 * scene at a replay step to a PNG, headless.
 *
 * <p>It builds exactly the window the app shows ({@link LabWindow}), on Monocle's headless platform with the
 * software renderer, so screenshots for the README and for reports need no display.
 */
@Command(name = "snapshot", description = {"Render the app's window for a scene at a replay step to a PNG, headless "
        + "(Monocle, no display needed).", "For a ledger scene the step is the replay position (0 = start); for a log "
        + "scene it is the cluster moment (0 = before the fault); for a log step scene, the record-level event on its "
        + "timeline (0 = before the first)."})
public final class SnapshotCommand extends LabCommand {

    private static final long RUN_TIMEOUT_SECONDS = 120;

    @Parameters(index = "0", paramLabel = "SCENE", description = SceneArguments.DESCRIPTION)
    Path sceneArgument;

    @Option(names = "--step", required = true, paramLabel = "N", description = "The replay step to show.")
    Integer step;

    @Option(names = "--out", required = true, paramLabel = "FILE.png", description = "Where to write the PNG "
            + "(atomically).")
    Path out;

    @Option(names = "--theme", paramLabel = "light|dark", description = "${COMPLETION-CANDIDATES}.")
    Theme theme = Theme.light;

    @Option(names = "--mitigation", paramLabel = "ID", description = "Ledger scenes: show the run under this "
            + "mitigation (default: the scene's own).")
    String mitigation;

    @Option(names = "--timeline-window", description = "Big log scenes: render the \"Timeline around the fault…\" "
            + "window the cluster page opens (its own size, as the app shows it) instead of the cluster page; --step "
            + "is then the event in that window.")
    boolean timelineWindow;

    @Option(names = "--width", paramLabel = "PX", description = "Window width, at least 640.")
    int widthPx = 1440;

    @Option(names = "--height", paramLabel = "PX", description = "Window height, at least 400.")
    int heightPx = 900;

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws UsageException {
        SnapshotRequest request = request();
        Path scene = SceneArguments.resolve(request.scene().toString());
        SceneEntry entry = SceneFiles.read(scene);
        LabPages pages = new LabPages(LabBackends.ledger(), LabBackends.log());
        try {
            // Load once off the toolkit so a broken scene is a clean exit 2 before any window exists.
            pages.open(scene, entry.kind().isEmpty() ? "ledger" : entry.kind());
        } catch (SceneFormatException e) {
            throw new UsageException(e.getMessage());
        }
        if (request.mitigation() != null && !pages.mitigationIds(entry.kind()).contains(request.mitigation())) {
            throw new UsageException("unknown mitigation '" + request.mitigation() + "'; expected one of "
                    + String.join(", ", pages.mitigationIds(entry.kind())));
        }
        HeadlessFx.start();
        Motion.setStepDuration(javafx.util.Duration.ZERO);
        try {
            LabWindow window = onFx(() -> {
                LabWindow built = new LabWindow(pages, scene.toAbsolutePath().getParent(),
                        "dark".equals(request.theme()), request.widthPx(), request.heightPx());
                built.model().open(scene);
                return built;
            });
            SnapshotDriver pageDriver = onFx(() -> SnapshotDriver.of(window.model().pageProperty().get()));
            javafx.scene.Scene[] shown = {window.scene()};
            SnapshotDriver driver;
            if (timelineWindow) {
                if (!(onFx(() -> window.model().pageProperty().get())
                        instanceof racelab.ui.logview.LogSceneViewModel)) {
                    throw new UsageException("--timeline-window is for big log scenes (a step scene opens on its "
                            + "timeline already)");
                }
                waitUntil(() -> onFxQuietly(pageDriver::ready), RUN_TIMEOUT_SECONDS);
                racelab.ui.logtimeline.LogTimelineView timeline = onFx(() -> ((racelab.ui.logview.LogSceneView)
                        window.scene().lookup("#log-scene")).showTimelineWindow());
                shown[0] = onFx(() -> {
                    // The app's window gets the main window's stylesheets from its owner; here the main scene has no
                    // window to own it, so give them the same way.
                    timeline.getScene().getStylesheets().setAll(window.scene().getStylesheets());
                    return timeline.getScene();
                });
                driver = onFx(() -> SnapshotDriver.of(timeline.model()));
            } else {
                driver = pageDriver;
            }
            if (request.mitigation() != null) {
                onFx(() -> {
                    driver.chooseMitigation(request.mitigation());
                    return null;
                });
            }
            waitUntil(() -> onFxQuietly(driver::ready), RUN_TIMEOUT_SECONDS);
            String failure = onFx(driver::failure);
            if (failure != null && !failure.isEmpty()) {
                err.println("ledger-lab snapshot: the run failed: " + failure);
                return 1;
            }
            int size = onFx(driver::stepCount);
            if (request.step() > size) {
                throw new UsageException("--step " + request.step() + " is past the end: this run has " + size
                        + " steps (use 0.." + size + ")");
            }
            onFx(() -> {
                driver.showStep(request.step());
                return null;
            });
            // The scene has no window, so nothing lays it out between pulses: lay it out by hand, let the
            // views react to their final sizes (the timeline fits its columns on the next turn), then again.
            for (int pass = 0; pass < 3; pass++) {
                onFx(() -> {
                    shown[0].getRoot().applyCss();
                    shown[0].getRoot().layout();
                    return null;
                });
            }
            WritableImage image = onFx(() -> {
                shown[0].getRoot().applyCss();
                shown[0].getRoot().layout();
                return shown[0].snapshot(null);
            });
            write(image, request.out());
        } catch (IOException e) {
            err.println("ledger-lab snapshot: cannot write " + request.out() + ": " + e.getMessage());
            return 1;
        }
        out.println("wrote " + request.out() + " (" + entry.id() + ", step " + request.step() + ")");
        return 0;
    }

    /** Atomic: a temp file in the same folder, renamed over the target. */
    public static void write(WritableImage image, Path out) throws IOException {
        Path absolute = out.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path temp = Files.createTempFile(absolute.getParent(), ".snapshot-", ".png");
        try {
            if (!ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", temp.toFile())) {
                throw new IOException("no PNG writer available");
            }
            Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    public static <T> T onFx(Supplier<T> work) throws UsageException {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(work.get());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof UsageRuntime) {
                throw new UsageException(e.getCause().getMessage());
            }
            throw new IllegalStateException("snapshot failed on the FX thread", e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException("snapshot timed out", e);
        }
    }

    private static boolean onFxQuietly(Supplier<Boolean> work) {
        try {
            return onFx(work);
        } catch (UsageException e) {
            return true;
        }
    }

    private static void waitUntil(Supplier<Boolean> condition, long timeoutSeconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the run did not finish within " + timeoutSeconds + " s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** A usage problem found on the FX thread, carried back to the command. */
    static final class UsageRuntime extends RuntimeException {
        UsageRuntime(String message) {
            super(message);
        }
    }

    /** The parsed options, checked for the ranges picocli cannot see alone. */
    private SnapshotRequest request() throws UsageException {
        if (step < 0) {
            throw new UsageException("--step must be 0 (the start) or more, found " + step);
        }
        if (widthPx < 640 || heightPx < 400) {
            throw new UsageException("--width and --height must be at least 640 x 400");
        }
        return new SnapshotRequest(sceneArgument, step, out, theme.name(), mitigation, widthPx, heightPx);
    }

    /** The parsed command line. */
    record SnapshotRequest(Path scene, int step, Path out, String theme, String mitigation, double widthPx,
            double heightPx) {
    }
}
