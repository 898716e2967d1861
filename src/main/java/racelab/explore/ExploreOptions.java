package racelab.explore;

/**
 * Settings of one search.
 *
 * @param prune run one schedule per equivalence class (true) or every interleaving (false)
 * @param enumerateMax count outcomes over every interleaving (not only the runs) when the scene has at most this
 *     many; this costs no runs, only enumeration
 * @param runsMax refuse to start a search that would run more schedules than this (a limit on everything)
 */
public record ExploreOptions(boolean prune, long enumerateMax, long runsMax) {

    public static final ExploreOptions DEFAULT = new ExploreOptions(true, 2_000_000, 5_000_000);

    public ExploreOptions withPrune(boolean prune) {
        return new ExploreOptions(prune, enumerateMax, runsMax);
    }
}
