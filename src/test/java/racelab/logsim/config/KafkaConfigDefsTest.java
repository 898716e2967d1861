package racelab.logsim.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/**
 * The definitions the simulator repeats (kafka-streams and the broker are not shipped with the app) agree with the
 * real StreamsConfig, LogConfig and ServerTopicConfigSynonyms, loaded from the real Kafka runtime the build copies to
 * target/kafka-lib (its own kafka-clients, in a class loader of its own); and the settings the issue quotes are
 * rejected as kafka-clients 4.1.1 rejects them.
 */
class KafkaConfigDefsTest {

    /** Kafka's own classes, from the runtime jars the build copies for the cross-check. */
    private static URLClassLoader kafkaRuntime() throws Exception {
        Path dir = Path.of("target", "kafka-lib");
        assertThat(dir).as("the build copies Kafka's runtime to target/kafka-lib (process-classes)").isDirectory();
        List<URL> jars;
        try (Stream<Path> files = Files.list(dir)) {
            jars = files.filter(p -> p.toString().endsWith(".jar")).map(p -> {
                try {
                    return p.toUri().toURL();
                } catch (java.net.MalformedURLException e) {
                    throw new IllegalStateException(e);
                }
            }).collect(Collectors.toList());
        }
        return new URLClassLoader(jars.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
    }

    /** Compares each of my keys with Kafka's: type, default, and which probe values each accepts. */
    @SuppressWarnings("unchecked")
    private static void sameAs(ConfigDef mine, ClassLoader kafka, String owner, String factory) throws Exception {
        Object real = kafka.loadClass(owner).getMethod(factory).invoke(null);
        Map<String, Object> keys = (Map<String, Object>) real.getClass().getMethod("configKeys").invoke(real);
        Class<?> configDef = kafka.loadClass("org.apache.kafka.common.config.ConfigDef");
        Class<?> typeClass = kafka.loadClass("org.apache.kafka.common.config.ConfigDef$Type");
        Method parse = configDef.getMethod("parseType", String.class, Object.class, typeClass);
        Method toText = configDef.getMethod("convertToString", Object.class, typeClass);
        for (ConfigDef.ConfigKey key : mine.configKeys().values()) {
            Object theirs = keys.get(key.name);
            assertThat(theirs).as(owner + " defines " + key.name).isNotNull();
            Object type = theirs.getClass().getField("type").get(theirs);
            assertThat(key.type.name()).as(key.name).isEqualTo(type.toString());
            Object theirDefault = theirs.getClass().getField("defaultValue").get(theirs);
            assertThat(ConfigDef.convertToString(key.defaultValue, key.type)).as(key.name + " default")
                    .isEqualTo(toText.invoke(null, theirDefault, type));
            Object validator = theirs.getClass().getField("validator").get(theirs);
            for (String probe : new String[] {"-1", "0", "1", "14", "1048575", "1048576", "delete", "compact", "delete,compact",
                "at_least_once", "exactly_once_v2", "exactly_once", "true", "x"}) {
                boolean theyAccept;
                try {
                    Object parsed = parse.invoke(null, key.name, probe, type);
                    if (validator != null) {
                        validator.getClass().getMethod("ensureValid", String.class, Object.class)
                                .invoke(validator, key.name, parsed);
                    }
                    theyAccept = true;
                } catch (java.lang.reflect.InvocationTargetException e) {
                    theyAccept = false;
                }
                assertThat(accepts(key, probe)).as(key.name + "=" + probe).isEqualTo(theyAccept);
            }
        }
    }

    private static boolean accepts(ConfigDef.ConfigKey key, String value) {
        try {
            Object parsed = ConfigDef.parseType(key.name, value, key.type);
            if (key.validator != null) {
                key.validator.ensureValid(key.name, parsed);
            }
            return true;
        } catch (ConfigException e) {
            return false;
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void streamsAndTopicDefinitionsMatchKafkasOwn() throws Exception {
        try (URLClassLoader kafka = kafkaRuntime()) {
            sameAs(KafkaConfigDefs.STREAMS, kafka, "org.apache.kafka.streams.StreamsConfig", "configDef");
            sameAs(KafkaConfigDefs.TOPIC, kafka, "org.apache.kafka.storage.internals.log.LogConfig", "configDefCopy");
            Map<String, String> synonyms = (Map<String, String>) kafka
                    .loadClass("org.apache.kafka.server.config.ServerTopicConfigSynonyms")
                    .getField("TOPIC_CONFIG_SYNONYMS").get(null);
            KafkaConfigDefs.BROKER_SYNONYM_OF_TOPIC.forEach((topic, broker) ->
                    assertThat(synonyms.get(topic)).as(topic).isEqualTo(broker));
        }
    }

    @Test
    void everyModelledKafkaNameHasKafkasDefault() {
        // Kafka Streams' overrides of the client defaults (StreamsConfig PRODUCER_DEFAULT_OVERRIDES,
        // PRODUCER_EOS_OVERRIDES' transaction timeout, CONSUMER_DEFAULT_OVERRIDES)
        Map<String, String> streamsOverrides = Map.of("linger.ms", "100", "max.poll.records", "1000",
                "transaction.timeout.ms", "10000", "auto.offset.reset", "earliest");
        for (String name : LogSettings.knownNames()) {
            ConfigDef.ConfigKey key = KafkaConfigDefs.key(name);
            if (name.equals(LogSettings.ELIGIBLE_LEADER_REPLICAS_VERSION)) {
                // a feature level set with kafka-features.sh, not a config of any ConfigDef
                assertThat(key).as(name).isNull();
                continue;
            }
            if (name.startsWith("sim.")) {
                assertThat(key).as(name).isNull();
                continue;
            }
            assertThat(key).as(name + " is a Kafka name").isNotNull();
            String kafkaDefault = streamsOverrides.getOrDefault(name, ConfigDef.convertToString(key.defaultValue, key.type));
            assertThat(LogSettings.defaultOf(name)).as(name).isEqualTo(kafkaDefault);
        }
    }

    @Test
    void theQuotedSettingsFailAsTheClientFailsThem() throws SettingException {
        assertThatThrownBy(() -> LogSettings.of(Map.of("max.in.flight.requests.per.connection", "10")))
                .hasMessageContaining("max.in.flight.requests.per.connection must be set to at most 5");
        assertThatThrownBy(() -> LogSettings.of(Map.of("enable.idempotence", "true", "retries", "0")))
                .hasMessageContaining("Must set retries to non-zero");
        assertThatThrownBy(() -> LogSettings.of(Map.of("linger.ms", "-5"))).hasMessageContaining("at least 0");
        assertThatThrownBy(() -> LogSettings.of(Map.of("commit.interval.ms", "-1"))).hasMessageContaining("at least 0");
        assertThatThrownBy(() -> LogSettings.of(Map.of("min.insync.replicas", "0"))).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> LogSettings.of(Map.of("changelog/min.insync.replicas", "0")))
                .hasMessageContaining("at least 1");
        assertThatThrownBy(() -> LogSettings.of(Map.of("processing.guarantee", "exactly_once_v2",
                "max.in.flight.requests.per.connection", "6"))).hasMessageContaining("greater than 5");
        assertThatThrownBy(() -> LogSettings.of(Map.of("compression.type", "gzip")))
                .hasMessageContaining("real Kafka producer config");
        // retries=0 or acks=1 alone: the client silently turns the default idempotence off (KAFKA-13673)
        assertThat(LogSettings.of(Map.of("retries", "0")).idempotenceEffective()).isFalse();
        assertThat(LogSettings.of(Map.of("acks", "1")).idempotenceEffective()).isFalse();
        // exactly_once_v2 ignores a user's enable.idempotence=false, as StreamsConfig does
        assertThat(LogSettings.of(Map.of("processing.guarantee", "exactly_once_v2", "enable.idempotence", "false"))
                .idempotenceEffective()).isTrue();
    }

    @Test
    void brokerAndTopicNamesAreKeptApart() throws SettingException {
        LogSettings broker = LogSettings.of(Map.of("log.flush.interval.messages", "1"));
        assertThat(broker.topicLong("changelog", "flush.messages")).isEqualTo(1);
        LogSettings topic = LogSettings.of(Map.of("log.flush.interval.messages", "1",
                "changelog/flush.messages", "1000"));
        assertThat(topic.topicLong("changelog", "flush.messages")).isEqualTo(1000);
        assertThat(topic.topicLong("journal", "flush.messages")).isEqualTo(1);
        assertThatThrownBy(() -> LogSettings.of(Map.of("changelog/log.flush.interval.messages", "1")))
                .hasMessageContaining("topic-level name is 'changelog/flush.messages'");
        assertThat(LogSettings.of(Map.of("log.cleanup.policy", "delete")).topic("changelog", "cleanup.policy"))
                .as("Streams creates its changelog compacted whatever the broker default").isEqualTo("compact");
    }
}
