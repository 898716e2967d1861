package racelab.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import racelab.explore.Cancellation;
import racelab.explore.ExploreOptions;
import racelab.explore.ExploreResult;
import racelab.explore.LedgerExplorer;
import racelab.explore.ProgressListener;
import racelab.explore.ScheduleRunner;
import racelab.scenario.LedgerScene;
import racelab.scenario.StepRef;
import racelab.scenario.Transfer;

/**
 * {@code explore-bench [SCENE] [--mitigation ID] [--rounds N] [--full3]}: how fast the explorer runs complete
 * schedules on embedded H2.
 *
 * <p>Part one explores every interleaving of the two-transfer scene without pruning, {@code rounds} times after
 * one warm-up round, and reports complete schedules per second (median and range). Part two adds a third transfer
 * (a copy of the last one) and reports the time of a pruned search, and of the unpruned one with {@code --full3}.
 * Wall-clock time is read here, in the command, never inside an engine.
 */
@Command(name = "explore-bench", description = "Schedules per second of the explorer on H2.")
final class ExploreBenchCommand extends LabCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "SCENE", description = "A two-transfer ledger scene.")
    String scenePath = "scenes/double-spend.yaml";

    @Option(names = "--mitigation", paramLabel = "ID", converter = MitigationChoice.class,
            completionCandidates = MitigationChoice.class, description = "${COMPLETION-CANDIDATES}.")
    String mitigation = "naive";

    @Option(names = "--rounds", paramLabel = "N", description = "Measured rounds after one warm-up round (1..1000).")
    int rounds = 5;

    @Option(names = "--full3", description = "Also time the unpruned search of three transfers.")
    boolean full3;

    @Override
    protected int run(PrintWriter out, PrintWriter err) throws UsageException {
        if (rounds < 1 || rounds > 1000) {
            throw new UsageException("--rounds must be between 1 and 1000, got " + rounds);
        }
        LedgerScene two = SceneArguments.load(scenePath);
        if (two.transfers().size() != 2) {
            throw new UsageException(scenePath + " has " + two.transfers().size()
                    + " transfers; the benchmark needs a two-transfer scene");
        }
        LedgerExplorer explorer = LedgerBackend.explorer();
        out.printf("explore-bench: scene %s, mitigation %s, %d cores, %d rounds after 1 warm-up round%n",
                two.id(), mitigation, Runtime.getRuntime().availableProcessors(), rounds);
        try (ScheduleRunner runner = explorer.openRunner(two)) {
            // One open engine for all rounds: what is measured is replaying schedules, not creating databases.
            double[] perSecond = new double[rounds];
            long schedules = 0;
            for (int round = -1; round < rounds; round++) {
                long start = System.nanoTime();
                ExploreResult result = explorer.explore(runner, two, mitigation, ExploreOptions.DEFAULT.withPrune(false),
                        ProgressListener.NONE, new Cancellation());
                long elapsedNanos = System.nanoTime() - start;
                schedules = result.explored();
                if (round >= 0) {
                    perSecond[round] = result.explored() / (elapsedNanos / 1e9);
                }
            }
            double[] sorted = perSecond.clone();
            Arrays.sort(sorted);
            out.printf("two transfers: %d complete schedules per round (no pruning); schedules/s median %.0f "
                    + "(min %.0f, max %.0f)%n", schedules, sorted[rounds / 2], sorted[0], sorted[rounds - 1]);

            LedgerScene three = withCopyOfLastTransfer(two);
            long start = System.nanoTime();
            ExploreResult pruned = search(explorer, three, mitigation, true);
            double prunedSeconds = (System.nanoTime() - start) / 1e9;
            out.printf("three transfers, pruned (engine start included): %d interleavings, %d run, %d pruned, %.2f s "
                    + "(%.0f runs/s)%n",
                    pruned.schedules(), pruned.explored(), pruned.pruned(), prunedSeconds, pruned.explored() / prunedSeconds);
            if (full3) {
                start = System.nanoTime();
                ExploreResult full = search(explorer, three, mitigation, false);
                double fullSeconds = (System.nanoTime() - start) / 1e9;
                out.printf("three transfers, every interleaving: %d run, %.2f s (%.0f runs/s)%n",
                        full.explored(), fullSeconds, full.explored() / fullSeconds);
            }
        } catch (Exception e) {
            err.println("ledger-lab explore-bench: the search failed: " + e);
            return 1;
        }
        return 0;
    }

    private static ExploreResult search(LedgerExplorer explorer, LedgerScene scene, String mitigation, boolean prune)
            throws Exception {
        return explorer.explore(scene, mitigation, ExploreOptions.DEFAULT.withPrune(prune), ProgressListener.NONE,
                new Cancellation());
    }

    /** The scene with a third lane: a copy of its last transfer, scheduled after the others. */
    static LedgerScene withCopyOfLastTransfer(LedgerScene scene) {
        Transfer last = scene.transfers().get(scene.transfers().size() - 1);
        String id = "T" + (scene.transfers().size() + 1);
        List<Transfer> transfers = new ArrayList<>(scene.transfers());
        transfers.add(new Transfer(id, last.from(), last.to(), last.amount(), last.instance(), last.requestKey(),
                last.absoluteWrite(), last.readFromReplica()));
        List<StepRef> schedule = new ArrayList<>(scene.schedule());
        for (String phase : LedgerScene.PHASES) {
            schedule.add(new StepRef(id, phase));
        }
        return new LedgerScene(scene.id() + "-three", scene.title(), scene.file(), scene.accounts(), transfers,
                scene.mitigation(), schedule, scene.narration(), scene.notes(), scene.groups(), scene.idempotencyKeys());
    }
}
