package racelab.logsim.forensics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import racelab.logsim.LogSimulation;
import racelab.logsim.result.LogRunResult;
import racelab.logsim.result.OutputAudit;
import racelab.logsim.safety.FaultSchedules;

/**
 * The live store can be wrong while the changelog ends right. Seed 2293 of {@code log-safety --set
 * processing.guarantee=at_least_once --set sim.network.jitter.ms=40}: app-1 is paused for 55 s, its task moves to
 * app-2, which restores and replays from offset 0 onto a state that already holds the entries (F1); when app-1 wakes,
 * its old producer retries the batches it held (a zombie, F14), so the changelog's last values come from before the
 * replay and are right, while app-2's store keeps the replayed duplicates. The store audit took its causes only from
 * the changelog's, which had none, and ended unexplained.
 */
class LiveStoreAuditTest {

    @Test
    void aStoreWithReplayedDuplicatesIsF1EvenWhenTheChangelogEndsRight() throws Exception {
        LogRunResult r = LogSimulation.run(FaultSchedules.scene(2293), 2293, Map.of("processing.guarantee",
                "at_least_once", "sim.network.jitter.ms", "40"));
        assertThat(r.unexplained()).isEmpty();
        OutputAudit store = r.output(OutputAudit.STORE);
        assertThat(store.available()).isTrue();
        assertThat(store.duplicated()).isNotEmpty();
        assertThat(store.causes()).containsExactly("F1");
        assertThat(r.output(OutputAudit.CHANGELOG).clean()).isTrue();
        assertThat(r.correct()).isFalse();
    }

    /** Under exactly_once_v2 F1 is impossible: a store duplicate there would still be reported unexplained. */
    @Test
    void theStoresF1NeedsAtLeastOnce() throws Exception {
        assertThat(ModeGate.possible("F1", racelab.logsim.config.LogSettings.of(Map.of("processing.guarantee",
                "exactly_once_v2")))).isFalse();
    }
}
