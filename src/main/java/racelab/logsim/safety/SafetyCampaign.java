package racelab.logsim.safety;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import racelab.logsim.LogSimulation;
import racelab.logsim.config.SettingException;
import racelab.logsim.result.LogRunResult;
import racelab.logsim.scene.Fault;
import racelab.logsim.scene.LogScene;

/**
 * The safety campaign behind {@code log-safety}: one random fault schedule per seed ({@link FaultSchedules}), every
 * safety setting on, and an audit of every output. With all of Kafka's safety settings on, no schedule of crashes,
 * power cuts, kills, isolations and pauses may lose or duplicate an entry; any run that does is reported with its seed,
 * so it can be replayed ({@code log-safety --seeds N..N}).
 */
public final class SafetyCampaign {

    /** One run that lost, duplicated or miscounted something, or failed to finish. */
    public record Failure(long seed, int lost, int duplicated, int wrongAccounts, int appliedDuplicates, int unprocessed,
            boolean conserved, List<String> causes, List<String> faults, Map<String, String> settings, String error,
            String replay, List<String> outputs, List<String> unexplained) {
    }

    /**
     * The campaign's outcome: totals over all runs, the failing runs, and how long it took. {@code unexplainedRuns}
     * counts runs with a difference no mode explains (a simulator or audit bug); it must be 0 under any settings.
     * {@code cpuMs} is the campaign thread's CPU time; {@code cores} and the one-minute load averages at the start and
     * the end say how busy the machine was (a wall time under load is not a speed).
     */
    public record Report(long seedFrom, long seedTo, Map<String, String> overrides, int runs, int runsWrong, int lost,
            int duplicated, int wrongAccounts, int appliedDuplicates, int unprocessed, int errors,
            Map<String, Integer> causes, List<Failure> failures, long elapsedMs, boolean cancelled,
            int unexplainedRuns, long cpuMs, int cores, double loadAverageStart, double loadAverageEnd) {

        public boolean clean() {
            return runsWrong == 0 && errors == 0;
        }
    }

    /** Progress callback: runs done out of total, wrong so far. */
    public interface Progress {
        void update(int done, int total, int wrong);
    }

    /** Failures kept in full in a report (the totals count all of them). */
    public static final int FAILURES_KEPT = 200;

    private SafetyCampaign() {
    }

    /**
     * Runs seeds {@code seedFrom..seedTo}. {@code overrides} go on top of the safety settings (e.g. to switch fsync or
     * eligible leader replicas off and see what the campaign finds then).
     *
     * @throws SettingException if an override is not a valid setting
     */
    public static Report run(long seedFrom, long seedTo, Map<String, String> overrides, Progress progress,
            BooleanSupplier cancelled) throws SettingException {
        LogSimulation.settingsFor(FaultSchedules.scene(seedFrom), overrides);
        long started = System.nanoTime();
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpuStartedNs = threads.getCurrentThreadCpuTime();
        double loadStart = os.getSystemLoadAverage();
        int total = (int) (seedTo - seedFrom + 1);
        int runs = 0;
        int wrongRuns = 0;
        int lost = 0;
        int duplicated = 0;
        int wrongAccounts = 0;
        int appliedDuplicates = 0;
        int unprocessed = 0;
        int errors = 0;
        int unexplainedRuns = 0;
        Map<String, Integer> causes = new TreeMap<>();
        List<Failure> failures = new ArrayList<>();
        boolean stopped = false;
        for (long seed = seedFrom; seed <= seedTo; seed++) {
            if (cancelled.getAsBoolean()) {
                stopped = true;
                break;
            }
            LogScene scene = FaultSchedules.scene(seed);
            Failure failure;
            try {
                LogRunResult r = LogSimulation.run(scene, seed, overrides, cancelled);
                lost += r.lostEntries().size();
                duplicated += r.duplicateEntries().size();
                wrongAccounts += r.wrongAccounts().size();
                appliedDuplicates += r.appliedOutputDuplicates();
                unprocessed += r.unprocessedEntries();
                r.causes().forEach(c -> causes.merge(c, 1, Integer::sum));
                unexplainedRuns += r.unexplained().isEmpty() ? 0 : 1;
                failure = wrong(r) ? new Failure(seed, r.lostEntries().size(), r.duplicateEntries().size(),
                        r.wrongAccounts().size(), r.appliedOutputDuplicates(), r.unprocessedEntries(), r.conserved(),
                        r.causes(), describe(scene), r.settings(), null, replay(seed, overrides), outputs(r),
                        r.unexplained()) : null;
            } catch (LogSimulation.CancelledException e) {
                stopped = true;
                break;
            } catch (RuntimeException e) {
                errors++;
                failure = new Failure(seed, 0, 0, 0, 0, 0, true, List.of(), describe(scene), scene.settings(),
                        e.toString(), replay(seed, overrides), List.of(), List.of());
            }
            runs++;
            if (failure != null) {
                wrongRuns++;
                if (failures.size() < FAILURES_KEPT) {
                    failures.add(failure);
                }
            }
            progress.update(runs, total, wrongRuns);
        }
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;
        return new Report(seedFrom, seedTo, Map.copyOf(overrides), runs, wrongRuns, lost, duplicated, wrongAccounts,
                appliedDuplicates, unprocessed, errors, Map.copyOf(causes), List.copyOf(failures), elapsedMs, stopped,
                unexplainedRuns, (threads.getCurrentThreadCpuTime() - cpuStartedNs) / 1_000_000,
                Runtime.getRuntime().availableProcessors(), loadStart, os.getSystemLoadAverage());
    }

    /** Runs one campaign seed in full, for a detailed look at a failure. */
    public static LogRunResult runOne(long seed, Map<String, String> overrides) throws SettingException {
        return LogSimulation.run(FaultSchedules.scene(seed), seed, overrides);
    }

    /** Whether a run broke the ledger anywhere: a lost, duplicated or unfinished entry, a wrong balance or sum. */
    public static boolean wrong(LogRunResult r) {
        return !r.correct() || r.appliedOutputDuplicates() > 0 || r.unprocessedEntries() > 0;
    }

    /** One line per output that is not clean: what it lost, duplicated or decided wrongly, and why. */
    static List<String> outputs(LogRunResult r) {
        List<String> lines = new ArrayList<>();
        for (racelab.logsim.result.OutputAudit o : r.outputs()) {
            if (o.available() && !o.clean()) {
                lines.add(o.output() + ": lost " + o.lost().size() + ", duplicated " + o.duplicated().size()
                        + ", wrongly decided " + o.wronglyDecided().size() + ", wrong accounts " + o.wrongAccounts()
                        + ", causes " + o.causes());
            }
        }
        return lines;
    }

    static List<String> describe(LogScene scene) {
        List<String> lines = new ArrayList<>();
        for (Fault f : scene.faults()) {
            lines.add(f.describe() + (f.delayMs() > 0 ? " (+" + f.delayMs() + " ms)" : ""));
        }
        return lines;
    }

    private static String replay(long seed, Map<String, String> overrides) {
        StringBuilder command = new StringBuilder("log-safety --seeds " + seed + ".." + seed);
        new LinkedHashMap<>(overrides).forEach((k, v) -> command.append(" --set ").append(k).append('=').append(v));
        return command.toString();
    }
}
