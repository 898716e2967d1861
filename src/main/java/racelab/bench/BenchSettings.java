package racelab.bench;

import java.util.List;

/**
 * Everything one benchmark needs, enough to rerun it: the mitigations and worker counts to sweep, the seeded
 * workload, how long each run lasts, and how many repetitions give the medians.
 *
 * @param runSeconds measured length of a run in seconds when positive (timed mode)
 * @param transfersPerRun measured transfers per run, split over the workers, when {@code runSeconds} is zero
 *     (count mode)
 * @param warmupSeconds warm-up before each measured run in timed mode, not counted in throughput or latency
 * @param warmupTransfers warm-up transfers per run in count mode (split over the workers)
 * @param maxAttempts tries per transfer before it counts as failed, for targets without their own retry policy
 * @param jvmWarmupTransfers transfers per mitigation run once, discarded, before the first measured run, so the
 *     first cell is not measured on a cold JIT
 */
public record BenchSettings(
        List<String> mitigations,
        List<Integer> workerCounts,
        Workload workload,
        double runSeconds,
        long transfersPerRun,
        double warmupSeconds,
        long warmupTransfers,
        int repetitions,
        int maxAttempts,
        long jvmWarmupTransfers) {

    public BenchSettings {
        mitigations = List.copyOf(mitigations);
        workerCounts = List.copyOf(workerCounts);
        if (mitigations.isEmpty() || workerCounts.isEmpty()) {
            throw new IllegalArgumentException("need at least one mitigation and one worker count");
        }
        for (int workers : workerCounts) {
            if (workers < 1) {
                throw new IllegalArgumentException("worker counts must be at least 1, got " + workers);
            }
        }
        if (runSeconds <= 0 && transfersPerRun <= 0) {
            throw new IllegalArgumentException("give a positive duration or transfer count");
        }
        if (warmupSeconds < 0 || warmupTransfers < 0) {
            throw new IllegalArgumentException("warm-up cannot be negative");
        }
        if (repetitions < 1) {
            throw new IllegalArgumentException("repetitions must be at least 1");
        }
        if (jvmWarmupTransfers < 0) {
            throw new IllegalArgumentException("JVM warm-up cannot be negative");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max attempts must be at least 1");
        }
    }

    public boolean timed() {
        return runSeconds > 0;
    }

    /** Number of runs the whole benchmark makes, for progress bars. */
    public int totalRuns() {
        return mitigations.size() * workerCounts.size() * repetitions;
    }
}
