package racelab.bench;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.protocol.Errors;
import racelab.logsim.LogSimulation;
import racelab.logsim.client.SendListener;
import racelab.logsim.client.SimProducer;
import racelab.logsim.client.TxnCoordinator;
import racelab.logsim.cluster.Cluster;
import racelab.logsim.cluster.Machine;
import racelab.logsim.cluster.PartitionState;
import racelab.logsim.cluster.SimContext;
import racelab.logsim.config.LogSettings;
import racelab.logsim.config.SettingException;
import racelab.logsim.model.LogRecord;
import racelab.logsim.result.LogRunResult;
import racelab.logsim.scene.Fault;
import racelab.logsim.scene.LogScene;
import racelab.logsim.scene.Workload;
import racelab.logsim.sim.EventQueue;
import racelab.logsim.sim.ManualClock;
import racelab.logsim.sim.Seed;

/**
 * The log side of the trade-offs, entirely <b>simulated</b>: for each durability setting, the produce latency and
 * the synchronous throughput of the simulator's producer and brokers, next to the journal entries lost or applied
 * twice after a power cut of every broker and app machine.
 *
 * <p>Nothing here is measured on real Kafka. The figures follow from the simulator's model parameters (network
 * delay, linger, fetch long-polling, page cache write-back) and from nothing else; in particular the simulator
 * charges no time for an fsync, so {@code flush.messages=1} shows its benefit and not its disk cost.
 */
public final class DurabilityBench {

    /** Settings every variant starts from: three brokers and a changelog replicated three times. */
    public static final Map<String, String> BASELINE = Map.of("sim.brokers", "3",
            LogSettings.STREAMS_REPLICATION_FACTOR, "3");

    /**
     * One setting change to price.
     *
     * @param overrides Kafka config names changed from {@link #BASELINE} and Kafka's defaults
     */
    public record Variant(String name, Map<String, String> overrides) {
    }

    /**
     * What one variant costs and what it saves.
     *
     * @param openLoopP50Ms median time from send to acknowledgement at the offered rate (to commit, for EOS), ms
     * @param syncRecordsPerSecond one writer that waits for each record's acknowledgement before the next
     * @param entries journal entries in the power-cut run, openings included
     * @param notExactlyOnceBySeed after the power cut: entries whose effect is lost or doubled in the recovered
     *     balances, one number per seed
     * @param lostBySeed the lost part, per seed
     * @param duplicatedBySeed the doubled part, per seed
     * @param wrongAccountsBySeed accounts with a wrong recovered balance, per seed
     * @param causes failure-mode ids (F1, F3, ...) the simulator's forensics named, over all seeds
     * @param unfinishedSeeds seeds whose power-cut run hit the wall-clock guard and is not counted
     */
    public record VariantResult(String name, Map<String, String> overrides, double openLoopP50Ms,
            double openLoopP99Ms, double syncRecordsPerSecond, double syncLatencyMs, int entries,
            List<Integer> notExactlyOnceBySeed, List<Integer> lostBySeed, List<Integer> duplicatedBySeed,
            List<Integer> wrongAccountsBySeed, List<String> causes, List<Long> unfinishedSeeds) {
    }

    /**
     * @param modelParameters the simulator knobs the figures follow from, with their values
     */
    public record Report(String label, Map<String, String> modelParameters, long offeredRatePerSecond,
            int openLoopRecords, int syncRecords, String powerCutScene, List<Long> seeds,
            List<VariantResult> variants) {
    }

    /** The five settings of the issue, each alone on top of the baseline, and the last two together. */
    public static List<Variant> issueVariants() {
        List<Variant> variants = new ArrayList<>();
        variants.add(new Variant("acks=1", Map.of(ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false")));
        variants.add(new Variant("acks=all (default)", Map.of(ProducerConfig.ACKS_CONFIG, "all")));
        variants.add(new Variant("acks=all, min.insync.replicas=2", Map.of(ProducerConfig.ACKS_CONFIG, "all",
                TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2")));
        variants.add(new Variant("acks=all, flush.messages=1", Map.of(ProducerConfig.ACKS_CONFIG, "all",
                TopicConfig.FLUSH_MESSAGES_INTERVAL_CONFIG, "1")));
        variants.add(new Variant("exactly_once_v2, commit.interval.ms=100", Map.of(
                LogSettings.PROCESSING_GUARANTEE, LogSettings.EXACTLY_ONCE_V2, LogSettings.COMMIT_INTERVAL_MS,
                "100")));
        variants.add(new Variant("exactly_once_v2 + flush.messages=1", Map.of(
                LogSettings.PROCESSING_GUARANTEE, LogSettings.EXACTLY_ONCE_V2, LogSettings.COMMIT_INTERVAL_MS,
                "100", TopicConfig.FLUSH_MESSAGES_INTERVAL_CONFIG, "1")));
        return variants;
    }

    private final long ratePerSecond;
    private final int openLoopRecords;
    private final int syncRecords;
    private final List<Long> seeds;
    private final double guardSeconds;

    public DurabilityBench(long ratePerSecond, int openLoopRecords, int syncRecords, List<Long> seeds,
            double guardSeconds) {
        this.guardSeconds = guardSeconds;
        this.ratePerSecond = ratePerSecond;
        this.openLoopRecords = openLoopRecords;
        this.syncRecords = syncRecords;
        this.seeds = List.copyOf(seeds);
    }

    /** Runs every variant; a setting the simulator rejects is an {@link IllegalArgumentException}. */
    public Report run(List<Variant> variants) {
        List<VariantResult> results = new ArrayList<>();
        LogSettings baseline = settings(Map.of());
        for (Variant variant : variants) {
            LogSettings settings = settings(variant.overrides());
            double[] open = openLoop(settings);
            double[] sync = synchronous(settings);
            List<Integer> notOnce = new ArrayList<>();
            List<Integer> lost = new ArrayList<>();
            List<Integer> duplicated = new ArrayList<>();
            List<Integer> wrong = new ArrayList<>();
            java.util.TreeSet<String> causes = new java.util.TreeSet<>();
            List<Long> unfinished = new ArrayList<>();
            int entries = 0;
            for (long seed : seeds) {
                LogRunResult result = powerCut(variant.overrides(), seed, guardSeconds);
                if (result == null) {
                    unfinished.add(seed);
                    continue;
                }
                notOnce.add(notExactlyOnce(result));
                lost.add(result.lostEntries().size());
                duplicated.add(result.duplicateEntries().size());
                wrong.add(result.wrongAccounts().size());
                causes.addAll(result.causes());
                entries = result.entries();
            }
            results.add(new VariantResult(variant.name(), variant.overrides(), open[0], open[1], sync[0], sync[1],
                    entries, notOnce, lost, duplicated, wrong, new ArrayList<>(causes), unfinished));
        }
        Map<String, String> model = new LinkedHashMap<>();
        for (String name : List.of("sim.brokers", "sim.network.delay.ms", "sim.os.writeback.interval.ms",
                "sim.os.dirty.expire.ms", "sim.record.bytes", ProducerConfig.LINGER_MS_CONFIG,
                ProducerConfig.BATCH_SIZE_CONFIG, LogSettings.REPLICA_FETCH_WAIT_MAX_MS,
                LogSettings.STREAMS_REPLICATION_FACTOR)) {
            model.put(name, baseline.get(name));
        }
        model.put("fsync cost", "0 ms (not modelled)");
        return new Report("SIMULATED by racelab.logsim, not measured on Kafka", model, ratePerSecond,
                openLoopRecords, syncRecords, powerCutDescription(), seeds, results);
    }

    private static LogSettings settings(Map<String, String> overrides) {
        Map<String, String> all = new LinkedHashMap<>(BASELINE);
        all.putAll(overrides);
        try {
            return LogSettings.of(all);
        } catch (SettingException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** A fresh simulated cluster with the changelog's partition 0 and a producer configured from the settings. */
    private static final class Rig {
        final SimContext ctx;
        final SimProducer producer;
        final PartitionState partition;
        final Map<LogRecord, Long> ackedAtMs = new IdentityHashMap<>();

        Rig(LogSettings settings, long seed) {
            ctx = new SimContext(new EventQueue(new ManualClock(), 200_000_000L), settings, new Seed(seed), 50);
            List<Machine> brokers = new ArrayList<>();
            for (int b = 0; b < settings.getLong("sim.brokers"); b++) {
                brokers.add(new Machine("broker-" + (b + 1), "rack", b));
            }
            Cluster cluster = new Cluster(ctx, brokers);
            partition = cluster.partition("changelog", 0);
            SimProducer.Config config = new SimProducer.Config(settings.acks(),
                    settings.getBool(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG), settings.isExactlyOnce(),
                    settings.getLong(ProducerConfig.LINGER_MS_CONFIG),
                    (int) Math.max(1, settings.getLong(ProducerConfig.BATCH_SIZE_CONFIG)
                            / settings.getLong("sim.record.bytes")),
                    (int) settings.getLong(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION),
                    settings.getLong(ProducerConfig.RETRIES_CONFIG),
                    settings.getLong(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG),
                    settings.getLong(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG),
                    settings.getLong(ProducerConfig.RETRY_BACKOFF_MS_CONFIG));
            producer = new SimProducer(ctx, cluster, new Machine("app-1", "rack", -1), config, new SendListener() {
                @Override
                public void acked(PartitionState p, LogRecord record, long offset) {
                    ackedAtMs.putIfAbsent(record, ctx.nowMs());
                }

                @Override
                public void failed(PartitionState p, LogRecord record, Errors error) {
                    // Not acknowledged: it gets no latency sample, and is missing from the count.
                }
            }, new TxnCoordinator(ctx, cluster));
        }

        LogRecord send(int i) {
            return producer.send(partition, "acct-" + (i % 50), (long) i, "bench", 0, (byte) 0);
        }
    }

    /**
     * Sends at the offered rate with the producer's own batching. Latency is send to acknowledgement; under
     * exactly-once it is send to the commit of the transaction holding the record (when read_committed readers,
     * and the restored store, can see it), and sends wait while a commit is in progress, as a Streams task does.
     */
    private double[] openLoop(LogSettings settings) {
        Rig rig = new Rig(settings, 1);
        long intervalMs = 1000 / Math.max(1, ratePerSecond);
        List<Long> latencies = new ArrayList<>();
        Map<LogRecord, Long> sentAtMs = new IdentityHashMap<>();
        boolean eos = settings.isExactlyOnce();
        long commitIntervalMs = settings.getLong(LogSettings.COMMIT_INTERVAL_MS);
        OpenLoopState state = new OpenLoopState();
        for (int i = 0; i < openLoopRecords; i++) {
            int index = i;
            long due = 1_000 + i * intervalMs;
            rig.ctx.queue.at(due, () -> {
                if (state.committing) {
                    state.deferred.add(new long[] {index, due});
                    return;
                }
                sentAtMs.put(rig.send(index), due);
            });
        }
        long endMs = 1_000 + openLoopRecords * intervalMs + 60_000;
        if (eos) {
            for (long t = 1_000 + commitIntervalMs; t < endMs; t += commitIntervalMs) {
                rig.ctx.queue.at(t, () -> commit(rig, state, sentAtMs, latencies));
            }
        }
        rig.ctx.queue.runUntil(endMs);
        if (!eos) {
            sentAtMs.forEach((record, sent) -> {
                Long acked = rig.ackedAtMs.get(record);
                if (acked != null) {
                    latencies.add(acked - sent);
                }
            });
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        return new double[] {LatencyLog.percentile(sorted, 50), LatencyLog.percentile(sorted, 99)};
    }

    private static final class OpenLoopState {
        boolean committing;
        final List<long[]> deferred = new ArrayList<>();
    }

    private static void commit(Rig rig, OpenLoopState state, Map<LogRecord, Long> sentAtMs, List<Long> latencies) {
        if (state.committing || sentAtMs.isEmpty()) {
            return;
        }
        state.committing = true;
        Map<LogRecord, Long> inThisTransaction = new IdentityHashMap<>(sentAtMs);
        sentAtMs.clear();
        rig.producer.commitTransaction(committed -> {
            long now = rig.ctx.nowMs();
            if (committed) {
                inThisTransaction.values().forEach(sent -> latencies.add(now - sent));
            }
            state.committing = false;
            for (long[] deferred : state.deferred) {
                sentAtMs.put(rig.send((int) deferred[0]), deferred[1]);
            }
            state.deferred.clear();
        });
    }

    /** One writer that sends a record, flushes, and waits for the acknowledgement (or commit) before the next. */
    private double[] synchronous(LogSettings settings) {
        Rig rig = new Rig(settings, 2);
        boolean eos = settings.isExactlyOnce();
        long[] done = new long[1];
        long[] lastDoneMs = new long[1];
        long startMs = 1_000;
        Runnable[] next = new Runnable[1];
        next[0] = () -> {
            if (done[0] == syncRecords) {
                return;
            }
            rig.send((int) done[0]);
            rig.producer.flush(() -> {
                if (eos) {
                    rig.producer.commitTransaction(committed -> {
                        done[0]++;
                        lastDoneMs[0] = rig.ctx.nowMs();
                        rig.ctx.queue.after(0, next[0]);
                    });
                } else {
                    done[0]++;
                    lastDoneMs[0] = rig.ctx.nowMs();
                    rig.ctx.queue.after(0, next[0]);
                }
            });
        };
        rig.ctx.queue.at(startMs, next[0]);
        rig.ctx.queue.runUntil(startMs + 600_000);
        double elapsedMs = Math.max(1, lastDoneMs[0] - startMs);
        return new double[] {done[0] * 1000.0 / elapsedMs, elapsedMs / Math.max(1, done[0])};
    }

    /** 60 s of journal at 100 entries/s; the cut comes 50 s in, past the first page-cache write-backs. */
    private static final Workload POWER_CUT_WORKLOAD = new Workload(20, 100_000, 6_000, 100, 500, 0, 1_000);
    private static final long POWER_CUT_AT_MS = 50_000;

    private static String powerCutDescription() {
        return "journal of " + POWER_CUT_WORKLOAD.transfers() + " transfers at " + POWER_CUT_WORKLOAD.ratePerSecond()
                + "/s over " + POWER_CUT_WORKLOAD.accounts() + " accounts; at " + POWER_CUT_AT_MS + " ms every broker "
                + "and the app (one power domain, 'rack') lose power for 5000 ms; then restart, restore from the "
                + "changelog, settle " + LogSimulation.SETTLE_MS + " ms";
    }

    /**
     * One power-cut run; null when it ran longer than {@code guardSeconds} of wall-clock time (the simulation is
     * deterministic, the guard only keeps a benchmark from hanging on a slow case).
     */
    static LogRunResult powerCut(Map<String, String> overrides, long seed, double guardSeconds) {
        Map<String, String> settings = new LinkedHashMap<>(BASELINE);
        // Lineage (on by default) is what lets the audit say which entries were lost or applied twice.
        Fault fault = new Fault(POWER_CUT_AT_MS, "power-cut", List.of(), "rack", 5_000, 0, "every broker and app");
        LogScene scene = new LogScene("bench-power-cut", "<bench>", "Power cut under load", seed, settings,
                Map.of(), List.of(), "none", POWER_CUT_WORKLOAD, List.of(fault), Map.of(), -1, "");
        long deadline = System.nanoTime() + (long) (guardSeconds * 1e9);
        try {
            return LogSimulation.run(scene, seed, overrides, () -> System.nanoTime() > deadline);
        } catch (LogSimulation.CancelledException e) {
            return null;
        } catch (SettingException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Entries whose effect is not present exactly once after recovery: lost or applied twice. */
    static int notExactlyOnce(LogRunResult result) {
        return result.entries() - result.appliedExactlyOnce();
    }

    /** The report as a text table, labelled as simulated, with the model parameters it follows from. */
    public static String table(Report report) {
        StringBuilder out = new StringBuilder();
        out.append("SIMULATED, not measured: the cost of durability in racelab.logsim's model of Kafka\n");
        out.append("model parameters: ").append(report.modelParameters()).append('\n');
        out.append(String.format(java.util.Locale.ROOT, "latency: %d records offered at %d/s to changelog-0 "
                + "(send -> ack; under EOS send -> commit); sync: one writer, %d records, each flushed and awaited%n",
                report.openLoopRecords(), report.offeredRatePerSecond(), report.syncRecords()));
        out.append("power cut: ").append(report.powerCutScene()).append("; seeds ").append(report.seeds())
                .append('\n');
        String format = "%-40s %8s %8s %9s %8s %-14s %-12s %-12s %-9s %s%n";
        out.append(String.format(java.util.Locale.ROOT, format, "setting (on top of RF=3, 3 brokers)", "p50 ms",
                "p99 ms", "sync rec/s", "sync ms", "not-once/entries", "lost", "doubled", "wrong acc",
                "modes found"));
        for (VariantResult v : report.variants()) {
            String notOnce = v.notExactlyOnceBySeed().toString() + "/" + v.entries();
            out.append(String.format(java.util.Locale.ROOT, format, v.name(), fixed(v.openLoopP50Ms()),
                    fixed(v.openLoopP99Ms()), fixed(v.syncRecordsPerSecond()), fixed(v.syncLatencyMs()), notOnce,
                    v.lostBySeed(), v.duplicatedBySeed(), v.wrongAccountsBySeed(),
                    String.join(",", v.causes()) + (v.unfinishedSeeds().isEmpty() ? ""
                            : " (seeds " + v.unfinishedSeeds() + " hit the wall-clock guard, not counted)")));
        }
        out.append("not-once = journal entries whose effect is lost or doubled in the recovered balances (per seed);\n"
                + "modes = failure catalog ids named by the simulator's forensics (reference/kafka-lost-writes.md).\n");
        return out.toString();
    }

    private static String fixed(double value) {
        return String.format(java.util.Locale.ROOT, "%.1f", value);
    }
}
