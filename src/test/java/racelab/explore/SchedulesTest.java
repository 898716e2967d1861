package racelab.explore;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SchedulesTest {

    private final Lanes lanes = Lanes.of(TestScenes.withdrawals(2));
    private final Independence everyPairDependent = Independence.none(lanes);
    private final Independence naive = Independence.of(lanes,
            new MitigationFootprints().model(TestScenes.withdrawals(2), "naive"));

    @Test
    void withoutIndependenceTheDistanceIsThePlainInversionCount() {
        assertThat(Schedules.distance(lanes, everyPairDependent, new int[] {0, 1, 2, 3, 4, 5, 6, 7})).isZero();
        assertThat(Schedules.distance(lanes, everyPairDependent, new int[] {4, 5, 6, 7, 0, 1, 2, 3})).isEqualTo(16);
        // T1.begin T1.check T2.begin T2.check T1.apply T1.commit T2.apply T2.commit: two T2 steps pass two T1 steps.
        assertThat(Schedules.distance(lanes, everyPairDependent, new int[] {0, 1, 4, 5, 2, 3, 6, 7})).isEqualTo(4);
    }

    @Test
    void theDistanceCountsOnlyConflictingPairsOutOfLaneOrder() {
        // Under naive only T2.check before T1.commit conflicts; T2.begin sends no SQL and a read passes a write.
        assertThat(Schedules.distance(lanes, naive, new int[] {0, 1, 4, 5, 2, 3, 6, 7})).isEqualTo(1);
        assertThat(Schedules.distance(lanes, naive, new int[] {0, 1, 2, 4, 5, 3, 6, 7})).isEqualTo(1);
        // T2 entirely first: check/commit (1), apply/apply and apply/commit (2), commit with all three SQL steps (3).
        assertThat(Schedules.distance(lanes, naive, new int[] {4, 5, 6, 7, 0, 1, 2, 3})).isEqualTo(6);
    }

    @Test
    void foataFormPutsEveryStepAsEarlyAsItsDependenciesAllow() {
        int[] raced = {0, 1, 2, 4, 5, 3, 6, 7};
        assertThat(lanes.toSteps(naive.foata(raced)).toString())
                .isEqualTo("[T1.begin, T2.begin, T1.check, T2.check, T1.apply, T1.commit, T2.apply, T2.commit]");
        assertThat(naive.foata(raced)).isEqualTo(naive.foata(new int[] {0, 1, 4, 5, 2, 3, 6, 7}));
        assertThat(everyPairDependent.foata(raced)).isEqualTo(raced);
    }

    @Test
    void tiesAreBrokenByTheFoataForm() {
        int[] a = {0, 1, 2, 4, 5, 3, 6, 7};
        int[] b = {0, 4, 5, 1, 2, 3, 6, 7};
        assertThat(Schedules.compare(lanes, naive, a, b)).isZero();
        int[] serial = {0, 1, 2, 3, 4, 5, 6, 7};
        assertThat(Schedules.compare(lanes, naive, serial, a)).isNegative();
    }
}
