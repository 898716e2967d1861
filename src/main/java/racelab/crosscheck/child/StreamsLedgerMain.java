package racelab.crosscheck.child;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The seed's ledger as a real Kafka Streams application in its own JVM: journal → processor (get balance, decide,
 * put into a persistent RocksDB store whose changelog Kafka Streams creates and writes, emit applied/rejected) →
 * applied topic. Every Kafka setting comes from the properties file and is validated by {@link StreamsConfig}.
 *
 * <p>Status lines on stdout: {@code STATE <KafkaStreams.State>} on every transition and {@code TASKS <ids>} with
 * the active tasks whenever it reaches RUNNING.
 */
public final class StreamsLedgerMain {

    /** The store's name; its changelog topic is {@code <application.id>-balances-changelog}. */
    public static final String STORE = "balances";

    private StreamsLedgerMain() {
    }

    public static void main(String[] args) throws Exception {
        ChildConfig config = ChildConfig.load(args[0]);
        String instance = config.own("instance");
        boolean idempotent = Boolean.parseBoolean(config.own("processor.idempotent"));
        boolean caching = Boolean.parseBoolean(config.own("store.caching"));
        StreamsConfig streamsConfig = new StreamsConfig(config.kafka);

        StoreBuilder<KeyValueStore<String, String>> store = Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.String());
        store = caching ? store.withCachingEnabled() : store.withCachingDisabled();
        Topology topology = new Topology();
        topology.addSource("journal", Serdes.String().deserializer(), Serdes.String().deserializer(),
                config.own("topic.journal"));
        topology.addProcessor("ledger", () -> new LedgerProcessor(instance, idempotent), "journal");
        topology.addStateStore(store, "ledger");
        topology.addSink("applied", config.own("topic.applied"), Serdes.String().serializer(),
                Serdes.String().serializer(), "ledger");

        KafkaStreams streams = new KafkaStreams(topology, streamsConfig);
        CountDownLatch done = new CountDownLatch(1);
        streams.setStateListener((now, before) -> {
            ChildConfig.report("STATE " + now);
            if (now == KafkaStreams.State.RUNNING) {
                ChildConfig.report("TASKS " + activeTasks(streams));
            }
            if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                done.countDown();
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> streams.close(Duration.ofSeconds(5)), "streams-close"));
        streams.start();
        done.await();
    }

    private static String activeTasks(KafkaStreams streams) {
        List<String> ids = new ArrayList<>();
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            for (TaskMetadata task : thread.activeTasks()) {
                ids.add(task.taskId().toString());
            }
        }
        return ids.isEmpty() ? "-" : String.join(",", ids);
    }

    /** Get balance, decide, put, emit: one journal entry at a time. */
    private static final class LedgerProcessor implements Processor<String, String, String, String> {

        private final String instance;
        private final boolean idempotent;
        private ProcessorContext<String, String> context;
        private KeyValueStore<String, String> balances;

        LedgerProcessor(String instance, boolean idempotent) {
            this.instance = instance;
            this.idempotent = idempotent;
        }

        @Override
        public void init(ProcessorContext<String, String> context) {
            this.context = context;
            this.balances = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, String> record) {
            LedgerRules.Entry entry = LedgerRules.Entry.decode(record.value());
            long offset = context.recordMetadata().map(m -> m.offset()).orElse(-1L);
            LedgerRules.Outcome outcome = LedgerRules.apply(entry, offset, instance, idempotent, LedgerRules.Lineage.FULL,
                    balances::get, balances::put);
            if (outcome != LedgerRules.Outcome.UNKNOWN) {
                context.forward(new Record<>(Integer.toString(entry.id()),
                        LedgerRules.decision(entry.id(), outcome == LedgerRules.Outcome.APPLIED, instance),
                        record.timestamp()));
            }
        }
    }
}
