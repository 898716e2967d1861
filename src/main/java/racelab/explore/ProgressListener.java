package racelab.explore;

/**
 * Receives progress from a running search, on the search's own thread; a UI hands it to its own thread.
 */
@FunctionalInterface
public interface ProgressListener {

    ProgressListener NONE = progress -> { };

    void progress(ExploreProgress progress);
}
