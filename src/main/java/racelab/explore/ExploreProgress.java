package racelab.explore;

/**
 * How far a search is.
 *
 * @param explored schedules run so far
 * @param toExplore schedules the search will run in total (one per equivalence class when pruning)
 * @param violations runs so far whose outcome was {@link Outcome#VIOLATED}
 */
public record ExploreProgress(long explored, long toExplore, long violations) {

    /** Fraction done, between 0 and 1. */
    public double fraction() {
        return toExplore == 0 ? 1.0 : (double) explored / toExplore;
    }
}
