package racelab.explore;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import racelab.scenario.LedgerScene;

/**
 * Whether pruning changed what the explorer reports for one scene under one mitigation: the same search run once
 * with pruning (one schedule per equivalence class, by the backend's footprint table) and once over every
 * interleaving. They agree when both are complete and give the same number of interleavings per outcome and the
 * same smallest counterexample (schedule and distance, or none). On PostgreSQL this checks that the footprints,
 * written for H2's locking, also describe PostgreSQL's (see {@link BackendFootprints}).
 *
 * @param pruned the search with pruning
 * @param unpruned the search over every interleaving
 */
public record PruningCheck(ExploreResult pruned, ExploreResult unpruned) {

    public PruningCheck {
        Objects.requireNonNull(pruned);
        Objects.requireNonNull(unpruned);
    }

    /** Runs both searches for each mitigation, pruned first. */
    public static List<PruningCheck> run(LedgerExplorer explorer, LedgerScene scene, List<String> mitigations,
            Cancellation cancellation) throws Exception {
        List<ExploreResult> pruned = explorer.exploreAll(scene, mitigations, ExploreOptions.DEFAULT.withPrune(true),
                ProgressListener.NONE, cancellation);
        List<ExploreResult> unpruned = explorer.exploreAll(scene, mitigations,
                ExploreOptions.DEFAULT.withPrune(false), ProgressListener.NONE, cancellation);
        List<PruningCheck> checks = new ArrayList<>();
        for (int i = 0; i < pruned.size(); i++) {
            checks.add(new PruningCheck(pruned.get(i), unpruned.get(i)));
        }
        return checks;
    }

    /** True when pruning changed nothing the explorer reports. */
    public boolean agrees() {
        return differences().isEmpty();
    }

    /** What differs, one line each; empty when they agree. */
    public List<String> differences() {
        List<String> differences = new ArrayList<>();
        if (!pruned.complete() || !unpruned.complete()) {
            differences.add("a search did not complete");
        }
        if (pruned.schedulesByOutcome().isEmpty()) {
            differences.add("the scene is too large to count schedules per outcome");
        }
        if (!pruned.schedulesByOutcome().equals(unpruned.schedulesByOutcome())) {
            differences.add("schedules per outcome: pruned " + pruned.schedulesByOutcome() + ", every interleaving "
                    + unpruned.schedulesByOutcome());
        }
        if (!Objects.equals(minimalText(pruned), minimalText(unpruned))) {
            differences.add("smallest counterexample: pruned " + minimalText(pruned) + ", every interleaving "
                    + minimalText(unpruned));
        }
        return differences;
    }

    /** The smallest counterexample with its distance, or "none". */
    static String minimalText(ExploreResult result) {
        return result.minimal() == null ? "none"
                : Schedules.text(result.minimal().schedule()) + " (distance " + result.minimal().distance() + ")";
    }
}
