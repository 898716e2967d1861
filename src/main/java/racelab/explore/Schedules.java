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
     * inversions, i.e. pairs of steps where a step of a later lane runs before a step of an earlier lane.
     *
     * <p>It equals the least number of swaps of adjacent steps that turns the serial schedule into this one, so a
     * counterexample with distance 2 is "the serial run with two swaps". The serial schedule has distance 0.
     * Ties between schedules of equal distance are broken by comparing the schedules' lane sequences
     * lexicographically ({@link #compare}).
     */
    public static int distance(Lanes lanes, int[] schedule) {
        int[] laterStepsSeen = new int[lanes.laneCount()];
        int inversions = 0;
        for (int id : schedule) {
            int lane = lanes.laneOf(id);
            for (int later = lane + 1; later < lanes.laneCount(); later++) {
                inversions += laterStepsSeen[later];
            }
            laterStepsSeen[lane]++;
        }
        return inversions;
    }

    /** Orders schedules by {@link #distance}, then lexicographically by step id (lower lanes first). */
    public static int compare(Lanes lanes, int[] a, int[] b) {
        int byDistance = Integer.compare(distance(lanes, a), distance(lanes, b));
        if (byDistance != 0) {
            return byDistance;
        }
        return java.util.Arrays.compare(a, b);
    }

    /** {@code T1.begin T1.check ...} as one line. */
    public static String text(List<StepRef> schedule) {
        return schedule.stream().map(StepRef::toString).collect(Collectors.joining(" "));
    }
}
