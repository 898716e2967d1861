package racelab.crosscheck.child;

import java.io.FileInputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real KRaft node (broker, controller or both) in its own JVM, so the cross-check can kill it with SIGKILL.
 *
 * <p>Arguments: the node's properties file and the cluster id. The log directory is formatted on first start with
 * Kafka's own {@link Formatter} (what {@code kafka-storage.sh format} does) and reused on restart, so a restarted
 * broker recovers its log and truncates it like a real one. Prints {@code READY} once {@link KafkaRaftServer#startup()}
 * returned, then runs until it is killed.
 */
public final class BrokerMain {

    private BrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        Properties props = new Properties();
        try (InputStream in = new FileInputStream(args[0])) {
            props.load(in);
        }
        String clusterId = args[1];
        KafkaConfig config = KafkaConfig.fromProps(props, false);
        String logDir = props.getProperty("log.dirs");
        if (!Files.exists(Path.of(logDir, "meta.properties"))) {
            Formatter formatter = new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(config.nodeId())
                    .setClusterId(clusterId)
                    .setDirectories(List.of(logDir))
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setControllerListenerName(props.getProperty("controller.listener.names", "CONTROLLER"))
                    .setMetadataLogDirectory(logDir)
                    .setIgnoreFormatted(true);
            formatter.run();
        }
        long startNs = System.nanoTime();
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        System.out.println("READY " + (System.nanoTime() - startNs) / 1_000_000);
        System.out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown, "broker-shutdown"));
        server.awaitShutdown();
    }
}
