package racelab.ledger;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The wait-for graph of one moment: which lane waits for which, as observed from any backend's lock view or the
 * lab's own lock tables. A lane waits for at most one holder at a time, so every lane has at most one edge.
 *
 * <p>A deadlock is a cycle in this graph and nothing else: a lane whose holder commits, or a chain of waiters whose
 * head runs, is not deadlocked, whatever the database names its error. Backend-neutral on purpose: the engine breaks
 * cycles a database leaves standing from this graph alone.
 */
public final class WaitForGraph {

    private WaitForGraph() {
    }

    /**
     * The first cycle found, starting from the waiters in the map's iteration order, listed from that waiter along
     * its edges; empty when there is none.
     */
    public static List<String> cycle(Map<String, String> waitsFor) {
        Set<String> cleared = new HashSet<>();
        for (String start : waitsFor.keySet()) {
            List<String> path = new ArrayList<>();
            Set<String> onPath = new HashSet<>();
            String lane = start;
            while (lane != null && !cleared.contains(lane)) {
                if (onPath.contains(lane)) {
                    return List.copyOf(path.subList(path.indexOf(lane), path.size()));
                }
                onPath.add(lane);
                path.add(lane);
                lane = waitsFor.get(lane);
            }
            cleared.addAll(path);
        }
        return List.of();
    }

    /** Whether {@code from} waits, directly or through other waiters, for {@code to}. */
    public static boolean reaches(Map<String, String> waitsFor, String from, String to) {
        Set<String> seen = new HashSet<>();
        String lane = waitsFor.get(from);
        while (lane != null && seen.add(lane)) {
            if (lane.equals(to)) {
                return true;
            }
            lane = waitsFor.get(lane);
        }
        return false;
    }

    /** The cycle as people read it: {@code T1 waits for T2, T2 waits for T1}. */
    public static String describe(List<String> cycle) {
        List<String> edges = new ArrayList<>();
        for (int i = 0; i < cycle.size(); i++) {
            edges.add(cycle.get(i) + " waits for " + cycle.get((i + 1) % cycle.size()));
        }
        return String.join(", ", edges);
    }
}
