package racelab.logsim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import racelab.logsim.safety.FaultSchedules;

/**
 * With every safety setting on, no run may end with a hanging transaction: one still open in a partition leader's log
 * that its coordinator no longer has in progress (what {@code kafka-transactions.sh find-hanging}, KIP-664, lists). It
 * holds the partition's last stable offset back for good, so read_committed consumers and the exactly_once_v2 restore
 * stop there. Kafka 4.x rules them out with acks=all markers, epoch fencing and transaction verification (KIP-890).
 * This checks the cause directly where the audit only sees its effects when something reads past it: the campaign's
 * seeds 4410, 4485 and 7159 each left one on the changelog and the applied topic (a dead producer woken by a broker's
 * reset re-sent a transaction aborted without markers), and each fails here without both fixes
 * (Cluster.resetConnections' incarnation check, AppInstance.crash closing the producers).
 */
class HangingTransactionsTest {

    private static final int CAMPAIGN_SEEDS = 60;

    @Test
    void campaignSchedulesLeaveNoHangingTransaction() throws Exception {
        List<Long> seeds = LongStream.concat(LongStream.of(4410, 4485, 7159), LongStream.rangeClosed(1, CAMPAIGN_SEEDS))
                .boxed().toList();
        for (long seed : seeds) {
            LogSimulation run = LogSimulation.runKept(FaultSchedules.scene(seed), seed, Map.of());
            assertThat(run.hangingTransactions()).as("log-safety --seeds %d..%d", seed, seed).isEmpty();
        }
    }
}
