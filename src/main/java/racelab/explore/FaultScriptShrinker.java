package racelab.explore;

import java.util.List;
import java.util.Map;
import racelab.logsim.LogSimulation;
import racelab.logsim.config.SettingException;
import racelab.logsim.result.LogRunResult;
import racelab.logsim.scene.Fault;
import racelab.logsim.scene.LogScene;

/**
 * Shrinks a log scene's fault script with ddmin ({@link DeltaDebugger}) to the smallest sub-script that, under the
 * same seed and settings, still loses a journal entry (or, if the full script only double-applies, still
 * double-applies one).
 *
 * <p>The simulator is deterministic (one seed, one simulated clock), so "still fails" is a function of the fault
 * list and ddmin's 1-minimality holds: removing any single fault from the result makes the symptom disappear.
 * Runs on the caller's thread; cancel between or during simulations.
 */
public final class FaultScriptShrinker {

    /** The symptom that must survive the shrinking. */
    public enum Symptom {
        /** An acknowledged journal entry's effect is missing after recovery. */
        LOST_WRITE("lost write"),
        /** A journal entry's effect is applied more than once after recovery. */
        DUPLICATE_APPLY("duplicate apply");

        private final String label;

        Symptom(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        boolean shownBy(LogRunResult run) {
            return this == LOST_WRITE ? !run.lostEntries().isEmpty() : !run.duplicateEntries().isEmpty();
        }
    }

    /** Told after every simulation. */
    @FunctionalInterface
    public interface Listener {
        Listener NONE = (simulations, faults) -> { };

        /**
         * @param simulations simulations run so far
         * @param faults size of the smallest failing script found so far
         */
        void simulated(int simulations, int faults);
    }

    /**
     * The result of one shrink.
     *
     * @param overrides settings given on top of the scene's, by Kafka name
     * @param original the scene's fault script
     * @param minimal the smallest script that still shows {@code symptom}; 1-minimal when {@code complete}
     * @param simulations distinct scripts simulated (each once: results are cached)
     * @param minimalRun the run of the minimal script, for a drill-down
     */
    public record Result(
            String sceneId,
            long seed,
            Map<String, String> overrides,
            Symptom symptom,
            List<Fault> original,
            List<Fault> minimal,
            int simulations,
            boolean complete,
            LogRunResult minimalRun) {

        public Result {
            overrides = Map.copyOf(overrides);
            original = List.copyOf(original);
            minimal = List.copyOf(minimal);
        }
    }

    private FaultScriptShrinker() {
    }

    /**
     * Shrinks {@code scene}'s faults for one seed.
     *
     * @throws IllegalArgumentException when the full script neither loses nor double-applies anything for this seed
     * @throws SettingException when an override is not a valid setting
     */
    public static Result shrink(
            LogScene scene, long seed, Map<String, String> overrides, Listener listener, Cancellation cancellation)
            throws SettingException {
        LogRunResult full = LogSimulation.run(scene, seed, overrides, cancellation::isCancelled);
        Symptom symptom;
        if (Symptom.LOST_WRITE.shownBy(full)) {
            symptom = Symptom.LOST_WRITE;
        } else if (Symptom.DUPLICATE_APPLY.shownBy(full)) {
            symptom = Symptom.DUPLICATE_APPLY;
        } else {
            throw new IllegalArgumentException("scene " + scene.id() + " with seed " + seed
                    + " neither loses nor double-applies an entry, so there is no failing fault script to shrink");
        }
        int[] simulations = {1};
        int[] smallest = {scene.faults().size()};
        DeltaDebugger<Fault> debugger = new DeltaDebugger<>(faults -> {
            boolean fails;
            try {
                fails = symptom.shownBy(LogSimulation.run(withFaults(scene, faults), seed, overrides,
                        cancellation::isCancelled));
            } catch (LogSimulation.CancelledException e) {
                return false;
            } catch (SettingException e) {
                throw new IllegalStateException("settings were valid for the full script", e);
            }
            simulations[0]++;
            if (fails) {
                smallest[0] = Math.min(smallest[0], faults.size());
            }
            listener.simulated(simulations[0], smallest[0]);
            return fails;
        }, cancellation);
        DeltaDebugger.Result<Fault> shrunk = debugger.minimize(scene.faults());
        LogRunResult minimalRun = shrunk.minimal().equals(scene.faults())
                ? full
                : LogSimulation.run(withFaults(scene, shrunk.minimal()), seed, overrides, () -> false);
        return new Result(scene.id(), seed, overrides, symptom, scene.faults(), shrunk.minimal(), simulations[0],
                shrunk.complete(), minimalRun);
    }

    /** The same scene with another fault script. */
    public static LogScene withFaults(LogScene scene, List<Fault> faults) {
        return new LogScene(scene.id(), scene.file(), scene.title(), scene.seed(), scene.settings(), scene.fix(),
                scene.modes(), scene.expect(), scene.workload(), List.copyOf(faults), scene.powerDomains(),
                scene.durationMs(), scene.narration());
    }
}
