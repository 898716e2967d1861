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
     * them F10; the same schedules with ELR on (the 4.1+ default) never produce an F10.
     */
    @Test
    void withFsyncAndElrOffItFindsLastReplicaStandingLabelledF10() throws Exception {
        Map<String, String> unsafe = Map.of("flush.messages", Long.toString(Long.MAX_VALUE),
                "eligible.leader.replicas.version", "0");
        for (long seed : new long[] {17, 103}) {
            var off = SafetyCampaign.runOne(seed, unsafe);
            assertThat(off.causes()).as("seed " + seed + " with ELR off").contains("F10");
            assertThat(off.unexplained()).isEmpty();
            var on = SafetyCampaign.runOne(seed, Map.of("flush.messages", Long.toString(Long.MAX_VALUE)));
            assertThat(on.causes()).as("seed " + seed + " with ELR on").doesNotContain("F10");
            assertThat(on.unexplained()).isEmpty();
        }
    }
}
