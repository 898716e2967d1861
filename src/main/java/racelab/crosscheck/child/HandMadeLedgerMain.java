package racelab.crosscheck.child;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The seed's hand-made design as a real application in its own JVM: a plain {@link KafkaConsumer} with Kafka's
 * consumer defaults (so {@code enable.auto.commit=true}) and a {@link KafkaProducer} writing every new balance to a
 * KV topic and every decision to the applied topic. Nothing waits for the producer before offsets are committed:
 * auto-commit happens inside {@code poll()}. On assignment it rebuilds its balances by reading the KV topic from the
 * beginning (the simulator's hand-made restore). With {@code enable.auto.commit=false} it does what the scene's fix
 * says (and what Kafka Streams does): every {@code racelab.commit.interval.ms} it calls {@code producer.flush()} and
 * only then {@code commitSync()}. Consumer settings are prefixed {@code consumer.}, producer settings
 * {@code producer.}, and both go through Kafka's {@link ConsumerConfig} and {@link ProducerConfig}.
 *
 * <p>Status lines: {@code STATE RUNNING} after its first assignment, {@code TASKS <partitions>} on each assignment,
 * {@code RESUME <partition> <offset>} with the position it resumes from (the group's committed offset).
 */
public final class HandMadeLedgerMain {

    private HandMadeLedgerMain() {
    }

    public static void main(String[] args) throws Exception {
        ChildConfig config = ChildConfig.load(args[0]);
        String instance = config.own("instance");
        boolean idempotent = Boolean.parseBoolean(config.own("processor.idempotent"));
        String journal = config.own("topic.journal");
        String kv = config.own("topic.kv");
        String applied = config.own("topic.applied");
        Map<String, Object> consumerProps = prefixed(config.kafka, "consumer.");
        Map<String, Object> producerProps = prefixed(config.kafka, "producer.");
        Map<String, String> balances = new HashMap<>();
        long[] lastCommitNs = {System.nanoTime()};
        // Linked lineage: a balance record stays about 40 bytes, the size of a real ledger's balance record, so
        // batch.size fills after as many records as the scene models and linger.ms decides when a batch leaves. (With
        // the full lineage a value grew to about 1 KB and batch.size, not linger.ms, sent every batch within tens of
        // milliseconds: the real run then lost nothing where the scene's producer buffer held seconds of writes.)
        // A pid is unique among live processes; the clock suffix keeps a restarted process that reuses one apart.
        LedgerRules.Lineage lineage = LedgerRules.Lineage.linked(Long.toString(ProcessHandle.current().pid(), 36)
                + Long.toString(System.currentTimeMillis() % 46_656, 36));
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(),
                new StringDeserializer());
                KafkaProducer<String, String> producer = new KafkaProducer<>(producerProps, new StringSerializer(),
                        new StringSerializer())) {
            Map<String, Object> restoreProps = new HashMap<>(consumerProps);
            restoreProps.remove(ConsumerConfig.GROUP_ID_CONFIG);
            restoreProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            consumer.subscribe(List.of(journal), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    balances.clear();
                    balances.putAll(readKvTopic(restoreProps, kv));
                    // Commit intervals count from the assignment, as the consumer's own auto-commit timer does
                    // (ConsumerCoordinator.onJoinComplete) and as the simulator's hand-made app does.
                    lastCommitNs[0] = System.nanoTime();
                    for (TopicPartition tp : partitions) {
                        ChildConfig.report("RESUME " + tp.partition() + " " + consumer.position(tp));
                    }
                    ChildConfig.report("TASKS " + (partitions.isEmpty() ? "-" : partitions.toString()));
                    ChildConfig.report("STATE RUNNING");
                }
            });
            boolean autoCommit = Boolean.parseBoolean(String.valueOf(consumerProps.getOrDefault(
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "true")));
            long commitIntervalMs = Long.parseLong(config.own.getOrDefault("commit.interval.ms", "30000"));

            while (true) {
                if (!autoCommit && System.nanoTime() - lastCommitNs[0] >= commitIntervalMs * 1_000_000L) {
                    // The fix: the outputs are durable before the offsets that say they were processed.
                    producer.flush();
                    consumer.commitSync();
                    lastCommitNs[0] = System.nanoTime();
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
                    LedgerRules.Entry entry = LedgerRules.Entry.decode(record.value());
                    LedgerRules.Outcome outcome = LedgerRules.apply(entry, record.offset(), instance, idempotent,
                            lineage, balances::get, (account, value) -> {
                                balances.put(account, value);
                                producer.send(new ProducerRecord<>(kv, account, value));
                            });
                    if (outcome != LedgerRules.Outcome.UNKNOWN) {
                        producer.send(new ProducerRecord<>(applied, Integer.toString(entry.id()),
                                LedgerRules.decision(entry.id(), outcome == LedgerRules.Outcome.APPLIED, instance)));
                    }
                }
            }
        }
    }

    private static Map<String, Object> prefixed(Map<String, Object> all, String prefix) {
        Map<String, Object> out = new HashMap<>();
        all.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    /** Last value per key of the whole KV topic. */
    static Map<String, String> readKvTopic(Map<String, Object> props, String topic) {
        Map<String, String> state = new HashMap<>();
        try (KafkaConsumer<String, String> reader = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> parts = reader.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            reader.assign(parts);
            reader.seekToBeginning(parts);
            Map<TopicPartition, Long> end = reader.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> reader.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, String> r : reader.poll(Duration.ofMillis(100))) {
                    state.put(r.key(), r.value());
                }
            }
        }
        return state;
    }
}
