package racelab.explore;

/**
 * Settings of one search.
 *
 * @param prune run one schedule per equivalence class (true) or every interleaving (false)
 * @param runsMax refuse to start a search that would run more schedules than this (a limit on everything)
 */
public record ExploreOptions(boolean prune, long runsMax) {

    public static final ExploreOptions DEFAULT = new ExploreOptions(true, 5_000_000);

    public ExploreOptions withPrune(boolean prune) {
        return new ExploreOptions(prune, runsMax);
    }
}
