package racelab.logsim.safety;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import racelab.logsim.scene.Fault;
import racelab.logsim.scene.LogScene;
import racelab.logsim.scene.Workload;
import racelab.logsim.sim.Seed;

/**
 * Random fault schedules for the safety campaign, one per seed: a small seeded journal, one to four faults at random
 * times during the load (power cuts of any set of machines, kills, isolations, pauses, leader bounces, slow links,
 * lagging followers), free to overlap, every one of them healed or restarted before the run settles. The schedule
 * depends only on the seed, so a failing seed is a reproduction.
 */
public final class FaultSchedules {

    /** Every safety setting of the catalog on, by Kafka's own names (see docs/log-scenes.md, "log-safety"). */
    public static final Map<String, String> SAFETY_SETTINGS;

    static {
        Map<String, String> safe = new LinkedHashMap<>();
        safe.put("acks", "all");
        safe.put("enable.idempotence", "true");
        safe.put("replication.factor", "3");
        safe.put("min.insync.replicas", "2");
        safe.put("processing.guarantee", "exactly_once_v2");
        safe.put("unclean.leader.election.enable", "false");
        safe.put("flush.messages", "1");
        safe.put("eligible.leader.replicas.version", "1");
        SAFETY_SETTINGS = java.util.Collections.unmodifiableMap(safe);
    }

    private static final String[] TOPICS = {"journal", "changelog", "applied", "__consumer_offsets"};

    private FaultSchedules() {
    }

    /** The scene of one campaign seed: workload, cluster shape and faults all drawn from {@code seed}. */
    public static LogScene scene(long seed) {
        SplittableRandom random = new Seed(seed).derive("safety-schedule");
        int brokers = 3 + random.nextInt(2);
        int instances = 1 + random.nextInt(2);
        // One journal partition: with several, legs are decided in arrival order per task, which the sequential ground
        // truth of the audit does not model (see docs/log-scenes.md); faults are what this campaign varies.
        int partitions = 1;
        Map<String, String> settings = new LinkedHashMap<>(SAFETY_SETTINGS);
        settings.put("sim.brokers", Integer.toString(brokers));
        settings.put("sim.instances", Integer.toString(instances));
        settings.put("sim.network.jitter.ms", Integer.toString(random.nextInt(4)));
        if (partitions > 1) {
            settings.put("sim.partitions", Integer.toString(partitions));
            settings.put("sim.entry.routing", "saga");
        }
        int accounts = 3 + random.nextInt(6);
        long opening = 500 + random.nextInt(2000);
        int transfers = 80 + random.nextInt(170);
        long rate = 10 + random.nextInt(40);
        Workload workload = new Workload(accounts, opening, transfers, rate, 50 + random.nextInt(600), 0, 1000);
        long loadEndMs = workload.lastEntryMs();
        List<String> machines = new ArrayList<>();
        List<String> brokerIds = new ArrayList<>();
        List<String> appIds = new ArrayList<>();
        for (int b = 1; b <= brokers; b++) {
            brokerIds.add("broker-" + b);
        }
        for (int a = 1; a <= instances; a++) {
            appIds.add("app-" + a);
        }
        machines.addAll(brokerIds);
        machines.addAll(appIds);
        int faultCount = 1 + random.nextInt(4);
        List<Fault> faults = new ArrayList<>();
        for (int i = 0; i < faultCount; i++) {
            long at = 1000 + random.nextLong(Math.max(1, loadEndMs + 5000 - 1000));
            long duration = random.nextInt(5) == 0 ? 20_000 + random.nextLong(60_000) : 50 + random.nextLong(15_000);
            switch (random.nextInt(8)) {
                case 0:
                case 1:
                    faults.add(new Fault(at, "power-cut", subset(random, machines), null, duration, 0, "random power cut"));
                    break;
                case 2:
                    faults.add(new Fault(at, "kill", subset(random, machines), null, duration, 0, "random kill -9"));
                    break;
                case 3:
                    faults.add(new Fault(at, "isolate", subset(random, brokerIds), null, duration, 0, "random isolation"));
                    break;
                case 4:
                    faults.add(new Fault(at, "pause", subset(random, appIds), null, duration, 0, "random SIGSTOP"));
                    break;
                case 5:
                    String topic = TOPICS[random.nextInt(TOPICS.length)];
                    int p = topic.equals("__consumer_offsets") ? 0 : random.nextInt(partitions);
                    faults.add(new Fault(at, "leader-bounce", List.of("leader:" + topic + "-" + p), null, duration, 0,
                            "random leader bounce"));
                    break;
                case 6:
                    faults.add(new Fault(at, "slow", subset(random, machines), null, duration, 1 + random.nextLong(3000),
                            "random slow link"));
                    break;
                default:
                    faults.add(new Fault(at, "replication-lag", subset(random, brokerIds), null, duration,
                            1 + random.nextLong(5000), "random lagging followers"));
            }
        }
        faults.sort(java.util.Comparator.comparingLong(Fault::atMs));
        // Settle 100 s after the last entry or heal (sessions expire after 45 s, transactions after 10 s): long enough
        // to finish every entry, shorter than a scene's 150 s so the suite can afford hundreds of seeds.
        long lastMs = loadEndMs;
        for (Fault f : faults) {
            lastMs = Math.max(lastMs, f.atMs() + f.durationMs());
        }
        long durationMs = lastMs + 100_000;
        return new LogScene("safety-" + seed, "log-safety seed " + seed, "log-safety: random faults, every safety setting on",
                seed, java.util.Collections.unmodifiableMap(settings), Map.of(), List.of(), "none", workload,
                List.copyOf(faults), Map.of(), durationMs, "A random fault schedule of the log-safety campaign (seed " + seed + ").");
    }

    /** A non-empty random subset, in the list's order. */
    private static List<String> subset(SplittableRandom random, List<String> from) {
        List<String> picked = new ArrayList<>();
        while (picked.isEmpty()) {
            for (String id : from) {
                if (random.nextBoolean()) {
                    picked.add(id);
                }
            }
        }
        return List.copyOf(picked);
    }
}
