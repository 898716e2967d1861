package racelab.explore;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SchedulesTest {

    private final Lanes lanes = Lanes.of(TestScenes.withdrawals(2));

    @Test
    void serialOrderHasDistanceZeroAndTheReverseLaneOrderHasEveryPairInverted() {
        assertThat(Schedules.distance(lanes, new int[] {0, 1, 2, 3, 4, 5, 6, 7})).isZero();
        assertThat(Schedules.distance(lanes, new int[] {4, 5, 6, 7, 0, 1, 2, 3})).isEqualTo(16);
    }

    @Test
    void distanceCountsAdjacentSwapsFromSerialOrder() {
        // T1.begin T1.check T2.begin T2.check T1.apply T1.commit T2.apply T2.commit: two T2 steps pass two T1 steps.
        assertThat(Schedules.distance(lanes, new int[] {0, 1, 4, 5, 2, 3, 6, 7})).isEqualTo(4);
        assertThat(Schedules.distance(lanes, new int[] {0, 1, 2, 4, 3, 5, 6, 7})).isEqualTo(1);
    }

    @Test
    void tiesAreBrokenLexicographically() {
        int[] a = {0, 1, 2, 4, 3, 5, 6, 7};
        int[] b = {4, 0, 1, 2, 3, 5, 6, 7};
        assertThat(Schedules.distance(lanes, b)).isEqualTo(4);
        assertThat(Schedules.compare(lanes, a, b)).isNegative();
        int[] c = {0, 1, 4, 2, 3, 5, 6, 7};
        assertThat(Schedules.distance(lanes, c)).isEqualTo(2);
        int[] d = {0, 1, 2, 4, 5, 3, 6, 7};
        assertThat(Schedules.distance(lanes, d)).isEqualTo(2);
        // Equal distance: the schedule that keeps the lower lane running longer comes first.
        assertThat(Schedules.compare(lanes, d, c)).isNegative();
    }
}
