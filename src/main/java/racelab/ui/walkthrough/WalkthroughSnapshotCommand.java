package racelab.ui.walkthrough;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import javafx.scene.image.WritableImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import racelab.cli.LabCommand;
import racelab.cli.OnOff;
import racelab.cli.Theme;
import racelab.cli.UsageException;
import racelab.scenario.SceneFormatException;
import racelab.ui.LabBackends;
import racelab.ui.LabWindow;
import racelab.ui.Motion;
import racelab.ui.snapshot.HeadlessFx;
import racelab.ui.snapshot.SnapshotCommand;
import racelab.walkthrough.Stop;
import racelab.walkthrough.Walkthrough;
import racelab.walkthrough.WalkthroughLoader;
import racelab.walkthrough.WalkthroughPreferences;

/**
 * {@code snapshot-walkthrough FILE --stop ID --out shot.png [--reveal] [--predict X] [--solve] [--zoom Z]}: renders
 * the walkthrough window at one stop to a PNG, headless, on the real engines; the documentation's pictures of
 * interview mode and presenter mode are made with it.
 */
@Command(name = "snapshot-walkthrough", description = {"Render the walkthrough window at one stop to a PNG, "
        + "headless (Monocle, no display needed), on the real engines."})
public final class WalkthroughSnapshotCommand extends LabCommand {

    private static final long TIMEOUT_SECONDS = 180;

    @Parameters(index = "0", paramLabel = "FILE", description = "A walkthrough file, or the id of one in "
            + "scenes/walkthroughs.")
    String file;

    @Option(names = "--stop", required = true, paramLabel = "ID", description = "The stop to show.")
    String stopId;

    @Option(names = "--out", required = true, paramLabel = "FILE.png", description = "Where to write the PNG "
            + "(atomically).")
    Path out;

    @Option(names = "--predict", paramLabel = "TEXT", description = "Enter this prediction first.")
    String prediction;

    @Option(names = "--hints", paramLabel = "N", description = "Reveal this many hints.")
    int hints;

    @Option(names = "--reveal", description = "Reveal the stop (the real run and the answer check).")
    boolean reveal;

    @Option(names = "--schedule", paramLabel = "T1.begin,...", split = ",", description = "Ledger challenges: play "
            + "this schedule as one move, as a drag would.")
    List<String> schedule;

    @Option(names = "--solve", description = "Challenges: load the solution found by search and wait for the win.")
    boolean solve;

    @Option(names = "--step", paramLabel = "N", description = "Ledger stops, after --reveal: the replay position "
            + "(default: the start).")
    Integer step;

    @Option(names = "--interview-mode", paramLabel = "on|off", description = "Interview mode.")
    OnOff interviewMode = OnOff.on;

    @Option(names = "--notes", paramLabel = "on|off", description = "The private notes pane.")
    OnOff notes = OnOff.on;

    @Option(names = "--zoom", paramLabel = "Z", description = "Presenter zoom, 0.5 to 3.")
    double zoom = 1.0;

    @Option(names = "--theme", paramLabel = "light|dark", description = "${COMPLETION-CANDIDATES}.")
    Theme theme = Theme.light;

    @Option(names = "--width", paramLabel = "PX", description = "Window width.")
    int widthPx = 1280;

    @Option(names = "--height", paramLabel = "PX", description = "Window height.")
    int heightPx = 720;

    @Override
    protected int run(PrintWriter outText, PrintWriter err) throws UsageException {
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            path = Path.of("scenes", "walkthroughs", file + ".yaml");
        }
        Walkthrough walkthrough;
        try {
            walkthrough = WalkthroughLoader.load(path, Path.of("scenes"));
        } catch (SceneFormatException e) {
            throw new UsageException(e.getMessage());
        }
        List<Stop> stops = walkthrough.stops(Walkthrough.Track.CLASS);
        int index = -1;
        for (int i = 0; i < stops.size(); i++) {
            if (stops.get(i).id().equals(stopId)) {
                index = i;
            }
        }
        if (index < 0) {
            throw new UsageException("no stop '" + stopId + "'; expected one of "
                    + String.join(", ", stops.stream().map(Stop::id).toList()));
        }
        if (schedule != null) {
            Stop chosen = stops.get(index);
            if (!chosen.isLedger() || chosen.challenge() == null) {
                throw new UsageException("--schedule applies to ledger challenge stops only");
            }
            var problem = racelab.scenario.ScheduleRules.firstProblem(racelab.scenario.ScheduleRules.parseList(
                    String.join(",", schedule)), chosen.ledgerScene().transfers().stream().map(t -> t.id()).toList());
            if (problem != null) {
                throw new UsageException("--schedule: " + problem.message());
            }
        }
        if (zoom < WalkthroughPreferences.MIN_ZOOM || zoom > WalkthroughPreferences.MAX_ZOOM
                || widthPx < 640 || heightPx < 400) {
            throw new UsageException("--zoom must be 0.5 to 3 and the window at least 640 x 400");
        }
        HeadlessFx.start();
        Motion.setStepDuration(javafx.util.Duration.ZERO);
        // A throwaway preferences node: a picture must not change what the user's app remembers.
        Preferences node = Preferences.userRoot().node("racelab/snapshot-walkthrough/" + UUID.randomUUID());
        try {
            int at = index;
            WalkthroughWindow window = SnapshotCommand.onFx(() -> {
                LabWindow.applyTheme(theme == Theme.dark);
                WalkthroughWindow built = new WalkthroughWindow(walkthrough, new WalkthroughPreferences(node),
                        LabBackends.ledger(), LabBackends.log(), widthPx, heightPx);
                built.zoom().zoomProperty().set(zoom);
                WalkthroughViewModel model = built.view().model();
                model.interviewModeProperty().set(interviewMode == OnOff.on);
                model.notesVisibleProperty().set(notes == OnOff.on);
                model.trackProperty().set(Walkthrough.Track.CLASS);
                model.indexProperty().set(at);
                return built;
            });
            WalkthroughViewModel model = window.view().model();
            StopState state = model.current();
            waitUntil(() -> state.resultProperty().get() != null || !state.measureErrorProperty().get().isEmpty());
            waitUntil(() -> state.stop().challenge() == null || state.solutionProperty().get() != null);
            SnapshotCommand.onFx(() -> {
                StopView view = window.view().currentStopView();
                if (prediction != null) {
                    int option = state.stop().prediction() == null ? -1
                            : state.stop().prediction().options().indexOf(prediction);
                    if (option < 0 || !view.choose(option + 1)) {
                        state.predictionProperty().set(prediction);
                        state.predictionLockedProperty().set(true);
                    }
                }
                for (int i = 0; i < hints; i++) {
                    model.nextHint();
                }
                if (reveal) {
                    model.reveal();
                }
                if (schedule != null && view.ledgerWorkbench() != null) {
                    view.ledgerWorkbench().model().editor().setAll(
                            racelab.scenario.ScheduleRules.parseList(String.join(",", schedule)));
                }
                if (solve) {
                    view.showSolution();
                }
                return null;
            });
            if (solve || schedule != null) {
                waitUntil(state.wonProperty()::get);
            }
            waitUntil(() -> ledgerPageReady(window));
            if (step != null) {
                waitUntil(() -> {
                    var page = window.view().currentStopView().ledgerWorkbench();
                    return page == null || page.model().replay().sizeProperty().get() > 0;
                });
                SnapshotCommand.onFx(() -> {
                    var page = window.view().currentStopView().ledgerWorkbench();
                    if (page != null) {
                        page.model().replay().positionProperty().set(Math.min(step,
                                page.model().replay().sizeProperty().get()));
                    }
                    return null;
                });
            }
            for (int pass = 0; pass < 3; pass++) {
                SnapshotCommand.onFx(() -> {
                    window.scene().getRoot().applyCss();
                    window.scene().getRoot().layout();
                    return null;
                });
            }
            WritableImage image = SnapshotCommand.onFx(() -> window.scene().snapshot(null));
            SnapshotCommand.write(image, out);
        } catch (IOException e) {
            err.println("ledger-lab snapshot-walkthrough: cannot write " + out + ": " + e.getMessage());
            return 1;
        } finally {
            try {
                node.removeNode();
            } catch (BackingStoreException | IllegalStateException e) {
                // A leftover throwaway node is harmless.
            }
        }
        outText.println("wrote " + out + " (" + walkthrough.id() + ", stop " + stopId + ")");
        return 0;
    }

    /** Called on the FX thread (through {@link #waitUntil}). */
    private static boolean ledgerPageReady(WalkthroughWindow window) {
        var page = window.view().currentStopView().ledgerWorkbench();
        var timeline = window.view().currentStopView().timeline();
        boolean timelineReady = timeline == null || timeline.getScene() == null
                || (timeline.model().runProperty().get() != null && timeline.model().pendingRunProperty().get() == null
                && !timeline.model().runningProperty().get());
        return timelineReady && (page == null || page.getScene() == null || (page.model().runProperty().get() != null
                && page.model().pendingRunProperty().get() == null && !page.model().runningProperty().get()));
    }

    private static void waitUntil(Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (!onFxQuietly(condition)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the walkthrough did not settle within " + TIMEOUT_SECONDS + " s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static boolean onFxQuietly(Supplier<Boolean> condition) {
        try {
            return SnapshotCommand.onFx(condition);
        } catch (UsageException e) {
            return true;
        }
    }
}
