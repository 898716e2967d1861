package racelab.logsim.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import racelab.logsim.client.GroupCoordinator;
import racelab.logsim.client.OffsetStore;
import racelab.logsim.client.TxnCoordinator;
import racelab.logsim.cluster.Cluster;
import racelab.logsim.cluster.Machine;
import racelab.logsim.cluster.SimContext;
import racelab.logsim.config.LogSettings;
import racelab.logsim.forensics.Provenance;
import racelab.logsim.model.Journal;
import racelab.logsim.model.JournalEntry;
import racelab.logsim.model.LogRecord;
import racelab.logsim.scene.Workload;
import racelab.logsim.sim.EventQueue;
import racelab.logsim.sim.ManualClock;
import racelab.logsim.sim.Seed;

/**
 * A stream task reads balances by account index and replaces values in the store map's own entries; both must agree
 * with the store map after every step. Seeded runs of one instance processing a journal (with and without the record
 * cache, the idempotent processor, at-least-once checkpoints and small memtables), crashed and restarted at seeded
 * moments so the store is cleared, restored from the changelog and loaded from its flushed copy again and again.
 */
class StoreIndexTest {

    @Test
    void theStoreIndexesAgreeWithTheStoreAfterEveryStepThroughCrashesAndRestores() throws Exception {
        List<Map<String, String>> variants = List.of(
                Map.of("processing.guarantee", "exactly_once_v2"),
                Map.of("processing.guarantee", "at_least_once", "sim.checkpoint.offset.delta", "5",
                        "sim.rocksdb.memtable.records", "7"),
                Map.of("processing.guarantee", "at_least_once", "sim.store.caching", "true",
                        "statestore.cache.max.bytes", "256", "sim.processor.idempotent", "true"),
                Map.of("processing.guarantee", "exactly_once_v2", "sim.store.caching", "true", "sim.lineage", "true"));
        for (Map<String, String> variant : variants) {
            for (long s = 1; s <= 6; s++) {
                runChecked(variant, s);
            }
        }
    }

    private static void runChecked(Map<String, String> variant, long s) throws Exception {
        Map<String, String> all = new java.util.HashMap<>(Map.of("replication.factor", "3", "min.insync.replicas", "2",
                "commit.interval.ms", "200"));
        all.putAll(variant);
        LogSettings settings = LogSettings.of(all);
        Seed seed = new Seed(s);
        SimContext ctx = new SimContext(new EventQueue(new ManualClock(), 50_000_000L), settings, seed, 1_000);
        Journal journal = new Workload(3 + (int) (s % 5), 500, 400, 200, 300, (int) (s % 2), 1_000).generate(seed);
        ctx.journal(journal);
        List<Machine> brokers = new ArrayList<>();
        for (int b = 0; b < 3; b++) {
            brokers.add(new Machine("broker-" + (b + 1), "rack", b));
        }
        Cluster cluster = new Cluster(ctx, brokers);
        AppServices services = new AppServices(ctx, cluster, new GroupCoordinator(ctx, 1), new OffsetStore(cluster),
                new TxnCoordinator(ctx, cluster), new Provenance(settings.getBool("sim.lineage"), journal.size()));
        Machine machine = new Machine("app-1", "rack", -1);
        AppInstance app = new AppInstance(machine, services);
        // The journal's records, written straight to the input partition by a plain producer.
        racelab.logsim.client.SimProducer client = new racelab.logsim.client.SimProducer(ctx, cluster,
                new Machine("client", "client", -1), new racelab.logsim.client.SimProducer.Config(-1, true, false, 5, 64,
                        5, Integer.MAX_VALUE, 120_000, 30_000, 100), new racelab.logsim.client.SendListener() {
                    @Override
                    public void acked(racelab.logsim.cluster.PartitionState p, LogRecord r, long offset) {
                    }

                    @Override
                    public void failed(racelab.logsim.cluster.PartitionState p, LogRecord r,
                            org.apache.kafka.common.protocol.Errors error) {
                    }
                }, services.txns());
        for (JournalEntry e : journal) {
            ctx.queue.at(e.timeMs(), () -> client.send(cluster.partition("journal", 0), e.isOpening() ? e.toAccount()
                    : e.fromAccount(), new racelab.logsim.model.InputItem(e, racelab.logsim.model.InputItem.Leg.WHOLE),
                    "client", 0, LogRecord.BY_PUT));
        }
        app.start();
        SplittableRandom random = new SplittableRandom(s);
        long end = journal.timeMs(journal.size() - 1) + 20_000;
        int checks = 0;
        for (long t = 0; t < end; t += 50) {
            ctx.queue.runUntil(t);
            if (machine.isUp() && random.nextInt(60) == 0) {
                app.crash();
                machine.powerOff();
            } else if (!machine.isUp() && random.nextInt(5) == 0) {
                machine.powerOn();
                app.start();
            }
            if (machine.isUp()) {
                for (StreamTask task : app.tasks()) {
                    assertThat(task.storeIndexesAgree()).as(variant + " seed " + s + " at " + t + " ms").isTrue();
                    checks++;
                }
            }
        }
        assertThat(checks).as(variant + " seed " + s + ": the task ran").isGreaterThan(50);
    }
}
