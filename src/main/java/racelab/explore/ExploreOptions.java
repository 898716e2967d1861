package racelab.explore;

/**
 * Settings of one search.
 *
 * @param prune run one schedule per equivalence class (true) or every interleaving (false)
 * @param exactMinimalLimit when the scene has at most this many interleavings, the minimal counterexample is
 *     searched over every interleaving of every violating class (no runs needed, each maps to its class);
 *     above it, only over the schedules actually run
 * @param runsMax refuse to start a search that would run more schedules than this (a limit on everything)
 */
public record ExploreOptions(boolean prune, long exactMinimalLimit, long runsMax) {

    public static final ExploreOptions DEFAULT = new ExploreOptions(true, 2_000_000, 5_000_000);

    public ExploreOptions withPrune(boolean prune) {
        return new ExploreOptions(prune, exactMinimalLimit, runsMax);
    }
}
