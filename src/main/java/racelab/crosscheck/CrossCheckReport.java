package racelab.crosscheck;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToIntFunction;
import racelab.logsim.config.LogSettings;
import racelab.logsim.result.LogRunResult;
import racelab.logsim.scene.LogScene;

/**
 * The simulator beside N real runs: per measure the simulator's number and the real runs' min, median and max, and
 * per symptom whether the two agree.
 *
 * @param settings the scene's explicit settings with overrides (what both sides ran)
 * @param howReal how the scene's faults map to real ones (the scene's own statement when it makes one)
 * @param limit what a real run shows differently, as the scene states it (empty when it states nothing)
 * @param statedAt where the scene states its cross-checkability ({@code file:line:column}), or empty
 * @param measures lost, applied twice, wrong accounts, applied-topic duplicates
 * @param simulatedModes the modes the simulator's forensics named
 * @param realModes the modes named in any real run
 * @param agrees true when every symptom agrees and the real modes are among the simulated ones
 * @param disagreements one sentence per disagreement (empty when they agree)
 */
public record CrossCheckReport(String scene, String title, long seed, Map<String, String> settings, String howReal,
        String limit, String statedAt, int runs, double timeScale, List<Measure> measures, List<String> simulatedModes, List<String> realModes,
        boolean agrees, List<String> disagreements, long brokerStartMsMedian, long brokerRssKbMedian,
        long realWallMsMedian, List<RealRunResult> realRuns) {

    /**
     * One symptom on both sides.
     *
     * @param simulated the simulator's count
     * @param realMin smallest count over the real runs
     * @param realMedian median count over the real runs
     * @param realMax largest count over the real runs
     * @param realRunsWithIt in how many real runs the count was above zero
     * @param agrees simulated &gt; 0 and some real run &gt; 0, or simulated = 0 and every real run = 0
     */
    public record Measure(String name, int simulated, int realMin, int realMedian, int realMax, int realRunsWithIt,
            boolean agrees) {
    }

    static CrossCheckReport of(LogScene scene, long seed, LogSettings settings, Crosscheckability verdict,
            LogRunResult sim, List<RealRunResult> real) {
        List<Measure> measures = new ArrayList<>();
        measures.add(measure("lost entries", sim.lostEntries().size(), real, r -> r.lostEntries().size()));
        measures.add(measure("applied twice", sim.duplicateEntries().size(), real, r -> r.duplicateEntries().size()));
        measures.add(measure("wrong accounts", sim.wrongAccounts().size(), real, r -> r.wrongAccounts().size()));
        measures.add(measure("applied-topic duplicates", sim.appliedOutputDuplicates(), real,
                RealRunResult::appliedOutputDuplicates));
        Set<String> simModes = new TreeSet<>(sim.causes());
        Set<String> realModes = new TreeSet<>();
        real.forEach(r -> realModes.addAll(r.causes()));
        List<String> disagreements = new ArrayList<>();
        for (Measure m : measures) {
            if (!m.agrees()) {
                disagreements.add(m.simulated() > 0
                        ? "the simulator shows " + m.simulated() + " " + m.name() + ", no real run shows any"
                        : "the simulator shows no " + m.name() + ", " + m.realRunsWithIt() + " of " + real.size()
                                + " real runs do (up to " + m.realMax() + ")");
            }
        }
        for (String mode : realModes) {
            if (!simModes.contains(mode)) {
                disagreements.add("real runs name " + mode + ", the simulator does not");
            }
        }
        for (RealRunResult r : real) {
            if (r.unprocessedEntries() > 0) {
                disagreements.add("real run " + r.run() + " left " + r.unprocessedEntries() + " entries unprocessed "
                        + "(the app had not caught up when the run ended)");
            }
        }
        return new CrossCheckReport(scene.id(), scene.title(), seed, settings.explicit(), verdict.reason(),
                verdict.limit(), verdict.statedAt(), real.size(),
                real.isEmpty() ? 1 : real.get(0).timeScale(), List.copyOf(measures), List.copyOf(simModes),
                List.copyOf(realModes), disagreements.isEmpty(), List.copyOf(disagreements),
                median(real, RealRunResult::brokerStartMs), median(real, RealRunResult::brokerRssKb),
                median(real, RealRunResult::wallMs), List.copyOf(real));
    }

    private static Measure measure(String name, int simulated, List<RealRunResult> real, ToIntFunction<RealRunResult> f) {
        List<Integer> values = new ArrayList<>();
        real.forEach(r -> values.add(f.applyAsInt(r)));
        values.sort(null);
        int with = (int) values.stream().filter(v -> v > 0).count();
        boolean agrees = simulated > 0 ? with > 0 : with == 0;
        return new Measure(name, simulated, values.isEmpty() ? 0 : values.get(0),
                values.isEmpty() ? 0 : values.get(values.size() / 2), values.isEmpty() ? 0 : values.get(values.size() - 1),
                with, agrees);
    }

    private static long median(List<RealRunResult> real, java.util.function.ToLongFunction<RealRunResult> f) {
        List<Long> values = new ArrayList<>();
        real.forEach(r -> values.add(f.applyAsLong(r)));
        values.sort(null);
        return values.isEmpty() ? -1 : values.get(values.size() / 2);
    }

    /** The measure with this name. */
    public Measure measure(String name) {
        return measures.stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no measure " + name));
    }
}
