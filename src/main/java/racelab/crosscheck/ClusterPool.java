package racelab.crosscheck;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Keeps one single-broker cluster for consecutive real runs whose broker settings are the same, so N runs pay for
 * one broker start. Runs never see each other's data: each run has its own topics and application id. Clusters whose
 * brokers a scene kills are never shared. Closing the pool kills the broker and deletes its directory.
 */
public final class ClusterPool implements AutoCloseable {

    private final KafkaRuntime runtime;
    private RealCluster cluster;
    private Map<String, String> props;
    private Path dir;

    public ClusterPool(KafkaRuntime runtime) {
        this.runtime = runtime;
    }

    /** A running single broker with these broker settings, started if needed. */
    RealCluster shared(Map<String, String> brokerProps, BooleanSupplier cancelled, RealRun.Progress progress)
            throws CrossCheckException {
        if (cluster != null && brokerProps.equals(props)) {
            progress.step("reusing the running Kafka " + KafkaRuntime.VERSION + " broker (fresh topics and group)");
            return cluster;
        }
        close();
        try {
            dir = Files.createTempDirectory(KafkaRuntime.workRoot(), "racelab-kafka-broker-");
            ChildJvm.deleteOnExit(dir);
        } catch (java.io.IOException e) {
            throw new CrossCheckException("cannot create a temporary directory: " + e.getMessage(), e);
        }
        progress.step("starting one Kafka " + KafkaRuntime.VERSION + " broker");
        cluster = RealCluster.start(runtime, dir, 1, brokerProps, 120_000, cancelled);
        props = Map.copyOf(brokerProps);
        return cluster;
    }

    public KafkaRuntime runtime() {
        return runtime;
    }

    @Override
    public void close() {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
        RealRun.deleteTree(dir);
        ChildJvm.forget(dir);
        dir = null;
    }
}
