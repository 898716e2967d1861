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
 */
public record LogScene(String id, String file, String title, long seed, Map<String, String> settings,
        Map<String, String> fix, List<String> modes, String expect, Workload workload, List<Fault> faults,
        Map<String, List<String>> powerDomains, long durationMs, String narration) {
}
