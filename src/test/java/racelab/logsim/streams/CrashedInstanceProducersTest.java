package racelab.logsim.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import racelab.logsim.client.GroupCoordinator;
import racelab.logsim.client.OffsetStore;
import racelab.logsim.client.SimProducer;
import racelab.logsim.client.TxnCoordinator;
import racelab.logsim.cluster.Cluster;
import racelab.logsim.cluster.Machine;
import racelab.logsim.cluster.SimContext;
import racelab.logsim.config.LogSettings;
import racelab.logsim.forensics.Provenance;
import racelab.logsim.scene.Workload;
import racelab.logsim.sim.EventQueue;
import racelab.logsim.sim.ManualClock;
import racelab.logsim.sim.Seed;

/**
 * A crashed instance's producers die with its process: closed at the crash, replaced by new ones at the restart, so no
 * later event (a broker resetting one of the dead process's connections, a late response) can make them send. A dead
 * producer left live used to re-send a transaction that the restarted instance's initTransactions had aborted without
 * markers (log-safety seeds 4410, 4485, 7159); {@code Cluster.resetConnections} no longer wakes it, and this keeps any
 * other path from doing so. With that Cluster check disabled, this alone keeps RestartedAppTransactionsTest and
 * DeadProcessTest's seed 7159 clean.
 */
class CrashedInstanceProducersTest {

    @Test
    void aCrashClosesTheProcesssProducersAndARestartBuildsNewOnes() throws Exception {
        for (String guarantee : List.of("exactly_once_v2", "at_least_once")) {
            LogSettings settings = LogSettings.of(Map.of("replication.factor", "3", "min.insync.replicas", "2",
                    "processing.guarantee", guarantee));
            Seed seed = new Seed(3);
            SimContext ctx = new SimContext(new EventQueue(new ManualClock(), 10_000_000L), settings, seed, 1_000);
            ctx.journal(new Workload(4, 1_000, 20, 20, 300, 0, 1_000).generate(seed));
            List<Machine> brokers = new ArrayList<>();
            for (int b = 0; b < 3; b++) {
                brokers.add(new Machine("broker-" + (b + 1), "rack", b));
            }
            Cluster cluster = new Cluster(ctx, brokers);
            AppServices services = new AppServices(ctx, cluster, new GroupCoordinator(ctx, 1), new OffsetStore(cluster),
                    new TxnCoordinator(ctx, cluster), new Provenance(false, 20));
            Machine machine = new Machine("app-1", "rack", -1);
            AppInstance app = new AppInstance(machine, services);
            app.start();
            ctx.queue.runUntil(2_000);
            List<SimProducer> before = app.producers();
            assertThat(before).as(guarantee + ": live before the crash").noneMatch(SimProducer::isClosed);

            app.crash();
            machine.powerOff();
            assertThat(before).as(guarantee + ": closed with the process").allMatch(SimProducer::isClosed);

            machine.powerOn();
            app.start();
            ctx.queue.runUntil(4_000);
            List<SimProducer> after = app.producers();
            assertThat(after).as(guarantee + ": the restarted process's own producers").noneMatch(SimProducer::isClosed)
                    .doesNotContainAnyElementsOf(before);
        }
    }
}
