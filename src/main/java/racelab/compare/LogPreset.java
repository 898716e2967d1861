package racelab.compare;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One column of a log comparison: Kafka settings laid over the scene's own (they win), or a change to where
 * machines draw their power.
 *
 * @param name how the column is titled, e.g. {@code acks=all + min.insync.replicas=2}
 * @param overrides Kafka config names to values; empty for the scene as written
 * @param separatePowerDomains give every broker but the first its own power domain, so a fault that cuts one
 *     domain takes down at most one broker
 * @param faultAfter -1 to keep the scene's faults as written; else the scene's deciding fault (the one
 *     {@code log-explore} sweeps) fires right after event {@code faultAfter} of this column's own step trace
 */
public record LogPreset(String name, Map<String, String> overrides, boolean separatePowerDomains, int faultAfter) {

    public LogPreset {
        overrides = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
    }

    /** A preset that keeps the scene's faults where it wrote them. */
    public LogPreset(String name, Map<String, String> overrides, boolean separatePowerDomains) {
        this(name, overrides, separatePowerDomains, -1);
    }

    /** The scene's own settings: the baseline every other column changes one thing in. */
    public static final LogPreset AS_WRITTEN = new LogPreset("scene as written", Map.of(), false);

    /**
     * The default columns. {@code min.insync.replicas=2} only means something with at least two replicas, so that
     * preset also sets the changelog's {@code replication.factor=3} (Streams' default, -1, means the broker's
     * {@code default.replication.factor}, 1) and says so in its name.
     */
    public static List<LogPreset> defaults() {
        return List.of(AS_WRITTEN,
                new LogPreset("acks=1", Map.of("acks", "1"), false),
                new LogPreset("acks=all", Map.of("acks", "all"), false),
                new LogPreset("acks=all + min.insync.replicas=2 (replication.factor=3)",
                        ordered("acks", "all", "min.insync.replicas", "2", "replication.factor", "3"), false),
                new LogPreset("exactly_once_v2", Map.of("processing.guarantee", "exactly_once_v2"), false),
                new LogPreset("separate power domains", Map.of(), true));
    }

    /** Short ids for the command line, in {@link #defaults()} order. */
    public static List<String> ids() {
        return List.of("as-written", "acks1", "acks-all", "min-isr2", "eos-v2", "power-domains");
    }

    /** The preset with a command-line id, or null. */
    public static LogPreset byId(String id) {
        int index = ids().indexOf(id);
        return index < 0 ? null : defaults().get(index);
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
