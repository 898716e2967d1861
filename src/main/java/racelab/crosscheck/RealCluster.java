package racelab.crosscheck;

import java.io.IOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.Uuid;

/**
 * Real KRaft nodes as child JVMs on 127.0.0.1: one node that is broker and controller, or (for broker faults) one
 * controller plus three brokers. Three nodes that are each broker and controller hung in handleUpdateVoterResponse
 * on this machine (issue 17), so the multi-broker layout keeps the controller separate; killing a broker then never
 * touches the quorum.
 */
final class RealCluster implements AutoCloseable {

    /** Node id of the separate controller in the multi-broker layout. */
    static final int CONTROLLER_ID = 100;

    private final KafkaRuntime runtime;
    private final Path dir;
    private final String clusterId = Uuid.randomUuid().toString();
    private final Map<Integer, Integer> brokerPorts = new TreeMap<>();
    private final Map<Integer, ChildJvm> nodes = new LinkedHashMap<>();
    private final Map<Integer, Path> propsFiles = new TreeMap<>();
    private final long timeoutMs;
    private long firstReadyMs = -1;
    private long firstRssKb = -1;

    private RealCluster(KafkaRuntime runtime, Path dir, long timeoutMs) {
        this.runtime = runtime;
        this.dir = dir;
        this.timeoutMs = timeoutMs;
    }

    /**
     * Starts the nodes and waits until every one reported READY.
     *
     * @param brokers 1 (combined node) or 3 (three brokers and a controller)
     * @param brokerProps broker configs from the scene (Kafka names), applied to every broker
     */
    static RealCluster start(KafkaRuntime runtime, Path dir, int brokers, Map<String, String> brokerProps,
            long timeoutMs, BooleanSupplier cancelled) throws CrossCheckException {
        RealCluster cluster = new RealCluster(runtime, dir, timeoutMs);
        try {
            cluster.launch(brokers, brokerProps, cancelled);
            return cluster;
        } catch (CrossCheckException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void launch(int brokers, Map<String, String> brokerProps, BooleanSupplier cancelled)
            throws CrossCheckException {
        int controllerPort = freePort();
        boolean combined = brokers == 1;
        String voters = (combined ? 1 : CONTROLLER_ID) + "@127.0.0.1:" + controllerPort;
        if (!combined) {
            Properties c = base(CONTROLLER_ID, voters);
            c.setProperty("process.roles", "controller");
            c.setProperty("listeners", "CONTROLLER://127.0.0.1:" + controllerPort);
            propsFiles.put(CONTROLLER_ID, write(CONTROLLER_ID, c));
        }
        for (int id = 1; id <= brokers; id++) {
            int port = freePort();
            brokerPorts.put(id, port);
            Properties b = base(id, voters);
            b.setProperty("process.roles", combined ? "broker,controller" : "broker");
            b.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + port
                    + (combined ? ",CONTROLLER://127.0.0.1:" + controllerPort : ""));
            b.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
            b.setProperty("inter.broker.listener.name", "PLAINTEXT");
            // A cluster this small cannot host the internal topics at their production replication.
            int rf = Math.min(3, brokers);
            b.setProperty("offsets.topic.replication.factor", Integer.toString(rf));
            b.setProperty("transaction.state.log.replication.factor", Integer.toString(rf));
            b.setProperty("transaction.state.log.min.isr", Integer.toString(Math.min(2, rf)));
            b.setProperty("offsets.topic.num.partitions", "1");
            b.setProperty("transaction.state.log.num.partitions", "1");
            // Harness-only broker settings that shorten waits nobody is studying (docs/crosscheck.md).
            b.setProperty("group.initial.rebalance.delay.ms", "0");
            b.setProperty("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
            b.setProperty("auto.create.topics.enable", "false");
            brokerProps.forEach(b::setProperty);
            propsFiles.put(id, write(id, b));
        }
        List<Integer> order = new ArrayList<>(propsFiles.keySet());
        if (!combined) {
            order.remove(Integer.valueOf(CONTROLLER_ID));
            order.add(0, CONTROLLER_ID);
        }
        long start = System.nanoTime();
        for (int id : order) {
            nodes.put(id, startNode(id));
        }
        for (int id : order) {
            nodes.get(id).awaitLine(0, l -> l.startsWith("READY"), timeoutMs, cancelled, "READY");
        }
        firstReadyMs = (System.nanoTime() - start) / 1_000_000;
        firstRssKb = nodes.get(1).rssKb();
    }

    private Properties base(int id, String voters) {
        Properties p = new Properties();
        p.setProperty("node.id", Integer.toString(id));
        p.setProperty("controller.quorum.voters", voters);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("log.dirs", dir.resolve("node-" + id).toAbsolutePath().toString());
        p.setProperty("num.partitions", "1");
        return p;
    }

    private Path write(int id, Properties props) throws CrossCheckException {
        Path file = dir.resolve("node-" + id + ".properties");
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            props.store(w, "racelab cross-check node " + id);
        } catch (IOException e) {
            throw new CrossCheckException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    private ChildJvm startNode(int id) throws CrossCheckException {
        String name = id == CONTROLLER_ID ? "controller" : "broker-" + id;
        return ChildJvm.start(runtime, name + "-" + System.nanoTime() % 100000, "racelab.crosscheck.child.BrokerMain",
                List.of(propsFiles.get(id).toAbsolutePath().toString(), clusterId), dir, 512);
    }

    String bootstrap() {
        List<String> hosts = new ArrayList<>();
        brokerPorts.values().forEach(p -> hosts.add("127.0.0.1:" + p));
        return String.join(",", hosts);
    }

    int brokerCount() {
        return brokerPorts.size();
    }

    /** kill -9 of one broker (its log directory stays, like a crashed host's disk with its page cache). */
    void killBroker(int id) {
        ChildJvm node = nodes.get(id);
        if (node != null) {
            node.kill();
        }
    }

    /** Starts a killed broker again on its old log directory and waits until it is up. */
    void restartBroker(int id, BooleanSupplier cancelled) throws CrossCheckException {
        ChildJvm node = startNode(id);
        nodes.put(id, node);
        node.awaitLine(0, l -> l.startsWith("READY"), timeoutMs, cancelled, "READY after restart");
    }

    /** Wall time from the first node's launch until all nodes were ready, in ms. */
    long startMs() {
        return firstReadyMs;
    }

    /** RSS of broker 1 when the cluster became ready, in KiB. */
    long brokerRssKb() {
        return firstRssKb;
    }

    @Override
    public void close() {
        nodes.values().forEach(ChildJvm::kill);
    }

    static int freePort() throws CrossCheckException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new CrossCheckException("no free loopback port: " + e.getMessage(), e);
        }
    }
}
