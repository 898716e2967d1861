package racelab.logsim.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import racelab.logsim.cluster.Cluster;
import racelab.logsim.cluster.Machine;
import racelab.logsim.cluster.PartitionState;
import racelab.logsim.cluster.SimContext;
import racelab.logsim.config.LogSettings;
import racelab.logsim.model.LogRecord;
import racelab.logsim.sim.EventQueue;
import racelab.logsim.sim.ManualClock;
import racelab.logsim.sim.Seed;

/**
 * A require_stable OffsetFetch (KIP-447) reads the group coordinator's latest state, as Kafka 4's
 * OffsetMetadataManager.fetchOffsets does with lastCommittedOffset = Long.MAX_VALUE: an offset commit of a transaction
 * still open anywhere in the coordinator's log, even above the high watermark, makes it UNSTABLE_OFFSET_COMMIT, and
 * the answer waits until the high watermark covers what it read. Looking only below the high watermark answered an
 * older offset while a committed transaction's markers were still pending, and its entries were applied twice.
 */
class StableOffsetFetchTest {

    private static final TopicPartition INPUT = new TopicPartition("journal", 0);

    @Test
    void anOpenTransactionalOffsetAboveTheHighWatermarkIsUnstableUntilItsMarkerIsCovered() throws Exception {
        SimContext ctx = new SimContext(new EventQueue(new ManualClock(), 10_000_000L), LogSettings.of(Map.of()),
                new Seed(3), 100);
        List<Machine> brokers = new ArrayList<>();
        for (int b = 0; b < 3; b++) {
            brokers.add(new Machine("broker-" + (b + 1), "rack", b));
        }
        Cluster cluster = new Cluster(ctx, brokers);
        Machine app = new Machine("app-1", "rack", -1);
        OffsetStore offsets = new OffsetStore(cluster);
        PartitionState p = offsets.partition();
        append(ctx, cluster, app, p, offsetRecord(8, -1));
        assertThat(offsets.committedWithEpoch(INPUT).offset()).isEqualTo(8);

        // The followers stop fetching (a short isolation, healed before any fencing): the transactional commit of
        // offset 10 sits above the high watermark, its transaction still open.
        int leader = p.leaderBroker();
        for (int b = 0; b < 3; b++) {
            if (b != leader) {
                cluster.isolate(b, true);
            }
        }
        append(ctx, cluster, app, p, offsetRecord(10, 42));
        assertThat(p.highWatermark()).isLessThan(p.leaderLog().endOffset());
        assertThat(offsets.committedWithEpoch(INPUT)).as("UNSTABLE_OFFSET_COMMIT, not the older offset 8").isNull();
        assertThat(offsets.committed(INPUT)).as("a plain fetch reads below the high watermark").isEqualTo(8);

        LogRecord commit = new LogRecord(LogRecord.COMMIT_MARKER, null, null, 1001, (short) 0, 42, "txn-coordinator", 0,
                LogRecord.BY_PUT);
        append(ctx, cluster, app, p, commit);
        assertThat(offsets.committedWithEpoch(INPUT)).as("committed, but the high watermark does not cover it yet")
                .isNull();
        for (int b = 0; b < 3; b++) {
            cluster.isolate(b, false);
        }
        ctx.queue.runUntil(ctx.nowMs() + 3_000);
        assertThat(p.highWatermark()).isEqualTo(p.leaderLog().endOffset());
        assertThat(offsets.committedWithEpoch(INPUT).offset()).isEqualTo(10);
    }

    private static LogRecord offsetRecord(long offset, long txnId) {
        return new LogRecord(LogRecord.DATA, OffsetStore.key(INPUT), new OffsetAndMetadata(offset), 1001, (short) 0, txnId,
                "app-1", 1, LogRecord.BY_PUT);
    }

    private static void append(SimContext ctx, Cluster cluster, Machine app, PartitionState p, LogRecord record) {
        cluster.send(app, cluster.broker(p.leaderBroker()),
                () -> cluster.handleProduce(app, p.leaderBroker(), p, List.of(record), 1, (error, offset) -> { }));
        ctx.queue.runUntil(ctx.nowMs() + 2_000);
    }
}
