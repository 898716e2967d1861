package racelab.crosscheck;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import racelab.crosscheck.child.LedgerRules;
import racelab.logsim.config.LogSettings;
import racelab.logsim.model.JournalEntry;
import racelab.logsim.scene.Fault;
import racelab.logsim.scene.LogScene;
import racelab.logsim.sim.Seed;

/**
 * One run of a log scene on real Kafka: real broker JVMs, the ledger app as real Kafka Streams (or the hand-made
 * consumer app) JVMs, the upstream producer in this JVM, and the scene's faults as real signals at the scene's times.
 *
 * <p>Time is compressed: every time in the scene (entries, faults, and time-valued settings such as
 * {@code commit.interval.ms}, {@code linger.ms}, {@code session.timeout.ms}) is divided by {@link #timeScale}, chosen
 * so that {@code session.timeout.ms} lands on the broker's minimum ({@code group.min.session.timeout.ms=6000}).
 * Rates and windows keep their ratios, so counts (entries in a commit window, in a lag window) stay comparable with
 * the simulator's; the absolute times are shorter. Everything runs on 127.0.0.1 in a temporary directory that is
 * deleted afterwards, and every child JVM is killed on completion, failure and cancel.
 */
public final class RealRun {

    /** The broker's default {@code group.min.session.timeout.ms}: the shortest session a real member may ask for. */
    static final long MIN_SESSION_TIMEOUT_MS = 6_000;

    /** Reports a step of a run to the caller (CLI line, app progress bar). */
    public interface Progress {
        void step(String message);
    }

    private final LogScene scene;
    private final LogSettings settings;
    private final long seed;
    private final KafkaRuntime runtime;
    private final BooleanSupplier cancelled;
    private final Progress progress;
    private final double scale;
    private final List<JournalEntry> journal;
    private final String runId = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    private final Map<String, ChildJvm> apps = new LinkedHashMap<>();
    private final List<ChildJvm> allApps = new ArrayList<>();
    private final Map<String, Path> appProps = new HashMap<>();
    private final Map<String, String> instanceOf = new HashMap<>();
    private final Set<String> zombies = new HashSet<>();
    private final Map<String, Long> pausedSinceNs = new ConcurrentHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final ClusterPool pool;
    private boolean brokerKilled;
    private long committedAtKill = -1;
    /** The highest input offset the group had committed right after a kill of an app (-1: no app was killed). */
    private long committedByKilled = -1;
    private boolean clusterShared;
    private Path dir;
    private RealCluster cluster;
    private Admin admin;

    RealRun(LogScene scene, LogSettings settings, long seed, KafkaRuntime runtime, BooleanSupplier cancelled,
            Progress progress, ClusterPool pool, double requestedScale) {
        this.pool = pool;
        this.scene = scene;
        this.settings = settings;
        this.seed = seed;
        this.runtime = runtime;
        this.cancelled = cancelled;
        this.progress = progress;
        this.scale = requestedScale > 0 ? Math.min(requestedScale, timeScale(settings)) : timeScale(settings);
        this.journal = scene.workload().generate(new Seed(seed));
    }

    /**
     * The largest compression factor: session.timeout.ms over the broker's minimum session, at least 1. A caller may
     * ask for less (a slower run leaves more room for real rebalance and restore times, which do not shrink).
     */
    public static double timeScale(LogSettings settings) {
        return Math.max(1.0, settings.getLong(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG) / (double) MIN_SESSION_TIMEOUT_MS);
    }

    private long scaled(long ms) {
        return Math.max(1, Math.round(ms / scale));
    }

    private String ms(String name) {
        return Long.toString(scaled(settings.getLong(name)));
    }

    /** Runs the scene once; every process is gone and the directory deleted when this returns or throws. */
    RealRunResult execute(int run) throws CrossCheckException {
        long startNs = System.nanoTime();
        try {
            dir = Files.createTempDirectory(KafkaRuntime.workRoot(), "racelab-kafka-");
            ChildJvm.deleteOnExit(dir);
        } catch (IOException e) {
            throw new CrossCheckException("cannot create a temporary directory: " + e.getMessage(), e);
        }
        try {
            int brokers = needsThreeBrokers() ? 3 : 1;
            Map<String, String> brokerProps = brokerProps();
            clusterShared = brokers == 1;
            cluster = clusterShared ? pool.shared(brokerProps, cancelled, progress) : null;
            if (cluster == null) {
                progress.step("starting " + (brokers == 1 ? "one Kafka " + KafkaRuntime.VERSION + " broker"
                        : "a controller and three Kafka " + KafkaRuntime.VERSION + " brokers"));
                cluster = RealCluster.start(runtime, dir, brokers, brokerProps, 120_000, cancelled);
            }
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap(),
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "20000"));
            createTopics(brokers);
            int instances = (int) settings.getLong("sim.instances");
            for (int i = 1; i <= instances; i++) {
                String id = "app-" + i;
                progress.step("starting " + id + " (" + (settings.isHandMade() ? "hand-made consumer app"
                        : "Kafka Streams ledger") + ")");
                startApp(id);
                // app-1 first and alone until it runs the task, so the task starts where the scene puts it.
                awaitRunning(id, i == 1);
            }
            Map<Integer, Long> inputOffsets = playTimeline();
            settle();
            // Let the last producer batches out before the apps are stopped with SIGKILL: the simulator's run ends
            // with its apps alive, and the hand-made app commits before its writes are out (that is F4 itself).
            sleep(2 * scaled(settings.getLong(ProducerConfig.LINGER_MS_CONFIG)) + 1000);
            long committed = committedInput();
            List<String> resumed = resumeLines();
            if (!resumed.isEmpty()) {
                notes.add("input offsets the app instances resumed at, in start order: " + String.join(", ",
                        resumed.stream().map(line -> line.substring(line.lastIndexOf(' ') + 1)).toList())
                        + (resumed.size() == 1 && committedByKilled >= 0 ? " (the restarted instance had not been "
                        + "given the partition yet)" : ""));
            }
            committedAtKill = committedAtKill(resumed, committedByKilled);
            apps.values().forEach(ChildJvm::kill);
            progress.step("auditing the final restore");
            RealAudit.Evidence evidence = readEvidence(inputOffsets, committed);
            return new RealAudit(settings, journal).audit(run, evidence, (System.nanoTime() - startNs) / 1_000_000,
                    cluster.startMs(), cluster.brokerRssKb(), scale, notes);
        } finally {
            shutdown();
        }
    }

    private boolean needsThreeBrokers() {
        for (Fault fault : scene.faults()) {
            for (String target : fault.targets()) {
                if (target.startsWith("broker-") || target.startsWith("leader:") || target.startsWith("followers:")) {
                    return true;
                }
            }
        }
        return settings.topicLong("changelog", LogSettings.STREAMS_REPLICATION_FACTOR) > 1;
    }

    // ------------------------------------------------------------------ configuration

    private Map<String, String> brokerProps() {
        Map<String, String> props = new TreeMap<>();
        Map<String, String> explicit = settings.explicit();
        for (String name : List.of(LogSettings.DEFAULT_REPLICATION_FACTOR, TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG,
                TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG)) {
            if (explicit.containsKey(name)) {
                props.put(name, explicit.get(name));
            }
        }
        props.put(LogSettings.REPLICA_LAG_TIME_MAX_MS, ms(LogSettings.REPLICA_LAG_TIME_MAX_MS));
        for (Fault fault : scene.faults()) {
            if (fault.kind().equals("replication-lag")) {
                // Followers that fetch only every delayMs: a fetch waits for 1 MiB or the wait limit, whichever first.
                props.put("replica.fetch.min.bytes", "1048576");
                props.put(LogSettings.REPLICA_FETCH_WAIT_MAX_MS, Long.toString(scaled(fault.delayMs())));
                notes.add("followers fetch every " + scaled(fault.delayMs()) + " ms for the whole run, not only from "
                        + scaled(fault.atMs()) + " ms (replica.fetch.* are static broker configs)");
            }
        }
        return props;
    }

    private void createTopics(int brokers) throws CrossCheckException {
        List<NewTopic> topics = new ArrayList<>();
        int partitions = (int) settings.getLong("sim.partitions");
        topics.add(topic("journal", journalTopic(), partitions, brokers));
        topics.add(topic("applied", appliedTopic(), partitions, brokers));
        if (settings.isHandMade()) {
            NewTopic kv = topic("changelog", kvTopic(), partitions, brokers);
            Map<String, String> configs = new HashMap<>(kv.configs());
            configs.putIfAbsent(TopicConfig.CLEANUP_POLICY_CONFIG, settings.topic("changelog", TopicConfig.CLEANUP_POLICY_CONFIG));
            // The broker stamps each batch with its append time, so the audit can see when batches arrived (the
            // evidence that linger.ms, not batch.size, sent them, as the simulator models).
            configs.put(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime");
            topics.add(kv.configs(configs));
        }
        await(admin.createTopics(topics).all(), "creating topics");
    }

    private NewTopic topic(String role, String name, int partitions, int brokers) {
        short rf = (short) Math.min(brokers, settings.topicLong(role, LogSettings.STREAMS_REPLICATION_FACTOR));
        Map<String, String> configs = new HashMap<>();
        settings.explicit().forEach((k, v) -> {
            if (k.startsWith(role + "/") && !k.endsWith("/" + LogSettings.STREAMS_REPLICATION_FACTOR)) {
                configs.put(k.substring(role.length() + 1), v);
            }
        });
        return new NewTopic(name, partitions, rf).configs(configs);
    }

    private String appId() {
        return "ledger-" + runId;
    }

    private String journalTopic() {
        return "journal-" + runId;
    }

    private String appliedTopic() {
        return "applied-" + runId;
    }

    private String kvTopic() {
        return "kv-writes-" + runId;
    }

    private String changelogTopic() {
        return settings.isHandMade() ? kvTopic() : appId() + "-" + racelab.crosscheck.child.StreamsLedgerMain.STORE
                + "-changelog";
    }

    /** The app's properties: Kafka names as the scene sets them, time-valued ones divided by the time scale. */
    private Properties appProperties(String instance) {
        Properties p = new Properties();
        Map<String, String> explicit = settings.explicit();
        p.setProperty("racelab.instance", instance);
        p.setProperty("racelab.processor.idempotent", settings.get("sim.processor.idempotent"));
        p.setProperty("racelab.store.caching", settings.get("sim.store.caching"));
        p.setProperty("racelab.topic.journal", journalTopic());
        p.setProperty("racelab.topic.applied", appliedTopic());
        p.setProperty("racelab.topic.kv", kvTopic());
        String consumer = "consumer.";
        String producer = "producer.";
        List<String> producerNames = List.of(ProducerConfig.ACKS_CONFIG, ProducerConfig.BATCH_SIZE_CONFIG,
                ProducerConfig.RETRIES_CONFIG, ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, ProducerConfig.RETRY_BACKOFF_MS_CONFIG);
        for (String name : producerNames) {
            if (explicit.containsKey(name)) {
                p.setProperty(producer + name, settings.get(name));
            }
        }
        p.setProperty(producer + ProducerConfig.LINGER_MS_CONFIG, ms(ProducerConfig.LINGER_MS_CONFIG));
        p.setProperty(consumer + ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, ms(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG));
        p.setProperty(consumer + ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, ms(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG));
        if (explicit.containsKey(ConsumerConfig.MAX_POLL_RECORDS_CONFIG)) {
            p.setProperty(consumer + ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.get(ConsumerConfig.MAX_POLL_RECORDS_CONFIG));
        }
        if (settings.isHandMade()) {
            p.setProperty("consumer." + ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap());
            p.setProperty("producer." + ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap());
            p.setProperty("consumer." + ConsumerConfig.GROUP_ID_CONFIG, appId());
            p.setProperty("consumer." + ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            p.setProperty("consumer." + ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, settings.get(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG));
            p.setProperty("consumer." + ConsumerConfig.AUTO_COMMIT_INTERVAL_MS_CONFIG, ms(ConsumerConfig.AUTO_COMMIT_INTERVAL_MS_CONFIG));
            p.setProperty("racelab.commit.interval.ms", ms(LogSettings.COMMIT_INTERVAL_MS));
            p.setProperty("consumer." + ConsumerConfig.CLIENT_ID_CONFIG, instance);
            p.setProperty("producer." + ProducerConfig.CLIENT_ID_CONFIG, instance);
            return p;
        }
        p.setProperty("application.id", appId());
        p.setProperty("bootstrap.servers", cluster.bootstrap());
        p.setProperty("client.id", instance);
        p.setProperty("state.dir", dir.resolve("state-" + instance).toAbsolutePath().toString());
        p.setProperty(LogSettings.PROCESSING_GUARANTEE, settings.get(LogSettings.PROCESSING_GUARANTEE));
        if (!settings.isExactlyOnce() || explicit.containsKey(LogSettings.COMMIT_INTERVAL_MS)) {
            p.setProperty(LogSettings.COMMIT_INTERVAL_MS, ms(LogSettings.COMMIT_INTERVAL_MS));
        }
        if (settings.isExactlyOnce()) {
            p.setProperty(producer + ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, ms(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG));
        }
        if (explicit.containsKey(LogSettings.STATESTORE_CACHE_MAX_BYTES)) {
            p.setProperty(LogSettings.STATESTORE_CACHE_MAX_BYTES, settings.get(LogSettings.STATESTORE_CACHE_MAX_BYTES));
        }
        if (explicit.containsKey(LogSettings.STREAMS_REPLICATION_FACTOR)) {
            p.setProperty(LogSettings.STREAMS_REPLICATION_FACTOR, settings.get(LogSettings.STREAMS_REPLICATION_FACTOR));
        }
        explicit.forEach((k, v) -> {
            if (k.startsWith("changelog/") && !k.endsWith("/" + LogSettings.STREAMS_REPLICATION_FACTOR)) {
                p.setProperty("topic." + k.substring("changelog/".length()), v);
            }
        });
        return p;
    }

    // ------------------------------------------------------------------ apps

    private void startApp(String id) throws CrossCheckException {
        Path props = appProps.get(id);
        if (props == null) {
            props = dir.resolve(id + ".properties");
            try (Writer w = Files.newBufferedWriter(props, StandardCharsets.UTF_8)) {
                appProperties(id).store(w, "racelab cross-check " + id);
            } catch (IOException e) {
                throw new CrossCheckException("cannot write " + props + ": " + e.getMessage(), e);
            }
            appProps.put(id, props);
            instanceOf.put(id, id);
        }
        String main = settings.isHandMade() ? "racelab.crosscheck.child.HandMadeLedgerMain"
                : "racelab.crosscheck.child.StreamsLedgerMain";
        ChildJvm child = ChildJvm.start(runtime, id + "-" + System.nanoTime() % 100000, main,
                List.of(props.toAbsolutePath().toString()), dir, 256);
        apps.put(id, child);
        allApps.add(child);
    }

    private void awaitRunning(String id, boolean withTask) throws CrossCheckException {
        ChildJvm app = apps.get(id);
        app.awaitLine(0, withTask ? l -> l.startsWith("TASKS ") && !l.equals("TASKS -") : l -> l.equals("STATE RUNNING"),
                120_000, cancelled, withTask ? "a running task" : "RUNNING");
    }

    /** Which instance reports the task now: the last TASKS line of each live app. */
    private String owner() {
        String owner = null;
        for (Map.Entry<String, ChildJvm> e : apps.entrySet()) {
            if (!e.getValue().isAlive()) {
                continue;
            }
            String last = null;
            for (String line : e.getValue().lines()) {
                if (line.startsWith("TASKS ")) {
                    last = line;
                }
            }
            if (last != null && !last.equals("TASKS -")) {
                owner = owner == null ? e.getKey() : owner + "+" + e.getKey();
            }
        }
        return owner == null ? "nobody" : owner;
    }

    /**
     * In the simulator the scene's app-1 is the instance that runs the task (it starts first). Kafka Streams' assignor
     * may put the task on another instance when the group grows (with an empty changelog every instance is equally
     * caught up), so before a fault on an app the scene's names follow the task: if the named instance runs no task
     * and exactly one other live instance does, the two swap names for the rest of the run.
     */
    private void followTask(String target) {
        String owner = owner();
        if (owner.equals(target) || owner.contains("+") || owner.equals("nobody") || !apps.containsKey(owner)) {
            return;
        }
        ChildJvm a = apps.get(target);
        apps.put(target, apps.get(owner));
        apps.put(owner, a);
        Path p = appProps.get(target);
        appProps.put(target, appProps.get(owner));
        appProps.put(owner, p);
        String i = instanceOf.get(target);
        instanceOf.put(target, instanceOf.get(owner));
        instanceOf.put(owner, i);
        notes.add("the task ran on the instance started as " + owner + "; it plays the scene's " + target);
    }

    // ------------------------------------------------------------------ timeline

    private record Action(long atMs, int order, String what, Step step) {
    }

    private interface Step {
        void run() throws CrossCheckException;
    }

    /** Sends the journal at the scene's (scaled) times and fires the faults in between; returns entry → offset. */
    private Map<Integer, Long> playTimeline() throws CrossCheckException {
        List<Action> actions = new ArrayList<>();
        Map<Integer, Long> offsets = new ConcurrentHashMap<>();
        Map<String, Object> producerProps = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap(),
                ProducerConfig.CLIENT_ID_CONFIG, "client");
        List<Exception> sendErrors = new ArrayList<>();
        try (KafkaProducer<String, String> client = new KafkaProducer<>(producerProps, new StringSerializer(),
                new StringSerializer())) {
            for (JournalEntry e : journal) {
                LedgerRules.Entry entry = new LedgerRules.Entry(e.id(), e.isOpening() ? "" : e.fromAccount(), e.toAccount(),
                        e.amountCents());
                actions.add(new Action(scaled(e.timeMs()), 1, null, () -> client.send(
                        new ProducerRecord<>(journalTopic(), entry.key(), entry.encode()), (md, ex) -> {
                            if (ex != null) {
                                synchronized (sendErrors) {
                                    sendErrors.add(ex);
                                }
                            } else {
                                offsets.put(entry.id(), md.offset());
                            }
                        })));
            }
            for (Fault fault : scene.faults()) {
                addFault(actions, fault);
            }
            actions.sort(Comparator.comparingLong(Action::atMs).thenComparingInt(Action::order));
            progress.step("sending " + journal.size() + " journal entries over " + scaled(scene.workload().lastEntryMs())
                    + " ms (the scene's " + scene.workload().lastEntryMs() + " ms / " + String.format("%.1f", scale)
                    + ") with the faults at their scaled times");
            long t0 = System.nanoTime();
            for (Action action : actions) {
                long waitMs = action.atMs() - (System.nanoTime() - t0) / 1_000_000;
                if (waitMs > 0) {
                    sleep(waitMs);
                }
                if (cancelled.getAsBoolean()) {
                    throw new CancelledException();
                }
                if (action.what() != null) {
                    progress.step(action.what() + " at " + action.atMs() + " ms (task owner: " + owner() + ")");
                    notes.add(action.what() + " at " + action.atMs() + " ms; task owner then: " + owner());
                }
                action.step().run();
            }
            client.flush();
        }
        if (!sendErrors.isEmpty()) {
            throw new CrossCheckException("the upstream producer failed: " + sendErrors.get(0));
        }
        return offsets;
    }

    private void addFault(List<Action> actions, Fault fault) {
        long at = scaled(fault.atMs());
        long end = fault.durationMs() < 0 ? -1 : scaled(fault.atMs() + fault.durationMs());
        for (String target : fault.targets()) {
            switch (fault.kind()) {
                case "kill", "power-cut", "leader-bounce" -> {
                    String verb = fault.kind().equals("power-cut") ? "kill -9 (the power cut of the app host)" : "kill -9";
                    if (target.startsWith("app-")) {
                        actions.add(new Action(at, 0, verb + " of " + target, () -> {
                            followTask(target);
                            apps.get(target).kill();
                            long committed = committedInput();
                            committedByKilled = Math.max(committedByKilled, committed);
                            notes.add("committed input offset right after the kill: " + committed
                                    + " (a commit already on the wire may still land)");
                        }));
                        if (end >= 0) {
                            actions.add(new Action(end, 0, "restart of " + target, () -> startApp(target)));
                        }
                    } else {
                        int[] broker = new int[1];
                        actions.add(new Action(at, 0, "kill -9 of " + target, () -> {
                            broker[0] = brokerOf(target);
                            notes.add(target + " is broker-" + broker[0]);
                            brokerKilled = true;
                            cluster.killBroker(broker[0]);
                        }));
                        if (end >= 0) {
                            actions.add(new Action(end, 0, "restart of " + target, () -> cluster.restartBroker(broker[0],
                                    cancelled)));
                        }
                    }
                }
                case "restart" -> actions.add(new Action(at, 0, "restart of " + target, () -> {
                    if (target.startsWith("app-") && !apps.get(target).isAlive()) {
                        startApp(target);
                    }
                }));
                case "pause" -> {
                    actions.add(new Action(at, 0, "SIGSTOP of " + target, () -> {
                        followTask(target);
                        apps.get(target).pause();
                        pausedSinceNs.put(target, System.nanoTime());
                    }));
                    actions.add(new Action(end, 0, "SIGCONT of " + target, () -> {
                        apps.get(target).resume();
                        // Its task moved while it was stopped: what it writes now, it writes as a zombie.
                        if (!owner().equals(target)) {
                            zombies.add(instanceOf.get(target));
                        }
                    }));
                }
                default -> {
                    // replication-lag: static broker configs (brokerProps); others are rejected by Crosscheckability
                }
            }
        }
    }

    private int brokerOf(String target) throws CrossCheckException {
        if (target.startsWith("broker-")) {
            return Integer.parseInt(target.substring("broker-".length()));
        }
        String role = target.substring(target.indexOf(':') + 1, target.lastIndexOf('-'));
        int partition = Integer.parseInt(target.substring(target.lastIndexOf('-') + 1));
        String topic = role.equals("changelog") ? changelogTopic() : role.equals("journal") ? journalTopic() : appliedTopic();
        Map<String, TopicDescription> d = await(admin.describeTopics(List.of(topic)).allTopicNames(), "describing " + topic);
        Node leader = d.get(topic).partitions().get(partition).leader();
        if (leader == null) {
            throw new CrossCheckException(topic + "-" + partition + " has no leader at the fault time");
        }
        return leader.id();
    }

    // ------------------------------------------------------------------ settling and evidence

    /** Waits (bounded) until the group committed the whole journal, so the app caught up after the faults. */
    private void settle() throws CrossCheckException {
        long end = endOffset(journalTopic());
        long limitMs = 90_000 + 3 * MIN_SESSION_TIMEOUT_MS;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limitMs);
        progress.step("waiting until the app has committed all " + end + " journal offsets");
        while (true) {
            if (cancelled.getAsBoolean()) {
                throw new CancelledException();
            }
            long committed = committedInput();
            if (committed >= end) {
                return;
            }
            if (apps.values().stream().noneMatch(ChildJvm::isAlive)) {
                notes.add("no app instance left alive; committed " + committed + " of " + end + " offsets");
                return;
            }
            if (System.nanoTime() > deadline) {
                notes.add("the app had committed " + committed + " of " + end + " offsets after " + limitMs + " ms");
                return;
            }
            sleep(300);
        }
    }

    /** Every {@code RESUME} line of every app instance the run started (hand-made apps print them). */
    private List<String> resumeLines() {
        List<String> lines = new ArrayList<>();
        for (ChildJvm app : allApps) {
            for (String line : app.lines()) {
                if (line.startsWith("RESUME ")) {
                    lines.add(line);
                }
            }
        }
        return lines;
    }

    /**
     * The input offset below which the killed instance had committed: the highest offset an instance reported
     * resuming from (after a kill, where the new owner started; the killed instance's last commit included), and at
     * least what the group had committed right after the kill. The second matters when the run ends before the
     * restarted instance is given the partition (it waits out the dead member's session): its only RESUME line is
     * then the killed instance's first one, from before anything was committed. -1 when neither is known.
     */
    static long committedAtKill(List<String> resumeLines, long committedRightAfterKill) {
        long max = committedRightAfterKill;
        for (String line : resumeLines) {
            max = Math.max(max, Long.parseLong(line.substring(line.lastIndexOf(' ') + 1)));
        }
        return max;
    }

    private long committedInput() throws CrossCheckException {
        Map<TopicPartition, OffsetAndMetadata> offsets = await(admin.listConsumerGroupOffsets(appId())
                .partitionsToOffsetAndMetadata(), "reading committed offsets");
        OffsetAndMetadata o = offsets.get(new TopicPartition(journalTopic(), 0));
        return o == null ? 0 : o.offset();
    }

    private long endOffset(String topic) throws CrossCheckException {
        TopicPartition tp = new TopicPartition(topic, 0);
        return await(admin.listOffsets(Map.of(tp, OffsetSpec.latest())).all(), "reading end offsets").get(tp).offset();
    }

    private RealAudit.Evidence readEvidence(Map<Integer, Long> inputOffsets, long committed) throws CrossCheckException {
        Map<String, String> finalValues = new TreeMap<>();
        Map<String, Set<Integer>> everWritten = new HashMap<>();
        Set<String> writersSeen = new HashSet<>();
        int zombieWrites = 0;
        List<ConsumerRecord<String, String>> changelog = readAll(changelogTopic(), settings.isExactlyOnce());
        List<String> values = LineageIndex.expand(changelog.stream().map(ConsumerRecord::value).toList());
        long recordBytes = 0;
        for (int i = 0; i < changelog.size(); i++) {
            ConsumerRecord<String, String> r = changelog.get(i);
            recordBytes += Math.max(0, r.serializedKeySize()) + Math.max(0, r.serializedValueSize());
            String value = values.get(i);
            finalValues.put(r.key(), value);
            LedgerRules.Balance b = LedgerRules.Balance.decode(value);
            if (b != null) {
                everWritten.computeIfAbsent(r.key(), k -> new HashSet<>()).addAll(b.applications().keySet());
                // A paused instance's record after another instance's first record: written as a zombie.
                if (zombies.contains(b.writer()) && writersSeen.stream().anyMatch(w -> !w.equals(b.writer()))) {
                    zombieWrites++;
                }
                writersSeen.add(b.writer());
            }
        }
        if (settings.isHandMade()) {
            notes.add(changelog.isEmpty() ? "the KV topic is empty: no KV write reached a broker (when the openings' "
                    + "writes are lost, every later transfer is rejected and writes nothing)" : kvBatches(changelog));
        }
        if (!changelog.isEmpty()) {
            // What batch.size holds depends on it: the simulator models every record as sim.record.bytes.
            notes.add(String.format("%s records: key + value %d bytes on average over %d records (the simulator "
                    + "models sim.record.bytes=%s per record, so batch.size=%s holds %d of them)",
                    settings.isHandMade() ? "KV" : "changelog", recordBytes / changelog.size(), changelog.size(),
                    settings.get("sim.record.bytes"), settings.get(ProducerConfig.BATCH_SIZE_CONFIG),
                    settings.getLong(ProducerConfig.BATCH_SIZE_CONFIG) / Math.max(1, settings.getLong("sim.record.bytes"))));
        }
        if (!zombies.isEmpty()) {
            notes.add(zombieWrites + " changelog record(s) by " + zombies + " landed after the task's new owner had "
                    + "written (zombie writes" + (settings.isExactlyOnce() ? ", read_committed" : "") + ")");
        }
        Map<Integer, int[]> decisions = new HashMap<>();
        for (ConsumerRecord<String, String> r : readAll(appliedTopic(), settings.isExactlyOnce())) {
            String[] f = r.value().split(";");
            decisions.computeIfAbsent(Integer.parseInt(f[0]), k -> new int[2])[f[1].equals("applied") ? 0 : 1]++;
        }
        return new RealAudit.Evidence(finalValues, everWritten, decisions, inputOffsets, committedAtKill, committed, zombies,
                brokerKilled);
    }

    /**
     * When the KV topic's batches reached the broker (its records carry LogAppendTime, one stamp per batch) and, per
     * writer, the last input offset whose KV write arrived: with the committed offset at the kill, that is where F4
     * loses or replays.
     */
    private String kvBatches(List<ConsumerRecord<String, String>> kv) {
        Map<String, List<Long>> stamps = new TreeMap<>();
        Map<String, Long> lastOffsetBy = new TreeMap<>();
        for (ConsumerRecord<String, String> r : kv) {
            LedgerRules.Balance b = LedgerRules.Balance.decode(r.value());
            String writer = b == null ? "?" : b.writer();
            List<Long> mine = stamps.computeIfAbsent(writer, w -> new ArrayList<>());
            if (mine.isEmpty() || mine.get(mine.size() - 1) != r.timestamp()) {
                mine.add(r.timestamp());
            }
            if (b != null) {
                lastOffsetBy.merge(writer, b.lastInputOffset(), Math::max);
            }
        }
        List<String> perWriter = new ArrayList<>();
        stamps.forEach((writer, times) -> {
            List<Long> gaps = new ArrayList<>();
            for (int i = 1; i < times.size(); i++) {
                gaps.add(times.get(i) - times.get(i - 1));
            }
            gaps.sort(null);
            perWriter.add(writer + ": " + times.size() + " batches" + (gaps.isEmpty() ? ""
                    : ", median " + gaps.get(gaps.size() / 2) + " ms apart") + ", last input offset "
                    + lastOffsetBy.getOrDefault(writer, -1L));
        });
        return "KV batches as the broker appended them (linger.ms " + ms(ProducerConfig.LINGER_MS_CONFIG)
                + " ms scaled): " + String.join("; ", perWriter);
    }

    /** Every record of a topic, from the beginning to its end (read_committed: to the last stable offset). */
    private List<ConsumerRecord<String, String>> readAll(String topic, boolean readCommitted) throws CrossCheckException {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted ? "read_committed" : "read_uncommitted",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, String>> all = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> parts = new ArrayList<>();
            consumer.partitionsFor(topic, Duration.ofSeconds(30)).forEach(p -> parts.add(new TopicPartition(topic, p.partition())));
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (parts.stream().anyMatch(tp -> consumer.position(tp, Duration.ofSeconds(30)) < end.get(tp))) {
                if (System.nanoTime() > deadline || cancelled.getAsBoolean()) {
                    throw new CrossCheckException("could not read " + topic + " to its end within 60 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(all::add);
            }
        }
        return all;
    }

    // ------------------------------------------------------------------ helpers

    private <T> T await(org.apache.kafka.common.KafkaFuture<T> future, String what) throws CrossCheckException {
        try {
            return future.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
        } catch (ExecutionException | TimeoutException e) {
            throw new CrossCheckException(what + " failed: " + (e.getCause() == null ? e : e.getCause()), e);
        }
    }

    private void sleep(long ms) throws CrossCheckException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        while (true) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return;
            }
            if (cancelled.getAsBoolean()) {
                throw new CancelledException();
            }
            try {
                Thread.sleep(Math.min(left, 100));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledException();
            }
        }
    }

    private void shutdown() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
        // Every app JVM this run ever started, also those a restart replaced under the same scene name.
        allApps.forEach(ChildJvm::kill);
        if (cluster != null && !clusterShared) {
            cluster.close();
        }
        deleteTree(dir);
        ChildJvm.forget(dir);
    }

    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // best effort: a file still held by a dying child is removed by the OS's tmp cleaning
        }
    }
}
