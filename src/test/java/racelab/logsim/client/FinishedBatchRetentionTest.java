package racelab.logsim.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.protocol.Errors;
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
 * A finished batch keeps none of its records. Every request leaves a request-timeout event in the queue for
 * {@code request.timeout.ms} (30 s by default); it used to hold the whole batch, so a long run kept every record it
 * had acknowledged in the last 30 simulated seconds reachable (log-bench: hundreds of MiB of heap).
 */
class FinishedBatchRetentionTest {

    @Test
    void acknowledgedRecordsAreUnreachableWhileTheirRequestTimeoutsAreStillQueued() throws Exception {
        LogSettings settings = LogSettings.of(Map.of("replication.factor", "3", "min.insync.replicas", "2",
                "sim.lineage", "false"));
        SimContext ctx = new SimContext(new EventQueue(new ManualClock(), 10_000_000L), settings, new Seed(11), 100);
        List<Machine> brokers = new ArrayList<>();
        for (int b = 0; b < 3; b++) {
            brokers.add(new Machine("broker-" + (b + 1), "rack", b));
        }
        Cluster cluster = new Cluster(ctx, brokers);
        PartitionState partition = cluster.partition("changelog", 0);
        List<Errors> failures = new ArrayList<>();
        int[] acked = {0};
        // acks=all, idempotent, linger 5 ms, 4 records per batch, request.timeout.ms 30 s.
        SimProducer producer = new SimProducer(ctx, cluster, new Machine("app-1", "rack", -1),
                new SimProducer.Config(-1, true, false, 5, 4, 5, Integer.MAX_VALUE, 120_000, 30_000, 100),
                new SendListener() {
                    @Override
                    public void acked(PartitionState p, LogRecord record, long offset) {
                        acked[0]++;
                    }

                    @Override
                    public void failed(PartitionState p, LogRecord record, Errors error) {
                        failures.add(error);
                    }
                }, new TxnCoordinator(ctx, cluster));
        List<WeakReference<LogRecord>> sent = new ArrayList<>();
        java.util.Random random = new java.util.Random(7);
        long at = 10;
        for (int i = 0; i < 200; i++) {
            at += random.nextInt(4);
            long value = i;
            ctx.queue.at(at, () -> sent.add(new WeakReference<>(
                    producer.send(partition, "acct-" + value, value, "app-1", 0, (byte) 0))));
        }
        // Long after every ack, well before the first request's timeout (30 s after its send).
        ctx.queue.runUntil(5_000);
        assertThat(failures).isEmpty();
        assertThat(acked[0]).isEqualTo(200);
        assertThat(producer.incompleteBatches()).isZero();
        assertThat(ctx.queue.pending()).as("request-timeout events still queued").isGreaterThan(0);
        for (int attempt = 0; attempt < 20 && sent.stream().anyMatch(r -> r.get() != null); attempt++) {
            System.gc();
            Thread.sleep(10);
        }
        assertThat(sent.stream().filter(r -> r.get() != null).count()).as("acknowledged records still reachable")
                .isZero();
    }
}
