package racelab.logsim.forensics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;
import racelab.logsim.LogSimulation;
import racelab.logsim.client.ProducerRig;
import racelab.logsim.client.SimProducer;
import racelab.logsim.cluster.Cluster;
import racelab.logsim.cluster.Machine;
import racelab.logsim.cluster.PartitionState;
import racelab.logsim.cluster.ReplicaLog;
import racelab.logsim.cluster.SimContext;
import racelab.logsim.config.LogSettings;
import racelab.logsim.model.LogRecord;
import racelab.logsim.result.EntryIssue;
import racelab.logsim.result.LogRunResult;
import racelab.logsim.result.OutputAudit;
import racelab.logsim.safety.FaultSchedules;
import racelab.logsim.sim.Seed;

/**
 * An idempotent producer reordered around its first append to a partition, a real Kafka defect (KAFKA-15591 and its
 * duplicates, {@link Forensics#KAFKA_15591}): a broker with no state for a producer accepts any first sequence
 * (ProducerAppendInfo.checkSequence), so a later batch can land while the first one, refused before it was appended,
 * waits for its retry. Seed 415 of {@code log-safety --set processing.guarantee=at_least_once --set
 * sim.network.jitter.ms=40} showed it: a restarted instance's new producer had its first two changelog batches refused
 * with NOT_ENOUGH_REPLICAS and its third accepted; the older balances landed last after a KIP-360 epoch bump, and the
 * audit, which knew only F6 (idempotence off) for "an older balance landed after the newer one", ended unexplained.
 */
class IdempotentReorderTest {

    /**
     * The mechanism, on the broker and producer alone, over seeds: a new idempotent producer has two batches in flight
     * on a slow link; the ISR is below min.insync.replicas when the first arrives (refused, NOT_ENOUGH_REPLICAS,
     * nothing appended) and back when the second arrives, which is appended although its first sequence is not 0.
     * The log's first record of the producer then has a nonzero sequence, and the first batch lands after the second
     * (epoch bump) or not at all (retried until delivery.timeout.ms, the flow apache/kafka pull 23234 describes).
     */
    @Test
    void aBrokerWithNoStateForAProducerAcceptsALaterBatchBeforeTheRefusedFirstOne() throws Exception {
        for (long run = 1; run <= 8; run++) {
            long seed = run;
            ProducerRig rig = new ProducerRig(seed, seed % 4, true);
            SimContext ctx = rig.ctx;
            Cluster cluster = rig.cluster;
            PartitionState partition = cluster.partition("changelog", 0);
            Machine client = rig.client;
            List<Errors> failures = rig.failures;
            // acks=all, idempotent, one record per batch, no linger, 5 in flight, request.timeout.ms=30000,
            // retry.backoff.ms=100
            SimProducer producer = rig.producer(true, 30_000);
            int leader = partition.leaderBroker();
            List<Integer> followers = new ArrayList<>();
            for (int replica : partition.replicas) {
                if (replica != leader) {
                    followers.add(replica);
                }
            }
            followers.forEach(f -> ctx.queue.at(10, () -> cluster.isolate(f, true)));
            // A slow client link (1 s each way) keeps both batches in flight together, as a slow link did in seed 415.
            client.extraDelayMs(1_000);
            long firstSendMs = 40_000 + seed * 37;
            ctx.queue.at(firstSendMs, () -> {
                assertThat(partition.isrSize()).as("seed %d: the ISR shrank to the leader", seed).isEqualTo(1);
                producer.send(partition, "acct-01", 1L, "app-1", 0, LogRecord.BY_PUT);
            });
            ctx.queue.at(firstSendMs + 500, () -> producer.send(partition, "acct-01", 2L, "app-1", 0,
                    LogRecord.BY_PUT));
            // The followers come back after the first batch was refused and before the second arrives.
            followers.forEach(f -> ctx.queue.at(firstSendMs + 1_100, () -> cluster.isolate(f, false)));
            ctx.queue.runUntil(firstSendMs + 200_000);

            ReplicaLog log = partition.leaderLog();
            List<Long> values = new ArrayList<>();
            List<Integer> sequences = new ArrayList<>();
            for (long offset = log.logStartOffset(); offset < log.endOffset(); offset++) {
                LogRecord r = log.get(offset);
                if (r != null && !r.isMarker()) {
                    values.add((Long) r.value);
                    sequences.add(r.sequence);
                }
            }
            assertThat(values).as("seed %d: the second batch is appended first", seed).startsWith(2L);
            assertThat(sequences.get(0)).as("seed %d: a first sequence other than 0, accepted", seed).isEqualTo(1);
            assertThat(values.contains(1L) || !failures.isEmpty())
                    .as("seed %d: the first batch lands after the second, or it fails", seed).isTrue();
        }
    }

    /** The campaign seed that showed it: the audit names the defect instead of ending unexplained, and never F6. */
    @Test
    void seed415UnderAtLeastOnceNamesTheDefectAndNothingIsUnexplained() throws Exception {
        Map<String, String> overrides = Map.of("processing.guarantee", "at_least_once", "sim.network.jitter.ms", "40",
                "sim.lineage", "true");
        LogRunResult r = LogSimulation.run(FaultSchedules.scene(415), 415, overrides);
        assertThat(r.unexplained()).isEmpty();
        assertThat(r.output(OutputAudit.CHANGELOG).causes()).contains(Forensics.KAFKA_15591).doesNotContain("F6");
        assertThat(r.causes()).contains(Forensics.KAFKA_15591, "F1").doesNotContain("F6");
        List<EntryIssue> reordered = r.wrongAccounts().stream().flatMap(w -> w.issues().stream())
                .filter(i -> i.mode().equals(Forensics.KAFKA_15591)).toList();
        assertThat(reordered).isNotEmpty().allSatisfy(i -> {
            assertThat(i.kind()).isEqualTo("LOST");
            assertThat(i.where()).contains("accepts any first sequence");
        });
    }

    /** The label passes the gate only where an idempotent producer has several requests in flight. */
    @Test
    void theDefectIsNamedOnlyWithIdempotenceAndSeveralRequestsInFlight() throws Exception {
        assertThat(ModeGate.possible(Forensics.KAFKA_15591, LogSettings.of(Map.of()))).isTrue();
        assertThat(ModeGate.possible(Forensics.KAFKA_15591, LogSettings.of(Map.of("enable.idempotence", "false"))))
                .isFalse();
        assertThat(ModeGate.possible(Forensics.KAFKA_15591, LogSettings.of(Map.of(
                "max.in.flight.requests.per.connection", "1")))).isFalse();
    }
}
