package racelab.logsim.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import racelab.logsim.LogSimulation;
import racelab.logsim.cluster.Cluster;
import racelab.logsim.cluster.Machine;
import racelab.logsim.cluster.PartitionState;
import racelab.logsim.cluster.ReplicaLog;
import racelab.logsim.cluster.SimContext;
import racelab.logsim.model.LogRecord;
import racelab.logsim.result.LogRunResult;
import racelab.logsim.safety.FaultSchedules;

/**
 * A client process that died (its machine lost power or was killed) runs no more code. Its connections died with its
 * kernel; a broker that later dies and resets them has no one to tell. Before, the reset of an old connection reached
 * the dead incarnation's producer, which retried what it still held: seed 7159 of {@code log-safety} had the restarted
 * app's zombie producer append a transaction the coordinator had aborted without markers, and the applied topic's last
 * stable offset stopped there for good (72 decisions never readable).
 */
class DeadProcessTest {

    /**
     * Property over seeded schedules: a client sends while its partition's leader is cut off (its requests wait in
     * its kernel's send queue), loses power, comes back as a new incarnation, and then the old leader's process is
     * killed or loses power. Nothing the dead incarnation held may reach any log after its machine went down.
     */
    @Test
    void aBrokerDyingAfterTheClientRestartedNeverWakesTheDeadIncarnationsProducer() throws Exception {
        SplittableRandom random = new SplittableRandom(20261130L);
        for (int run = 0; run < 24; run++) {
            ProducerRig rig = new ProducerRig(run, random.nextInt(20), true);
            SimContext ctx = rig.ctx;
            Cluster cluster = rig.cluster;
            PartitionState partition = cluster.partition("changelog", 0);
            Machine client = rig.client;
            boolean idempotent = random.nextBoolean();
            SimProducer producer = rig.producer(idempotent, 30_000);
            int leader = partition.leaderBroker();
            long cutOffMs = 20 + random.nextInt(100);
            long powerOffMs = cutOffMs + 50 + random.nextInt(500);
            long backMs = powerOffMs + 50 + random.nextInt(2_000);
            long brokerDiesMs = backMs + 10 + random.nextInt(5_000);
            boolean brokerPowerCut = random.nextBoolean();
            for (int i = 0; i < 5; i++) {
                long at = 10 + i * 20L;
                long value = i;
                ctx.queue.at(at, () -> producer.send(partition, "acct-" + value, value, "app-1", 0, (byte) 0));
            }
            ctx.queue.at(cutOffMs, () -> cluster.isolate(leader, true));
            ctx.queue.at(powerOffMs, client::powerOff);
            ctx.queue.at(backMs, client::powerOn);
            ctx.queue.at(brokerDiesMs, () -> {
                if (brokerPowerCut) {
                    cluster.powerCut(leader);
                } else {
                    cluster.kill(leader);
                }
            });
            ctx.queue.at(brokerDiesMs + 500, () -> cluster.isolate(leader, false));
            ctx.queue.at(brokerDiesMs + 1_000, () -> cluster.restart(leader));
            ctx.queue.runUntil(brokerDiesMs + 60_000);

            for (int i = 0; i < partition.replicas.length; i++) {
                ReplicaLog log = partition.log(i);
                for (long offset = log.logStartOffset(); offset < log.endOffset(); offset++) {
                    LogRecord r = log.get(offset);
                    assertThat(r.appendTimeMs).as("run %d (idempotent %s, leader cut off at %d, client down %d..%d, "
                            + "leader %s at %d): record %s appended at %d by a producer whose process died", run,
                            idempotent, cutOffMs, powerOffMs, backMs, brokerPowerCut ? "power cut" : "killed",
                            brokerDiesMs, r.value, r.appendTimeMs).isLessThan(powerOffMs + 50);
                }
            }
            assertThat(ctx.trace()).as("run %d: the dead producer closes no connection", run)
                    .noneMatch(e -> e.kind().equals("disconnect") && e.timeMs() >= powerOffMs);
        }
    }

    /** The campaign seed that showed it: with every safety setting on, nothing is left unexplained. */
    @Test
    void seed7159HasEveryDecisionReadableInTheAppliedTopic() throws Exception {
        LogRunResult r = LogSimulation.run(FaultSchedules.scene(7159), 7159, Map.of());
        assertThat(r.unexplained()).isEmpty();
        assertThat(r.outputs()).allSatisfy(o -> assertThat(o.clean()).as(o.output()).isTrue());
        assertThat(r.correct()).isTrue();
    }
}
