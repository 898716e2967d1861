package racelab.explore;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The immutable result of exploring one scene under one mitigation.
 *
 * @param schedules every interleaving of the lanes' steps (lane order kept)
 * @param explored schedules actually run on the database
 * @param pruned interleavings not run because an equivalent schedule was run ({@code schedules - explored} when
 *     complete)
 * @param complete false when the search was cancelled; the counts then cover the runs done so far
 * @param outcomes number of explored runs per outcome, every outcome listed, worst first
 * @param schedulesByOutcome number of interleavings per outcome (each counted with its class's outcome), so it sums
 *     to {@code schedules} and does not depend on pruning; empty when the scene is too large to enumerate or the
 *     search was cancelled
 * @param violating explored schedules whose outcome is {@link Outcome#VIOLATED}, nearest to serial order first
 * @param minimal the smallest counterexample: of the violating equivalence classes, the one with the fewest
 *     conflicting steps out of lane order ({@link Schedules#distance}), shown in its Foata normal form
 *     ({@link Independence#foata}); null when nothing was violated. It is equivalent to a schedule that was run.
 * @param examples per outcome found, the nearest-to-serial class with that outcome, in Foata normal form
 */
public record ExploreResult(
        String sceneId,
        String mitigation,
        long schedules,
        long explored,
        long pruned,
        boolean complete,
        Map<Outcome, Long> outcomes,
        Map<Outcome, Long> schedulesByOutcome,
        List<ScheduleResult> violating,
        ScheduleResult minimal,
        Map<Outcome, ScheduleResult> examples) {

    public ExploreResult {
        outcomes = Collections.unmodifiableMap(new LinkedHashMap<>(outcomes));
        schedulesByOutcome = Collections.unmodifiableMap(new LinkedHashMap<>(schedulesByOutcome));
        violating = List.copyOf(violating);
        examples = Collections.unmodifiableMap(new LinkedHashMap<>(examples));
    }

    /** Runs with this outcome. */
    public long count(Outcome outcome) {
        return outcomes.getOrDefault(outcome, 0L);
    }

    /**
     * What the violating runs showed, each in plain words with the literature's name beside it where there is one
     * ({@code constraint violated (P4 lost update)}, {@code write skew (G2-item write skew)}), the label every run
     * shows; one entry per literature name (the most specific plain words found for it), then the anomalies without one
     * (a stale replica read, a repeated request), in order of first appearance; empty when nothing was violated.
     */
    public List<String> anomalyNames() {
        java.util.LinkedHashMap<String, String> byName = new java.util.LinkedHashMap<>();
        for (ScheduleResult result : violating) {
            for (String line : result.anomalies()) {
                int colon = line.indexOf(": ");
                String head = colon < 0 ? line : line.substring(0, colon);
                int open = head.indexOf(" [");
                String type = (open >= 0 ? head.substring(0, open) : head).split(" ")[0];
                String plain = type.toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
                if (open >= 0 && head.endsWith("]")) {
                    String literature = head.substring(open + 2, head.length() - 1);
                    String label = plain + " (" + literature + ")";
                    // "write skew (G2-item ...)" says more than "constraint violated (G2-item ...)".
                    if (!byName.containsKey(literature) || (byName.get(literature).startsWith("constraint violated")
                            && !type.equals("CONSTRAINT_VIOLATED"))) {
                        byName.put(literature, label);
                    }
                } else if (!type.equals("DEADLOCK")) {
                    byName.putIfAbsent(plain, plain);
                }
            }
        }
        return List.copyOf(byName.values());
    }

    /** True when no explored schedule violated the ledger and every run produced an outcome. */
    public boolean sound() {
        return count(Outcome.VIOLATED) == 0 && count(Outcome.ENGINE_ERROR) == 0;
    }
}
