package racelab.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import racelab.logsim.LogSimulation;
import racelab.logsim.config.SettingException;
import racelab.logsim.result.LogRunResult;
import racelab.logsim.scene.LogScene;
import racelab.logsim.scene.LogSceneLoader;

/**
 * One log scene's fault script, with one seed, run under several setting presets: the same journal, the same
 * faults at the same simulated times, only the settings (or the power wiring) differ.
 *
 * @param runs one entry per preset, in the order asked for
 */
public record LogComparison(LogScene scene, long seed, List<Column> runs) {

    /**
     * One preset's run.
     *
     * @param scene the scene actually run (differs from the compared scene only for separate power domains)
     * @param result the run, or null when the simulator refused the combination of settings
     * @param refusal why the simulator refused it (as Kafka would, e.g. exactly_once_v2 with acks=1), or null
     */
    public record Column(LogPreset preset, LogScene scene, LogRunResult result, String refusal) {

        /** Whether the preset ran; a refused combination has no result. */
        public boolean ran() {
            return result != null;
        }

        /** Entries the recovered ledger lost (0 when not run). */
        public int lost() {
            return ran() ? result.lostEntries().size() : 0;
        }

        /** Entries applied more than once (0 when not run). */
        public int doubleApplied() {
            return ran() ? result.duplicateEntries().size() : 0;
        }

        /** {@code correct}, {@code not run}, or what went wrong in a few words. */
        public String verdict() {
            if (!ran()) {
                return "not run";
            }
            if (result.correct()) {
                return "correct";
            }
            List<String> parts = new ArrayList<>();
            if (lost() > 0) {
                parts.add(lost() + " lost");
            }
            if (doubleApplied() > 0) {
                parts.add(doubleApplied() + " double-applied");
            }
            if (parts.isEmpty() && !result.wrongAccounts().isEmpty()) {
                parts.add(result.wrongAccounts().size() + " wrong balance" + (result.wrongAccounts().size() == 1
                        ? "" : "s"));
            }
            if (parts.isEmpty()) {
                // Balances right, yet not correct: say which output is wrong (e.g. duplicates in the applied topic).
                parts.add(racelab.logsim.result.LogVerdict.of(result).headline().toLowerCase(java.util.Locale.ROOT));
            }
            return String.join(", ", parts);
        }
    }

    public LogComparison {
        runs = List.copyOf(runs);
    }

    /**
     * Runs every preset on the scene with one seed; deterministic, so the same call gives the same columns. A
     * preset the simulator refuses for this scene (a combination Kafka itself rejects) becomes a column that says
     * why, instead of stopping the comparison.
     */
    public static LogComparison run(LogScene scene, long seed, List<LogPreset> presets) throws SettingException {
        List<Column> columns = new ArrayList<>();
        for (LogPreset preset : presets) {
            columns.add(run(scene, seed, preset));
        }
        return new LogComparison(scene, seed, columns);
    }

    /** One preset's column. */
    public static Column run(LogScene scene, long seed, LogPreset preset) throws SettingException {
        LogScene wired = preset.separatePowerDomains() ? separatePowerDomains(scene) : scene;
        racelab.logsim.scene.Fault deciding = racelab.logsim.trace.FaultSweep.defaultFault(wired);
        if (preset.faultAfter() >= 0 && deciding != null) {
            wired = racelab.logsim.trace.FaultSweep.placed(wired, deciding, preset.faultAfter());
        }
        try {
            return new Column(preset, wired, LogSimulation.run(wired, seed, preset.overrides()), null);
        } catch (SettingException refused) {
            if (preset.overrides().isEmpty()) {
                throw refused;
            }
            return new Column(preset, wired, null, refused.getMessage());
        }
    }

    /**
     * The same scene with every broker but the first moved to a power domain of its own ({@code power-broker-N}),
     * so a power cut of any one domain takes down at most one broker. Apps and the first broker stay where the
     * scene put them, so the fault script still finds its targets.
     */
    public static LogScene separatePowerDomains(LogScene scene) throws SettingException {
        List<String> brokers = new ArrayList<>();
        for (String id : LogSceneLoader.machineIds(LogSimulation.settingsFor(scene, Map.of()))) {
            if (id.startsWith("broker-") && !id.equals("broker-1")) {
                brokers.add(id);
            }
        }
        Map<String, List<String>> domains = new LinkedHashMap<>();
        scene.powerDomains().forEach((domain, members) -> {
            List<String> kept = new ArrayList<>(members);
            kept.removeAll(brokers);
            if (!kept.isEmpty()) {
                domains.put(domain, kept);
            }
        });
        for (String broker : brokers) {
            domains.put("power-" + broker, List.of(broker));
        }
        return new LogScene(scene.id(), scene.file(), scene.title(), scene.seed(), scene.settings(), scene.fix(),
                scene.modes(), scene.expect(), scene.workload(), scene.faults(), domains, scene.durationMs(),
                scene.narration());
    }
}
