package racelab.logsim.scene;

import java.util.List;
import java.util.Map;

/**
 * A {@code kind: log} scene: a seeded journal workload through the simulated cluster, faults at simulated times,
 * Kafka settings, and the one change ({@link #fix()}) that removes the loss it shows.
 *
 * @param settings Kafka config names (and sim.* knobs) to values, as written in the scene
 * @param fix the settings that remove this scene's loss (usually one)
 * @param modes catalog ids this scene demonstrates, e.g. F1
 * @param expect what the scene shows with its own settings: lost, duplicated, conservation, or none
 * @param powerDomains domain name to machine ids; machines not listed are in domain "rack"
 * @param durationMs simulated run length, or -1 for "last entry or fault plus two minutes"
 * @param crosscheck what the file says about running it on real Kafka, or null when it says nothing (scenes built in
 *     code, and derived scenes whose faults or settings no longer are the file's)
 */
public record LogScene(String id, String file, String title, long seed, Map<String, String> settings,
        Map<String, String> fix, List<String> modes, String expect, Workload workload, List<Fault> faults,
        Map<String, List<String>> powerDomains, long durationMs, String narration, CrosscheckStatement crosscheck) {

    /** A scene that states nothing about real Kafka (built in code, or derived from a file's scene). */
    public LogScene(String id, String file, String title, long seed, Map<String, String> settings,
            Map<String, String> fix, List<String> modes, String expect, Workload workload, List<Fault> faults,
            Map<String, List<String>> powerDomains, long durationMs, String narration) {
        this(id, file, title, seed, settings, fix, modes, expect, workload, faults, powerDomains, durationMs, narration,
                null);
    }
}
