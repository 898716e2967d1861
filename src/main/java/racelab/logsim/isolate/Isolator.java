package racelab.logsim.isolate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import racelab.logsim.LogSimulation;
import racelab.logsim.config.LogSettings;
import racelab.logsim.config.SettingException;
import racelab.logsim.result.LogRunResult;
import racelab.logsim.scene.LogScene;

/**
 * Seed question 2.2, "is it cause a or cause b?": runs a scene over a range of seeds as it is, with every safety knob
 * on, and with each suspected knob switched to its safe value alone. A knob whose change alone brings the number of
 * bad runs to zero is a cause on its own; if none does but all together do, the causes overlap.
 */
public final class Isolator {

    /**
     * One suspected failure mode and the setting change that switches it off; {@code suspect} says whether a run's
     * settings are in the unsafe state this knob repairs.
     */
    public record Knob(String id, String modes, String description, Map<String, String> safe,
            Predicate<LogSettings> suspect) {
    }

    /** What one configuration did over the seed range. */
    public record Outcome(String label, Map<String, String> change, boolean alreadySafe, boolean applicable, int runs,
            int runsWithLoss, int lostEntries, int duplicateEntries, int wrongAccounts, List<String> causes) {

        public boolean removesLoss() {
            return applicable && !alreadySafe && runs > 0 && runsWithLoss == 0;
        }
    }

    /** The whole isolation report, immutable, for the CLI and the UI. */
    public record Report(String scene, long seedFrom, long seedTo, Outcome baseline, Outcome allSafe, List<Outcome> knobs,
            List<String> removingKnobs, boolean cancelled) {
    }

    /** Progress callback: runs done out of total, and what is running. */
    public interface Progress {
        void update(int done, int total, String what);
    }

    public static final List<Knob> KNOBS = List.of(
            new Knob("exactly-once", "F1 F2 F14", "processing.guarantee=exactly_once_v2",
                    Map.of(LogSettings.PROCESSING_GUARANTEE, LogSettings.EXACTLY_ONCE_V2),
                    s -> !s.isExactlyOnce() && !s.isHandMade()),
            new Knob("acks-all", "F5", "acks=all", Map.of("acks", "all"), s -> s.acks() != -1),
            new Knob("idempotence", "F6", "enable.idempotence=true", Map.of("enable.idempotence", "true"),
                    s -> !s.idempotenceEffective()),
            new Knob("replication", "F7", "replication.factor=3, min.insync.replicas=2",
                    Map.of("replication.factor", "3", "min.insync.replicas", "2"),
                    s -> s.topicLong("changelog", "replication.factor") < 3
                            || s.topicLong("changelog", "min.insync.replicas") < 2),
            new Knob("clean-election", "F8", "unclean.leader.election.enable=false",
                    Map.of("unclean.leader.election.enable", "false"),
                    s -> Boolean.parseBoolean(s.topic("changelog", "unclean.leader.election.enable"))),
            new Knob("fsync", "F9", "flush.messages=1", Map.of("flush.messages", "1"),
                    s -> s.topicLong("changelog", "flush.messages") > 1),
            new Knob("commit-after-flush", "F4", "enable.auto.commit=false", Map.of("enable.auto.commit", "false"),
                    s -> s.isHandMade() && s.getBool("enable.auto.commit")),
            new Knob("checkpoint-order", "F12", "sim.checkpoint.after.store.flush=true",
                    Map.of("sim.checkpoint.after.store.flush", "true"), s -> !s.getBool("sim.checkpoint.after.store.flush")),
            new Knob("compaction", "F15", "changelog/cleanup.policy=compact", Map.of("changelog/cleanup.policy", "compact"),
                    s -> s.topic("changelog", "cleanup.policy").contains("delete")),
            new Knob("saga", "F17", "sim.entry.routing=saga", Map.of("sim.entry.routing", "saga"),
                    s -> s.get("sim.entry.routing").equals("legs")),
            new Knob("cache-off", "F2", "statestore.cache.max.bytes=0", Map.of("statestore.cache.max.bytes", "0"),
                    s -> s.getBool("sim.store.caching") && s.getLong("statestore.cache.max.bytes") > 0),
            new Knob("idempotent-processor", "F1", "sim.processor.idempotent=true",
                    Map.of("sim.processor.idempotent", "true"),
                    s -> !s.getBool("sim.processor.idempotent") && !s.isExactlyOnce()));

    /**
     * Runs the isolation. {@code overrides} apply to every run (e.g. from --set).
     *
     * @throws SettingException if the scene's own settings are invalid
     */
    public Report isolate(LogScene scene, long seedFrom, long seedTo, Map<String, String> overrides, Progress progress,
            BooleanSupplier cancelled) throws SettingException {
        LogSettings base = LogSimulation.settingsFor(scene, overrides);
        Map<String, String> allSafe = new LinkedHashMap<>(overrides);
        for (Knob knob : KNOBS) {
            if (!knob.suspect().test(base)) {
                continue;
            }
            Map<String, String> merged = new LinkedHashMap<>(allSafe);
            merged.putAll(knob.safe());
            if (applicable(scene, merged)) {
                allSafe = merged;
            }
        }
        int seeds = (int) (seedTo - seedFrom + 1);
        int configurations = 2 + KNOBS.size();
        int total = seeds * configurations;
        int[] done = {0};
        boolean[] stop = {false};
        Outcome baseline = measure("as the scene is", scene, seedFrom, seedTo, overrides, false, true, progress, done, total,
                cancelled, stop);
        Outcome safeOutcome = measure("all safety settings on", scene, seedFrom, seedTo, allSafe, false,
                applicable(scene, allSafe), progress, done, total, cancelled, stop);
        List<Outcome> outcomes = new ArrayList<>();
        List<String> removing = new ArrayList<>();
        for (Knob knob : KNOBS) {
            Map<String, String> change = new LinkedHashMap<>(overrides);
            change.putAll(knob.safe());
            boolean applicable = applicable(scene, change);
            boolean alreadySafe = applicable && !knob.suspect().test(base);
            Outcome outcome = measure(knob.id() + " (" + knob.modes() + "): " + knob.description(), scene, seedFrom, seedTo,
                    change, alreadySafe, applicable, progress, done, total, cancelled, stop);
            outcomes.add(outcome);
            if (outcome.removesLoss() && baseline.runsWithLoss() > 0) {
                removing.add(knob.id());
            }
        }
        return new Report(scene.id(), seedFrom, seedTo, baseline, safeOutcome, List.copyOf(outcomes), List.copyOf(removing),
                stop[0]);
    }

    private static boolean applicable(LogScene scene, Map<String, String> change) {
        try {
            LogSimulation.settingsFor(scene, change);
            return true;
        } catch (SettingException e) {
            return false;
        }
    }

    private static Outcome measure(String label, LogScene scene, long seedFrom, long seedTo, Map<String, String> change,
            boolean alreadySafe, boolean applicable, Progress progress, int[] done, int total, BooleanSupplier cancelled,
            boolean[] stop) throws SettingException {
        int runs = 0;
        int bad = 0;
        int lost = 0;
        int duplicated = 0;
        int wrong = 0;
        java.util.Set<String> causes = new java.util.TreeSet<>();
        int seeds = (int) (seedTo - seedFrom + 1);
        if (!applicable || alreadySafe) {
            done[0] += seeds;
            progress.update(done[0], total, label + (applicable ? " (already safe)" : " (not applicable)"));
            return new Outcome(label, Map.copyOf(change), alreadySafe, applicable, 0, 0, 0, 0, 0, List.of());
        }
        for (long seed = seedFrom; seed <= seedTo && !stop[0]; seed++) {
            if (cancelled.getAsBoolean()) {
                stop[0] = true;
                break;
            }
            LogRunResult r;
            try {
                r = LogSimulation.run(scene, seed, change, cancelled);
            } catch (LogSimulation.CancelledException e) {
                stop[0] = true;
                break;
            }
            runs++;
            if (!r.correct()) {
                bad++;
            }
            lost += r.lostEntries().size();
            duplicated += r.duplicateEntries().size();
            wrong += r.wrongAccounts().size();
            causes.addAll(r.causes());
            done[0]++;
            progress.update(done[0], total, label + " seed " + seed);
        }
        return new Outcome(label, Map.copyOf(change), false, true, runs, bad, lost, duplicated, wrong, List.copyOf(causes));
    }
}
