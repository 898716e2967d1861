package racelab.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * All repetitions of one mitigation at one worker count, and their medians.
 *
 * @param runs one entry per repetition, in the order they ran
 */
public record CellResult(String mitigation, int workers, List<RunStats> runs) {

    public CellResult {
        runs = List.copyOf(runs);
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("a cell needs at least one run");
        }
    }

    /** Median over the repetitions (the mean of the middle two for an even count). */
    public double median(ToDoubleFunction<RunStats> metric) {
        double[] values = runs.stream().mapToDouble(metric).sorted().toArray();
        int middle = values.length / 2;
        return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }

    @JsonProperty
    public double medianTransfersPerSecond() {
        return median(RunStats::transfersPerSecond);
    }

    @JsonProperty
    public double medianP50Micros() {
        return median(RunStats::p50Micros);
    }

    @JsonProperty
    public double medianP95Micros() {
        return median(RunStats::p95Micros);
    }

    @JsonProperty
    public double medianP99Micros() {
        return median(RunStats::p99Micros);
    }

    @JsonProperty
    public double medianRetries() {
        return median(RunStats::retries);
    }

    @JsonProperty
    public double medianDeadlocks() {
        return median(RunStats::deadlocks);
    }

    @JsonProperty
    public double medianDeclined() {
        return median(RunStats::declined);
    }

    @JsonProperty
    public double medianFailed() {
        return median(RunStats::failed);
    }

    @JsonProperty
    public double medianViolations() {
        return median(RunStats::violations);
    }

    @JsonProperty
    public double medianRequested() {
        return median(RunStats::requested);
    }

    /** Median count per SQLState, over every state seen in any repetition. */
    @JsonProperty
    public Map<String, Double> medianAbortsBySqlState() {
        TreeSet<String> states = new TreeSet<>();
        runs.forEach(run -> states.addAll(run.abortsBySqlState().keySet()));
        Map<String, Double> medians = new TreeMap<>();
        for (String state : states) {
            medians.put(state, median(run -> run.abortsBySqlState().getOrDefault(state, 0L)));
        }
        return medians;
    }

    /** Largest violation count over the repetitions: one violating repetition is enough to call a fix unsafe. */
    @JsonProperty
    public long maxViolations() {
        return runs.stream().mapToLong(RunStats::violations).max().orElse(0);
    }

    /** Whether every repetition accounted for every request. */
    @JsonProperty
    public boolean allAccountedFor() {
        return runs.stream().allMatch(RunStats::accountedFor);
    }

    /** Whether money was conserved in every repetition. */
    @JsonProperty
    public boolean moneyConservedInAllRuns() {
        return runs.stream().allMatch(RunStats::moneyConserved);
    }

    @Override
    public String toString() {
        return mitigation + "@" + workers + Arrays.toString(runs.toArray());
    }
}
