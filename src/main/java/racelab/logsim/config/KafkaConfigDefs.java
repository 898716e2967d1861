package racelab.logsim.config;

import static org.apache.kafka.common.config.ConfigDef.Range.atLeast;
import static org.apache.kafka.common.config.ConfigDef.ValidString.in;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidList;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Kafka's own config definitions behind {@link LogSettings}: names, types, defaults and validators.
 *
 * <p>Producer and consumer settings are checked by the kafka-clients 4.1.1 {@code ProducerConfig.configDef()} and
 * {@code ConsumerConfig.configDef()} themselves, and a whole producer configuration is built with
 * {@code new ProducerConfig(...)} so that combinations fail exactly as the client fails them
 * ({@code ProducerConfig.postProcessAndValidateIdempotenceConfigs}). Kafka Streams, topic and broker settings live in
 * jars the desktop app does not ship (kafka-streams, kafka-storage, kafka-server); their definitions are repeated here
 * with the same types, defaults and validators as {@code StreamsConfig}, {@code LogConfig} (storage module) and
 * {@code ReplicationConfigs}/{@code ServerLogConfigs}, and KafkaConfigDefsTest compares them with the real classes
 * on the test class path.
 */
public final class KafkaConfigDefs {

    /** StreamsConfig's definitions of the Streams settings the simulator models (StreamsConfig.java, CONFIG). */
    public static final ConfigDef STREAMS = new ConfigDef()
            .define(LogSettings.PROCESSING_GUARANTEE, Type.STRING, LogSettings.AT_LEAST_ONCE,
                    in(LogSettings.AT_LEAST_ONCE, LogSettings.EXACTLY_ONCE_V2), Importance.MEDIUM, "processing guarantee")
            .define(LogSettings.COMMIT_INTERVAL_MS, Type.LONG, 30_000L, atLeast(0), Importance.LOW, "commit interval")
            .define(LogSettings.STATESTORE_CACHE_MAX_BYTES, Type.LONG, 10L * 1024 * 1024, atLeast(0), Importance.MEDIUM,
                    "record cache size")
            .define(LogSettings.STREAMS_REPLICATION_FACTOR, Type.INT, -1, Importance.MEDIUM,
                    "replication factor of internal topics; -1 = the broker's default.replication.factor");

    /** LogConfig's definitions (storage module, LogConfig.CONFIG) of the topic settings the simulator models. */
    public static final ConfigDef TOPIC = new ConfigDef()
            .define(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Type.INT, 1, atLeast(1), Importance.MEDIUM, "min ISR")
            .define(TopicConfig.UNCLEAN_LEADER_ELECTION_ENABLE_CONFIG, Type.BOOLEAN, false, Importance.MEDIUM, "unclean")
            .define(TopicConfig.FLUSH_MESSAGES_INTERVAL_CONFIG, Type.LONG, Long.MAX_VALUE, atLeast(1), Importance.MEDIUM,
                    "fsync every N messages")
            .define(TopicConfig.FLUSH_MS_CONFIG, Type.LONG, Long.MAX_VALUE, atLeast(0), Importance.MEDIUM, "fsync every ms")
            .define(TopicConfig.CLEANUP_POLICY_CONFIG, Type.LIST, TopicConfig.CLEANUP_POLICY_DELETE,
                    ValidList.in(TopicConfig.CLEANUP_POLICY_COMPACT, TopicConfig.CLEANUP_POLICY_DELETE), Importance.MEDIUM,
                    "cleanup policy")
            .define(TopicConfig.RETENTION_MS_CONFIG, Type.LONG, 604_800_000L, atLeast(-1), Importance.MEDIUM, "retention")
            // 4.x: segments of at least 1 MiB (KIP-1030); earlier versions accepted 14 bytes
            .define(TopicConfig.SEGMENT_BYTES_CONFIG, Type.INT, 1024 * 1024 * 1024, atLeast(1024 * 1024), Importance.MEDIUM,
                    "segment size");

    /**
     * Broker settings: replication (ReplicationConfigs, KRaftConfigs, GroupCoordinatorConfig) and the broker-wide
     * defaults of topic settings, by their broker names (ServerTopicConfigSynonyms: {@code flush.messages} is
     * {@code log.flush.interval.messages} on a broker, {@code cleanup.policy} is {@code log.cleanup.policy}, ...).
     */
    public static final ConfigDef BROKER = new ConfigDef()
            .define(LogSettings.DEFAULT_REPLICATION_FACTOR, Type.INT, 1, Importance.MEDIUM, "default RF")
            .define(LogSettings.OFFSETS_TOPIC_REPLICATION_FACTOR, Type.SHORT, (short) 3, atLeast(1), Importance.HIGH,
                    "offsets topic RF")
            .define(LogSettings.REPLICA_LAG_TIME_MAX_MS, Type.LONG, 30_000L, Importance.HIGH, "lag time")
            .define(LogSettings.REPLICA_FETCH_WAIT_MAX_MS, Type.INT, 500, Importance.MEDIUM, "fetch wait")
            .define(LogSettings.REPLICA_FETCH_BACKOFF_MS, Type.INT, 1000, atLeast(0), Importance.MEDIUM, "fetch backoff")
            .define(LogSettings.BROKER_SESSION_TIMEOUT_MS, Type.INT, 9000, Importance.MEDIUM, "broker session")
            .define(LogSettings.LOG_RETENTION_CHECK_INTERVAL_MS, Type.LONG, 300_000L, atLeast(1), Importance.MEDIUM,
                    "retention check")
            .define("log.flush.interval.messages", Type.LONG, Long.MAX_VALUE, atLeast(1), Importance.HIGH, "fsync")
            .define("log.flush.interval.ms", Type.LONG, Long.MAX_VALUE, atLeast(0), Importance.HIGH, "fsync ms")
            .define("log.cleanup.policy", Type.LIST, TopicConfig.CLEANUP_POLICY_DELETE,
                    ValidList.in(TopicConfig.CLEANUP_POLICY_COMPACT, TopicConfig.CLEANUP_POLICY_DELETE), Importance.MEDIUM,
                    "cleanup")
            .define("log.retention.ms", Type.LONG, 604_800_000L, atLeast(-1), Importance.HIGH, "retention")
            .define("log.segment.bytes", Type.INT, 1024 * 1024 * 1024, atLeast(1024 * 1024), Importance.HIGH, "segment");

    /** Topic setting to its broker-wide default's name (ServerTopicConfigSynonyms.TOPIC_CONFIG_SYNONYMS). */
    public static final Map<String, String> BROKER_SYNONYM_OF_TOPIC = Map.of(
            TopicConfig.FLUSH_MESSAGES_INTERVAL_CONFIG, "log.flush.interval.messages",
            TopicConfig.FLUSH_MS_CONFIG, "log.flush.interval.ms",
            TopicConfig.CLEANUP_POLICY_CONFIG, "log.cleanup.policy",
            TopicConfig.RETENTION_MS_CONFIG, "log.retention.ms",
            TopicConfig.SEGMENT_BYTES_CONFIG, "log.segment.bytes");

    /** Streams' producer default overrides (StreamsConfig.PRODUCER_DEFAULT_OVERRIDES). */
    static final Map<String, Object> STREAMS_PRODUCER_OVERRIDES = Map.of(ProducerConfig.LINGER_MS_CONFIG, "100");
    /** Streams' consumer default overrides (StreamsConfig.CONSUMER_DEFAULT_OVERRIDES) for the modelled names. */
    static final Map<String, Object> STREAMS_CONSUMER_OVERRIDES = Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1000");

    private static final ConfigDef PRODUCER = ProducerConfig.configDef();
    private static final ConfigDef CONSUMER = ConsumerConfig.configDef();
    private static final List<ConfigDef> ALL = List.of(PRODUCER, CONSUMER, STREAMS, TOPIC, BROKER);

    private KafkaConfigDefs() {
    }

    /** The definition of a Kafka name in any of the config definitions, or null. */
    public static ConfigDef.ConfigKey key(String name) {
        for (ConfigDef def : List.of(STREAMS, TOPIC, BROKER, PRODUCER, CONSUMER)) {
            ConfigDef.ConfigKey key = def.configKeys().get(name);
            if (key != null) {
                return key;
            }
        }
        return null;
    }

    /** Which client or server a real Kafka name belongs to, for messages; null if Kafka does not know it. */
    public static String ownerOf(String name) {
        if (PRODUCER.configKeys().containsKey(name)) {
            return "producer";
        }
        if (CONSUMER.configKeys().containsKey(name)) {
            return "consumer";
        }
        for (ConfigDef def : ALL) {
            if (def.configKeys().containsKey(name)) {
                return def == TOPIC ? "topic" : def == STREAMS ? "Kafka Streams" : "broker";
            }
        }
        return null;
    }

    /**
     * Parses and validates one value with Kafka's type and validator for {@code name}.
     *
     * @throws ConfigException with Kafka's own message when Kafka would reject the value
     */
    public static Object validate(ConfigDef.ConfigKey key, String value) {
        Object parsed = ConfigDef.parseType(key.name, value, key.type);
        if (key.validator != null) {
            key.validator.ensureValid(key.name, parsed);
        }
        return parsed;
    }

    /**
     * The producer configuration the stream task's producer gets, built and validated by kafka-clients itself: Kafka
     * Streams' overrides (linger.ms=100; under exactly_once_v2 also idempotence on, delivery.timeout.ms max,
     * transaction.timeout.ms 10000 and a transactional.id, user values for those being ignored as Streams ignores
     * them), or a plain producer's defaults for the hand-made design, plus the explicit producer settings.
     *
     * @throws ConfigException when the client would refuse the combination (e.g. idempotence with
     *     max.in.flight.requests.per.connection=10, or with retries=0)
     */
    public static ProducerConfig producerConfig(Map<String, String> producerSettings, boolean exactlyOnce,
            boolean handMade) {
        Map<String, Object> props = new HashMap<>();
        if (!handMade) {
            props.putAll(STREAMS_PRODUCER_OVERRIDES);
        }
        props.putAll(producerSettings);
        if (exactlyOnce && !handMade) {
            Object inFlight = producerSettings.get(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION);
            if (inFlight != null && Integer.parseInt(inFlight.toString()) > 5) {
                // StreamsConfig.verifyMaxInFlightRequestPerConnection
                throw new ConfigException("Can't set max.in.flight.requests.per.connection greater than 5 when "
                        + "exactly-once is enabled (Kafka Streams)");
            }
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE);
            props.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 10_000);
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "ledger-app-task");
        }
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "simulated-cluster:9092");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.StringSerializer");
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, "org.apache.kafka.common.serialization.StringSerializer");
        return new ProducerConfig(props);
    }
}
