package racelab.bench;

/** Told about each finished run; called from the benchmark thread, so a UI must hop to its own thread. */
public interface BenchProgress {

    /**
     * @param runsDone runs finished so far
     * @param totalRuns runs in the whole benchmark
     * @param mitigation the mitigation of the run just finished
     * @param workers its worker count
     * @param stats what it measured
     */
    void runFinished(int runsDone, int totalRuns, String mitigation, int workers, RunStats stats);

    BenchProgress NONE = (runsDone, totalRuns, mitigation, workers, stats) -> { };
}
