package racelab.logsim.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A slice of the log-safety campaign in the suite: 500 random fault schedules (power cuts of any machine set, kills,
 * isolations, pauses, bounces, overlapping) with every safety setting on lose, duplicate and miscount nothing. The
 * full 10,000-seed campaign is the command {@code log-safety --seeds 1..10000}.
 */
class SafetyCampaignTest {

    @Test
    void fiveHundredRandomFaultSchedulesLoseAndDuplicateNothing() throws Exception {
        SafetyCampaign.Report report = SafetyCampaign.run(1, 500, Map.of(), (done, total, wrong) -> { }, () -> false);
        assertThat(report.runs()).isEqualTo(500);
        assertThat(report.failures()).as("failing seeds (replay each with log-safety --seeds N..N)").isEmpty();
        assertThat(report.lost()).isZero();
        assertThat(report.duplicated()).isZero();
        assertThat(report.wrongAccounts()).isZero();
        assertThat(report.appliedDuplicates()).isZero();
        assertThat(report.unprocessed()).isZero();
        assertThat(report.errors()).isZero();
    }

    /**
     * With fsync off and eligible leader replicas off the campaign still finds last-replica-standing losses and calls
     * them F10, and nothing it finds is unexplained; the same schedules with ELR on (the 4.1+ default) never produce an
     * F10. A property over the first seeds of the campaign, not a list of seeds that happened to show it.
     */
    @Test
    void withFsyncAndElrOffItFindsLastReplicaStandingLabelledF10() throws Exception {
        String noFsync = Long.toString(Long.MAX_VALUE);
        int f10Runs = 0;
        for (long seed = 1; seed <= F10_SEEDS; seed++) {
            var off = SafetyCampaign.runOne(seed, Map.of("flush.messages", noFsync, "eligible.leader.replicas.version", "0"));
            assertThat(off.unexplained()).as("seed " + seed + " with ELR off").isEmpty();
            if (off.causes().contains("F10")) {
                f10Runs++;
                var on = SafetyCampaign.runOne(seed, Map.of("flush.messages", noFsync));
                assertThat(on.causes()).as("seed " + seed + " with ELR on").doesNotContain("F10");
                assertThat(on.unexplained()).as("seed " + seed + " with ELR on").isEmpty();
            }
        }
        assertThat(f10Runs).as("last-replica-standing losses among seeds 1.." + F10_SEEDS).isPositive();
    }

    private static final int F10_SEEDS = 60;

    /**
     * With fsync on every append (flush.messages=1) and eligible leader replicas off, nothing is lost either: an
     * acknowledged record is below the high watermark, which Kafka 4 advances only while the ISR holds
     * min.insync.replicas members (Partition.maybeIncrementLeaderHW), so it is on the disk of every ISR member
     * (UnifiedLog flushes on the leader's and the followers' appends alike), and without unclean election only an ISR
     * member leads, the last one staying in the ISR. Last replica standing (F10) needs a replica that lost un-fsynced
     * data. The previous session saw two entries lost once in an intermediate schedule; any such loss would show here
     * as a failing seed (F9 and F10 are gated on fsync off, so it could only be reported unexplained).
     */
    @Test
    void withFsyncOnAndElrOffNothingIsLost() throws Exception {
        SafetyCampaign.Report report = SafetyCampaign.run(1, ELR_OFF_SEEDS, Map.of(FaultSchedules.ELR, "0"),
                (done, total, wrong) -> { }, () -> false);
        assertThat(report.runs()).isEqualTo(ELR_OFF_SEEDS);
        assertThat(report.failures()).as("failing seeds (replay each with log-safety --seeds N..N --set "
                + "eligible.leader.replicas.version=0)").isEmpty();
        assertThat(report.unexplainedRuns()).isZero();
    }

    private static final int ELR_OFF_SEEDS = 120;
}
