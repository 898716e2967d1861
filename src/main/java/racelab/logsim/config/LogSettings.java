package racelab.logsim.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The settings of one log run, named with Kafka's own config names and holding Kafka 4.x defaults.
 *
 * <p>A name may be prefixed by a topic role ({@code changelog/cleanup.policy}) to set a topic-level config on one
 * topic only. Names starting with {@code sim.} are the simulator's own knobs (cluster size, design choices) and are
 * documented in docs/log-scenes.md. Unknown names and bad values are rejected with a message naming the setting.
 */
public final class LogSettings {

    /** Streams config names; kafka-streams is not on the class path, so the few names used are defined here. */
    public static final String PROCESSING_GUARANTEE = "processing.guarantee";
    public static final String COMMIT_INTERVAL_MS = "commit.interval.ms";
    public static final String STATESTORE_CACHE_MAX_BYTES = "statestore.cache.max.bytes";
    public static final String STREAMS_REPLICATION_FACTOR = "replication.factor";
    public static final String AT_LEAST_ONCE = "at_least_once";
    public static final String EXACTLY_ONCE_V2 = "exactly_once_v2";

    /** Broker configs (kafka-server is not on the class path either). */
    public static final String DEFAULT_REPLICATION_FACTOR = "default.replication.factor";
    public static final String OFFSETS_TOPIC_REPLICATION_FACTOR = "offsets.topic.replication.factor";
    public static final String REPLICA_LAG_TIME_MAX_MS = "replica.lag.time.max.ms";
    public static final String REPLICA_FETCH_WAIT_MAX_MS = "replica.fetch.wait.max.ms";
    public static final String REPLICA_FETCH_BACKOFF_MS = "replica.fetch.backoff.ms";
    public static final String BROKER_SESSION_TIMEOUT_MS = "broker.session.timeout.ms";
    public static final String LOG_RETENTION_CHECK_INTERVAL_MS = "log.retention.check.interval.ms";
    /**
     * KIP-966 feature level (set with kafka-features.sh / kafka-storage.sh format, not a broker property): 1 turns on
     * eligible leader replicas. Off by default in 4.0; on for clusters created at metadata version 4.1-IV1 or later
     * (apache/kafka PR 20174), which is what the lab models, so the default here is 1.
     */
    public static final String ELIGIBLE_LEADER_REPLICAS_VERSION = "eligible.leader.replicas.version";

    /** Topic roles, in the order the cluster creates them. */
    public static final List<String> ROLES = List.of("journal", "changelog", "applied", "__consumer_offsets");

    private enum Kind { LONG, BOOL, CHOICE }

    private record Def(String name, String defaultValue, Kind kind, List<String> choices, boolean topicLevel) {
    }

    private static final Map<String, Def> DEFS = new LinkedHashMap<>();

    private static void def(String name, String defaultValue, Kind kind, boolean topicLevel, String... choices) {
        DEFS.put(name, new Def(name, defaultValue, kind, List.of(choices), topicLevel));
    }

    static {
        String longMax = Long.toString(Long.MAX_VALUE);
        // Producer of the stream task (Kafka Streams' producer overrides where they differ from the plain client).
        def(ProducerConfig.ACKS_CONFIG, "all", Kind.CHOICE, false, "all", "-1", "1", "0");
        def(ProducerConfig.LINGER_MS_CONFIG, "100", Kind.LONG, false);
        def(ProducerConfig.BATCH_SIZE_CONFIG, "16384", Kind.LONG, false);
        def(ProducerConfig.RETRIES_CONFIG, Integer.toString(Integer.MAX_VALUE), Kind.LONG, false);
        def(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5", Kind.LONG, false);
        def(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true", Kind.BOOL, false);
        def(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000", Kind.LONG, false);
        def(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "30000", Kind.LONG, false);
        def(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, "100", Kind.LONG, false);
        def(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "10000", Kind.LONG, false);
        // Consumer.
        def(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "true", Kind.BOOL, false);
        def(ConsumerConfig.AUTO_COMMIT_INTERVAL_MS_CONFIG, "5000", Kind.LONG, false);
        def(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "45000", Kind.LONG, false);
        def(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "3000", Kind.LONG, false);
        def(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1000", Kind.LONG, false);
        // Kafka Streams overrides the plain consumer's "latest" with "earliest" (StreamsConfig CONSUMER_DEFAULT_OVERRIDES).
        def(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", Kind.CHOICE, false, "earliest", "latest", "none");
        // Streams.
        def(PROCESSING_GUARANTEE, AT_LEAST_ONCE, Kind.CHOICE, false, AT_LEAST_ONCE, EXACTLY_ONCE_V2);
        def(COMMIT_INTERVAL_MS, "30000", Kind.LONG, false);
        def(STATESTORE_CACHE_MAX_BYTES, "10485760", Kind.LONG, false);
        def(STREAMS_REPLICATION_FACTOR, "-1", Kind.LONG, true);
        // Broker and topic.
        def(DEFAULT_REPLICATION_FACTOR, "1", Kind.LONG, false);
        def(OFFSETS_TOPIC_REPLICATION_FACTOR, "3", Kind.LONG, false);
        def(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "1", Kind.LONG, true);
        def(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG, "false", Kind.BOOL, true);
        def(TopicConfig.FLUSH_MESSAGES_INTERVAL_CONFIG, longMax, Kind.LONG, true);
        def(TopicConfig.FLUSH_MS_CONFIG, longMax, Kind.LONG, true);
        def(TopicConfig.CLEANUP_POLICY_CONFIG, "delete", Kind.CHOICE, true, "delete", "compact", "compact,delete");
        def(TopicConfig.RETENTION_MS_CONFIG, "604800000", Kind.LONG, true);
        def(TopicConfig.SEGMENT_BYTES_CONFIG, "1073741824", Kind.LONG, true);
        def(LOG_RETENTION_CHECK_INTERVAL_MS, "300000", Kind.LONG, false);
        // Broker-wide defaults of the topic settings above, by their broker names (ServerTopicConfigSynonyms): a topic
        // that does not set flush.messages takes log.flush.interval.messages, and so on.
        def("log.flush.interval.messages", longMax, Kind.LONG, false);
        def("log.flush.interval.ms", longMax, Kind.LONG, false);
        def("log.cleanup.policy", "delete", Kind.CHOICE, false, "delete", "compact", "compact,delete");
        def("log.retention.ms", "604800000", Kind.LONG, false);
        def("log.segment.bytes", "1073741824", Kind.LONG, false);
        def(REPLICA_LAG_TIME_MAX_MS, "30000", Kind.LONG, false);
        def(REPLICA_FETCH_WAIT_MAX_MS, "500", Kind.LONG, false);
        def(REPLICA_FETCH_BACKOFF_MS, "1000", Kind.LONG, false);
        def(BROKER_SESSION_TIMEOUT_MS, "9000", Kind.LONG, false);
        def(ELIGIBLE_LEADER_REPLICAS_VERSION, "1", Kind.CHOICE, false, "0", "1");
        // The simulator's own knobs.
        def("sim.brokers", "3", Kind.LONG, false);
        def("sim.instances", "1", Kind.LONG, false);
        def("sim.partitions", "1", Kind.LONG, false);
        def("sim.network.delay.ms", "1", Kind.LONG, false);
        def("sim.network.jitter.ms", "0", Kind.LONG, false);
        def("sim.os.dirty.expire.ms", "30000", Kind.LONG, false);
        def("sim.os.writeback.interval.ms", "5000", Kind.LONG, false);
        def("sim.poll.interval.ms", "10", Kind.LONG, false);
        def("sim.record.bytes", "64", Kind.LONG, false);
        def("sim.design", "streams", Kind.CHOICE, false, "streams", "hand-made");
        def("sim.store.caching", "false", Kind.BOOL, false);
        def("sim.processor.idempotent", "false", Kind.BOOL, false);
        def("sim.checkpoint.offset.delta", "10000", Kind.LONG, false);
        def("sim.checkpoint.after.store.flush", "true", Kind.BOOL, false);
        def("sim.rocksdb.memtable.records", "160000", Kind.LONG, false);
        def("sim.entry.routing", "entry", Kind.CHOICE, false, "entry", "legs", "saga");
        def("sim.lineage", "true", Kind.BOOL, false);
        // The upstream journal client's delivery.timeout.ms (the producer default). After it gives a send up, the
        // client sends the entry again as a new record: if the first copy had been written after all, the journal
        // holds the entry twice, which no broker or Streams setting can undo. log-safety sets 2147483647: the client
        // never gives up, so its idempotent retries keep one copy.
        def("sim.client.delivery.timeout.ms", "120000", Kind.LONG, false);
    }

    private final Map<String, String> explicit;
    /** The stream task's producer configuration as kafka-clients built it; set by checkCombinations. */
    private ProducerConfig producerConfig;

    private static final java.util.Set<String> PRODUCER_NAMES = ProducerConfig.configNames();

    private LogSettings(Map<String, String> explicit) {
        this.explicit = Collections.unmodifiableMap(new TreeMap<>(explicit));
    }

    /** Kafka defaults, nothing overridden. */
    public static LogSettings defaults() {
        return new LogSettings(Map.of());
    }

    /** Validated settings; the first bad name or value is reported. */
    public static LogSettings of(Map<String, String> values) throws SettingException {
        Map<String, String> checked = new TreeMap<>();
        for (Map.Entry<String, String> entry : values.entrySet()) {
            checked.put(entry.getKey(), normalize(entry.getKey(), entry.getValue()));
        }
        LogSettings settings = new LogSettings(checked);
        settings.checkCombinations();
        return settings;
    }

    /** These settings with {@code overrides} applied on top (later wins). */
    public LogSettings with(Map<String, String> overrides) throws SettingException {
        Map<String, String> merged = new TreeMap<>(explicit);
        merged.putAll(overrides);
        return of(merged);
    }

    /** Whether a name is known, with or without a topic prefix. */
    public static void checkName(String name) throws SettingException {
        definition(name);
    }

    /** Whether a name is known and the value fits its type (combinations are checked by {@link #of}). */
    public static void checkValue(String name, String value) throws SettingException {
        normalize(name, value);
    }

    private static Def definition(String name) throws SettingException {
        int slash = name.indexOf('/');
        if (slash >= 0) {
            String role = name.substring(0, slash);
            if (!ROLES.contains(role)) {
                throw new SettingException("unknown topic '" + role + "' in setting '" + name + "'; expected one of "
                        + String.join(", ", ROLES));
            }
            String topicName = name.substring(slash + 1);
            Def def = DEFS.get(topicName);
            String synonym = topicSynonymOf(topicName);
            if (synonym != null) {
                throw new SettingException("setting '" + name + "': '" + topicName + "' is the broker-wide default; the "
                        + "topic-level name is '" + role + "/" + synonym + "'");
            }
            if (def == null || !def.topicLevel()) {
                throw new SettingException("setting '" + name + "': '" + name.substring(slash + 1)
                        + "' is not a topic-level config; expected one of " + String.join(", ", topicLevelNames()));
            }
            return def;
        }
        Def def = DEFS.get(name);
        if (def == null && KafkaConfigDefs.ownerOf(name) != null) {
            throw new SettingException("setting '" + name + "' is a real Kafka " + KafkaConfigDefs.ownerOf(name)
                    + " config, but the simulator does not model it (modelled names: docs/log-scenes.md)");
        }
        if (def == null) {
            throw new SettingException("unknown setting '" + name + "'; expected a Kafka config name such as acks, "
                    + "enable.idempotence, processing.guarantee, min.insync.replicas, flush.messages, or a sim.* knob "
                    + "(full list: docs/log-scenes.md)");
        }
        return def;
    }

    private static List<String> topicLevelNames() {
        List<String> names = new ArrayList<>();
        DEFS.values().stream().filter(Def::topicLevel).forEach(d -> names.add(d.name()));
        return names;
    }

    private static String topicSynonymOf(String brokerName) {
        for (Map.Entry<String, String> e : KafkaConfigDefs.BROKER_SYNONYM_OF_TOPIC.entrySet()) {
            if (e.getValue().equals(brokerName)) {
                return e.getKey();
            }
        }
        return null;
    }

    private static String normalize(String name, String raw) throws SettingException {
        Def def = definition(name);
        String value = raw == null ? "" : raw.trim();
        String normalized = normalizeKind(name, def, value);
        org.apache.kafka.common.config.ConfigDef.ConfigKey key = KafkaConfigDefs.key(def.name());
        if (key != null) {
            try {
                boolean numeric = def.kind() == Kind.LONG;
                KafkaConfigDefs.validate(key, numeric ? normalized : value);
            } catch (org.apache.kafka.common.config.ConfigException e) {
                throw new SettingException("setting '" + name + "': " + e.getMessage() + " (Kafka's ConfigDef)");
            }
        }
        return normalized;
    }

    private static String normalizeKind(String name, Def def, String value) throws SettingException {
        switch (def.kind()) {
            case LONG:
                try {
                    return Long.toString(Long.parseLong(value.replace("_", "")));
                } catch (NumberFormatException e) {
                    throw new SettingException("setting '" + name + "': expected a whole number, found '" + value + "'");
                }
            case BOOL:
                if (value.equals("true") || value.equals("false")) {
                    return value;
                }
                throw new SettingException("setting '" + name + "': expected true or false, found '" + value + "'");
            default:
                if (def.choices().contains(value)) {
                    return value.equals("-1") && name.endsWith(ProducerConfig.ACKS_CONFIG) ? "all" : value;
                }
                throw new SettingException("setting '" + name + "': expected one of " + String.join(", ", def.choices())
                        + ", found '" + value + "'");
        }
    }

    private void checkCombinations() throws SettingException {
        boolean eos = isExactlyOnce();
        Map<String, String> producerSettings = new TreeMap<>();
        for (Map.Entry<String, String> e : explicit.entrySet()) {
            if (PRODUCER_NAMES.contains(e.getKey())) {
                producerSettings.put(e.getKey(), e.getValue());
            }
        }
        try {
            producerConfig = KafkaConfigDefs.producerConfig(producerSettings, eos, isHandMade());
        } catch (org.apache.kafka.common.config.ConfigException e) {
            // Name the setting Kafka's message is about, so a scene error points at its line.
            String blamed = null;
            for (String name : producerSettings.keySet()) {
                if (e.getMessage().contains(name) && (blamed == null || name.length() > blamed.length())) {
                    blamed = name;
                }
            }
            throw new SettingException((blamed == null ? "producer settings " + producerSettings
                    : "setting '" + blamed + "'=" + producerSettings.get(blamed)) + " rejected by kafka-clients 4.1.1: "
                    + e.getMessage() + (eos ? " (exactly_once_v2 turns idempotence on)" : ""));
        }
        if (getLong("sim.brokers") < 1 || getLong("sim.instances") < 1 || getLong("sim.partitions") < 1) {
            throw new SettingException("sim.brokers, sim.instances and sim.partitions must be at least 1");
        }
        if (getLong("sim.brokers") > 9 || getLong("sim.instances") > 4 || getLong("sim.partitions") > 16) {
            throw new SettingException("the simulator keeps clusters small: at most 9 brokers, 4 instances, 16 partitions");
        }
        for (String role : ROLES) {
            long rf = replicationFactor(role);
            if (rf < 1 || rf > getLong("sim.brokers")) {
                throw new SettingException("topic " + role + ": replication factor " + rf + " needs between 1 and "
                        + getLong("sim.brokers") + " brokers (sim.brokers)");
            }
        }
        if (getLong(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION) < 1) {
            throw new SettingException("setting 'max.in.flight.requests.per.connection' must be at least 1");
        }
        if (getLong("sim.network.delay.ms") < 0 || getLong("sim.network.jitter.ms") < 0 || getLong("sim.poll.interval.ms") < 1) {
            throw new SettingException("sim.network.delay.ms and sim.network.jitter.ms must be >= 0 and sim.poll.interval.ms >= 1");
        }
        if (getLong("sim.record.bytes") < 1) {
            // Segment and batch sizes are divided by it (PartitionState, the client's batch size).
            throw new SettingException("setting 'sim.record.bytes' must be at least 1");
        }
        if (!get("sim.entry.routing").equals("entry") || getLong("sim.partitions") == 1) {
            return;
        }
        throw new SettingException("setting 'sim.entry.routing': with sim.partitions > 1 a whole entry cannot live in one "
                + "task's store; use legs (each account's leg to its own task) or saga");
    }

    /** The value in force, explicit or default. */
    public String get(String name) {
        String value = explicit.get(name);
        if (value != null) {
            return value;
        }
        Def def = DEFS.get(name);
        if (def == null) {
            throw new IllegalArgumentException("no such setting " + name);
        }
        if (name.equals(COMMIT_INTERVAL_MS) && isExactlyOnce()) {
            return "100";
        }
        if (name.equals(ProducerConfig.LINGER_MS_CONFIG) && isHandMade()) {
            return "5";
        }
        return def.defaultValue();
    }

    public long getLong(String name) {
        return Long.parseLong(get(name));
    }

    public boolean getBool(String name) {
        return Boolean.parseBoolean(get(name));
    }

    public boolean isExactlyOnce() {
        String value = explicit.get(PROCESSING_GUARANTEE);
        return EXACTLY_ONCE_V2.equals(value);
    }

    public boolean isHandMade() {
        return "hand-made".equals(explicit.get("sim.design"));
    }

    /** acks as an int: -1 for all. */
    public int acks() {
        String acks = get(ProducerConfig.ACKS_CONFIG);
        return acks.equals("all") ? -1 : Integer.parseInt(acks);
    }

    /**
     * Whether the stream task's producer is idempotent: forced on by exactly_once_v2, and silently off when left at
     * its default next to a conflicting config such as acks=1 (KAFKA-13673).
     */
    public boolean idempotenceEffective() {
        if (producerConfig == null) {
            return isExactlyOnce() || getBool(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG);
        }
        // ProducerConfig.postProcessAndValidateIdempotenceConfigs turned it off if acks or retries conflict with the
        // default, and threw (checkCombinations) if the user asked for it explicitly or max.in.flight > 5.
        return producerConfig.getBoolean(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG);
    }

    /** A topic-level config for one topic role: {@code role/name}, then the global name, then the role's default. */
    public String topic(String role, String name) {
        String scoped = explicit.get(role + "/" + name);
        if (scoped != null) {
            return scoped;
        }
        if (name.equals(STREAMS_REPLICATION_FACTOR)) {
            return Long.toString(replicationFactor(role));
        }
        String global = explicit.get(name);
        if (global != null) {
            return global;
        }
        if (name.equals(TopicConfig.CLEANUP_POLICY_CONFIG) && (role.equals("changelog") || role.equals("__consumer_offsets"))) {
            // Streams creates its changelogs compacted and the broker its offsets topic: the broker default does not apply
            return "compact";
        }
        String brokerDefault = KafkaConfigDefs.BROKER_SYNONYM_OF_TOPIC.get(name);
        if (brokerDefault != null && explicit.containsKey(brokerDefault)) {
            return explicit.get(brokerDefault);
        }
        return DEFS.get(name).defaultValue();
    }

    public long topicLong(String role, String name) {
        return Long.parseLong(topic(role, name));
    }

    private long replicationFactor(String role) {
        String scoped = explicit.get(role + "/" + STREAMS_REPLICATION_FACTOR);
        if (scoped != null) {
            return Long.parseLong(scoped);
        }
        switch (role) {
            case "changelog":
                long streams = getLong(STREAMS_REPLICATION_FACTOR);
                return streams == -1 ? getLong(DEFAULT_REPLICATION_FACTOR) : streams;
            case "__consumer_offsets":
                return Math.min(getLong(OFFSETS_TOPIC_REPLICATION_FACTOR), getLong("sim.brokers"));
            default:
                return Math.min(3, getLong("sim.brokers"));
        }
    }

    /** Only the settings a scene or user changed, sorted by name. */
    public Map<String, String> explicit() {
        return explicit;
    }

    /** Every global setting with the value in force, sorted by name; topic-scoped overrides included. */
    public Map<String, String> effective() {
        Map<String, String> all = new TreeMap<>();
        for (String name : DEFS.keySet()) {
            all.put(name, get(name));
        }
        all.putAll(explicit);
        return Collections.unmodifiableMap(all);
    }

    /** All known global names, in documentation order. */
    public static List<String> knownNames() {
        return List.copyOf(DEFS.keySet());
    }

    /** The default of a known name. */
    public static String defaultOf(String name) {
        return DEFS.get(name).defaultValue();
    }
}
