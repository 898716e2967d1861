package racelab.logsim.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.protocol.Errors;
import racelab.logsim.cluster.Cluster;
import racelab.logsim.cluster.Machine;
import racelab.logsim.cluster.PartitionState;
import racelab.logsim.cluster.SimContext;
import racelab.logsim.config.LogSettings;
import racelab.logsim.config.SettingException;
import racelab.logsim.model.LogRecord;
import racelab.logsim.sim.EventQueue;
import racelab.logsim.sim.ManualClock;
import racelab.logsim.sim.Seed;

/**
 * The set-up the producer tests share: three brokers (RF 3, min.insync.replicas 2) on a manual clock, one client
 * machine and one producer whose failed sends are collected. Each test still drives its own faults and checks.
 */
public final class ProducerRig {

    /** The simulation context: one queue on a manual clock, the settings, the seed. */
    public final SimContext ctx;
    /** Three brokers, broker-1..broker-3. */
    public final Cluster cluster;
    /** The client machine the producer runs on: in the brokers' rack when they share one. */
    public final Machine client;
    /** Every error the producer gave up a record with, in order. */
    public final List<Errors> failures = new ArrayList<>();

    /**
     * @param jitterMs         {@code sim.network.jitter.ms}
     * @param rackPerBroker    each broker in its own rack (separate power domains) rather than all in one
     */
    public ProducerRig(long seed, long jitterMs, boolean rackPerBroker) throws SettingException {
        LogSettings settings = LogSettings.of(Map.of("replication.factor", "3", "min.insync.replicas", "2",
                "sim.network.jitter.ms", Long.toString(jitterMs)));
        ctx = new SimContext(new EventQueue(new ManualClock(), 10_000_000L), settings, new Seed(seed), 10_000);
        List<Machine> brokers = new ArrayList<>();
        for (int b = 0; b < 3; b++) {
            brokers.add(new Machine("broker-" + (b + 1), rackPerBroker ? "rack-" + b : "rack", b));
        }
        cluster = new Cluster(ctx, brokers);
        client = new Machine("app-1", rackPerBroker ? "rack-app" : "rack", -1);
    }

    /**
     * A producer with acks=all, one record per batch, no linger, 5 requests in flight, unlimited retries,
     * delivery.timeout.ms=120000 and retry.backoff.ms=100.
     */
    public SimProducer producer(boolean idempotent, long requestTimeoutMs) {
        SimProducer.Config config = new SimProducer.Config(-1, idempotent, false, 0, 1, 5, Integer.MAX_VALUE,
                120_000, requestTimeoutMs, 100);
        return new SimProducer(ctx, cluster, client, config, new SendListener() {
            @Override
            public void acked(PartitionState partition, LogRecord record, long offset) {
            }

            @Override
            public void failed(PartitionState partition, LogRecord record, Errors error) {
                failures.add(error);
            }
        }, new TxnCoordinator(ctx, cluster));
    }
}
