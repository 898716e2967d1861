package racelab.explore;

import java.util.List;
import java.util.stream.Collectors;
import racelab.scenario.StepRef;

/** Helpers on schedules: their distance from the lanes' natural order and their text form. */
public final class Schedules {

    private Schedules() {
    }

    /**
     * How far a schedule strays from the lanes' natural (serial) order {@code T1..., T2..., ...}: the number of
     * <em>conflicting</em> pairs decided against lane order, i.e. pairs of dependent steps (see
     * {@link Independence}) where the step of the later lane runs first.
     *
     * <p>It is the same for every schedule of an equivalence class (dependent steps keep their order inside a
     * class), it is 0 exactly when the schedule is equivalent to the serial one, and it counts only what can matter:
     * for the double spend it is 1, because the one thing the race needs is {@code T2.check} before
     * {@code T1.commit}; where {@code T2.begin} sits is irrelevant. With {@link Independence#none} every pair of
     * steps of different lanes is dependent and this is the plain number of inversions relative to serial order.
     * Ties between classes are broken by comparing their Foata normal forms ({@link Independence#foata}) by step id.
     */
    public static int distance(Lanes lanes, Independence independence, int[] schedule) {
        int inversions = 0;
        for (int i = 0; i < schedule.length; i++) {
            for (int j = i + 1; j < schedule.length; j++) {
                if (lanes.laneOf(schedule[i]) > lanes.laneOf(schedule[j])
                        && !independence.independent(schedule[i], schedule[j])) {
                    inversions++;
                }
            }
        }
        return inversions;
    }

    /** Orders schedules by {@link #distance}, then lexicographically by step id of their Foata normal forms. */
    public static int compare(Lanes lanes, Independence independence, int[] a, int[] b) {
        int byDistance = Integer.compare(distance(lanes, independence, a), distance(lanes, independence, b));
        if (byDistance != 0) {
            return byDistance;
        }
        return java.util.Arrays.compare(independence.foata(a), independence.foata(b));
    }

    /** {@code T1.begin T1.check ...} as one line. */
    public static String text(List<StepRef> schedule) {
        return schedule.stream().map(StepRef::toString).collect(Collectors.joining(" "));
    }
}
