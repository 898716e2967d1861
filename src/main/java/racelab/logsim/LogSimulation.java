package racelab.logsim;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.utils.Utils;
import racelab.logsim.client.GroupCoordinator;
import racelab.logsim.client.OffsetStore;
import racelab.logsim.client.SendListener;
import racelab.logsim.client.SimProducer;
import racelab.logsim.client.TxnCoordinator;
import racelab.logsim.cluster.Cluster;
import racelab.logsim.cluster.Machine;
import racelab.logsim.cluster.PartitionState;
import racelab.logsim.cluster.SimContext;
import racelab.logsim.config.LogSettings;
import racelab.logsim.config.SettingException;
import racelab.logsim.forensics.Forensics;
import racelab.logsim.forensics.Provenance;
import racelab.logsim.model.InputItem;
import racelab.logsim.model.JournalEntry;
import racelab.logsim.model.LogRecord;
import racelab.logsim.result.ClusterSnapshot;
import racelab.logsim.result.LogRunResult;
import racelab.logsim.result.MachineSnapshot;
import racelab.logsim.result.PartitionSnapshot;
import racelab.logsim.result.ReplicaSnapshot;
import racelab.logsim.result.TaskSnapshot;
import racelab.logsim.scene.Fault;
import racelab.logsim.scene.LogScene;
import racelab.logsim.sim.EventQueue;
import racelab.logsim.sim.ManualClock;
import racelab.logsim.sim.Seed;
import racelab.logsim.streams.AppInstance;
import racelab.logsim.streams.AppServices;
import racelab.logsim.streams.LocalTaskState;
import racelab.logsim.trace.StepOptions;
import racelab.logsim.trace.StepRecorder;
import racelab.logsim.trace.SteppedRun;

/**
 * Runs one log scene: builds the cluster, the stream application and the upstream client, submits the seeded journal,
 * fires the faults, lets the system recover, then audits the changelog against the ground truth. Single-threaded and
 * deterministic: the scene, the seed and the settings determine the result.
 */
public final class LogSimulation {

    /** Thrown when a caller cancelled a run. */
    public static final class CancelledException extends RuntimeException {
        public CancelledException() {
            super("log simulation cancelled");
        }
    }

    /** How long after the last entry or fault the run continues, so sessions expire and tasks restore and catch up. */
    public static final long SETTLE_MS = 150_000;

    /**
     * A run's budget of events: this many, plus {@link #EVENTS_PER_ENTRY} per journal entry (about a second of one
     * core per million events). The shipped scenes need under 400,000 and a journal needs about 3 events per entry
     * (log-bench); an idle cluster left to run for a simulated day would need about 40 million. A run that spends its
     * budget before its end time stops there and says so ({@link LogRunResult#budget()}).
     */
    public static final long EVENTS_BASE = 2_000_000;
    public static final long EVENTS_PER_ENTRY = 100;

    private final LogScene scene;
    private final long seedValue;
    private final LogSettings settings;
    private final SimContext ctx;
    private final Cluster cluster;
    private final Map<String, Machine> machines = new LinkedHashMap<>();
    private final List<AppInstance> apps = new ArrayList<>();
    private final Machine clientMachine;
    private final TxnCoordinator txns;
    private final SimProducer client;
    private final GroupCoordinator group;
    private final OffsetStore offsets;
    private final Provenance provenance;
    private final racelab.logsim.model.Journal journal;
    private final List<ClusterSnapshot> snapshots = new ArrayList<>();
    private final Map<String, Integer> partitionOfKey = new HashMap<>();
    private final int partitions;
    /** The journal topic's partitions, looked up once instead of by name per submitted entry. */
    private final PartitionState[] journalPartitions;
    private final String routing;
    /** The step recording, or null when neither a trace nor a fault placed by position asks for one. */
    private final StepRecorder recorder;
    /** When the run stops; a fault placed by position moves it so the system can recover after it. */
    private long endMs;
    /** A fault to fire right after this many queue actions ({@link #runAfterActions}), or null. */
    private Fault faultAfterActions;
    private long actionsBeforeFault = -1;

    private LogSimulation(LogScene scene, long seedValue, LogSettings settings, int traceMax, StepOptions steps) {
        this.scene = scene;
        this.seedValue = seedValue;
        this.settings = settings;
        Seed seed = new Seed(seedValue);
        ManualClock clock = new ManualClock();
        ctx = new SimContext(new EventQueue(clock, 500_000_000L), settings, seed, traceMax);
        journal = scene.workload().generate(seed);
        ctx.journal(journal);
        if (steps != null) {
            // A step recording follows each record by identity through retries, replicas and truncations.
            ctx.keepRecordObjects();
        }
        partitions = (int) settings.getLong("sim.partitions");
        routing = settings.get("sim.entry.routing");
        Map<String, String> domainOf = new HashMap<>();
        scene.powerDomains().forEach((domain, ids) -> ids.forEach(id -> domainOf.put(id, domain)));
        List<Machine> brokers = new ArrayList<>();
        for (int b = 0; b < settings.getLong("sim.brokers"); b++) {
            String id = "broker-" + (b + 1);
            Machine m = new Machine(id, domainOf.getOrDefault(id, "rack"), b);
            brokers.add(m);
            machines.put(id, m);
        }
        cluster = new Cluster(ctx, brokers);
        journalPartitions = new PartitionState[cluster.partitionCount("journal")];
        for (int p = 0; p < journalPartitions.length; p++) {
            journalPartitions[p] = cluster.partition("journal", p);
        }
        group = new GroupCoordinator(ctx, partitions);
        offsets = new OffsetStore(cluster);
        txns = new TxnCoordinator(ctx, cluster);
        provenance = new Provenance(settings.getBool("sim.lineage"), journal.size());
        AppServices services = new AppServices(ctx, cluster, group, offsets, txns, provenance);
        for (int a = 0; a < settings.getLong("sim.instances"); a++) {
            String id = "app-" + (a + 1);
            Machine m = new Machine(id, domainOf.getOrDefault(id, "rack"), -1);
            machines.put(id, m);
            apps.add(new AppInstance(m, services));
        }
        clientMachine = new Machine("client", "client", -1);
        // The upstream client uses the plain producer's defaults: acks=all, idempotent, linger.ms=5, and
        // delivery.timeout.ms from sim.client.delivery.timeout.ms.
        client = new SimProducer(ctx, cluster, clientMachine, new SimProducer.Config(-1, true, false, 5,
                (int) Math.max(1, 16384 / settings.getLong("sim.record.bytes")), 5, Integer.MAX_VALUE,
                settings.getLong("sim.client.delivery.timeout.ms"), 30_000, 100),
                new SendListener() {
                    @Override
                    public void acked(PartitionState partition, LogRecord record, long offset) {
                    }

                    @Override
                    public void failed(PartitionState partition, LogRecord record, Errors error) {
                        // The client keeps retrying an entry until the journal accepts it.
                        InputItem item = (InputItem) record.value;
                        ctx.queue.after(100, () -> submit(item));
                    }
                }, txns);
        recorder = steps == null ? null : new StepRecorder(ctx, cluster, apps, client, offsets, journal, steps);
        if (recorder != null) {
            recorder.attach();
        }
    }

    /** Runs a scene with a seed and setting overrides (Kafka names; they win over the scene's settings). */
    public static LogRunResult run(LogScene scene, long seed, Map<String, String> overrides) throws SettingException {
        return run(scene, seed, overrides, () -> false);
    }

    /** Like {@link #run(LogScene, long, Map)}, checking {@code cancelled} between simulated seconds. */
    public static LogRunResult run(LogScene scene, long seed, Map<String, String> overrides, BooleanSupplier cancelled)
            throws SettingException {
        LogSettings settings = LogSettings.of(scene.settings()).with(overrides);
        // Overrides may shrink the cluster under the scene's faults; that is bad input, reported before the run.
        racelab.logsim.scene.LogSceneLoader.checkTargets(scene, settings);
        int traceMax = settings.getBool("sim.lineage") ? 2_000 : 200;
        // A fault placed by position needs the events counted, though none is kept.
        StepOptions counting = scene.faults().stream().anyMatch(Fault::isByPosition) ? StepOptions.COUNT_ONLY : null;
        return new LogSimulation(scene, seed, settings, traceMax, counting).execute(cancelled);
    }

    /**
     * Runs a scene and records its record-level step trace ({@link racelab.logsim.trace}). The result equals
     * {@link #run(LogScene, long, Map, BooleanSupplier)}'s for the same input: recording only reads the simulator.
     */
    public static SteppedRun runStepped(LogScene scene, long seed, Map<String, String> overrides, BooleanSupplier cancelled,
            StepOptions options) throws SettingException {
        LogSettings settings = LogSettings.of(scene.settings()).with(overrides);
        racelab.logsim.scene.LogSceneLoader.checkTargets(scene, settings);
        int traceMax = settings.getBool("sim.lineage") ? 2_000 : 200;
        LogSimulation simulation = new LogSimulation(scene, seed, settings, traceMax, options);
        LogRunResult result = simulation.execute(cancelled);
        return new SteppedRun(result, simulation.recorder.trace());
    }

    /**
     * Runs a scene with {@code fault} fired right after the event queue's {@code actions}-th action, before any other
     * action at that moment: what {@code fault.afterEvent(n)} does when {@code actions} is {@link
     * racelab.logsim.trace.StepTrace#actionsAfter(int) actionsAfter(n)} of the same scene's fault-free trace, without
     * recording a trace (log-explore runs hundreds of these).
     */
    public static LogRunResult runAfterActions(LogScene scene, long seed, Map<String, String> overrides,
            BooleanSupplier cancelled, Fault fault, long actions) throws SettingException {
        LogSettings settings = LogSettings.of(scene.settings()).with(overrides);
        racelab.logsim.scene.LogSceneLoader.checkTargets(
                racelab.logsim.trace.FaultSweep.withFaults(scene, java.util.List.of(fault)), settings);
        int traceMax = settings.getBool("sim.lineage") ? 2_000 : 200;
        LogSimulation simulation = new LogSimulation(scene, seed, settings, traceMax, null);
        simulation.faultAfterActions = fault;
        simulation.actionsBeforeFault = actions;
        return simulation.execute(cancelled);
    }

    /**
     * Like {@link #run(LogScene, long, Map)}, then hands the cluster as the run left it to {@code atEnd} (tests read
     * the partition logs with it; the cluster is not used after that).
     */
    public static LogRunResult runAndInspect(LogScene scene, long seed, Map<String, String> overrides,
            java.util.function.Consumer<Cluster> atEnd) throws SettingException {
        LogSettings settings = LogSettings.of(scene.settings()).with(overrides);
        racelab.logsim.scene.LogSceneLoader.checkTargets(scene, settings);
        int traceMax = settings.getBool("sim.lineage") ? 2_000 : 200;
        StepOptions counting = scene.faults().stream().anyMatch(Fault::isByPosition) ? StepOptions.COUNT_ONLY : null;
        LogSimulation simulation = new LogSimulation(scene, seed, settings, traceMax, counting);
        LogRunResult result = simulation.execute(() -> false);
        atEnd.accept(simulation.cluster);
        return result;
    }

    /** The effective settings a scene run would use. */
    public static LogSettings settingsFor(LogScene scene, Map<String, String> overrides) throws SettingException {
        return LogSettings.of(scene.settings()).with(overrides);
    }

    private LogRunResult execute(BooleanSupplier cancelled) throws SettingException {
        for (AppInstance app : apps) {
            ctx.queue.at(0, app::start);
        }
        if (!journal.isEmpty()) {
            ctx.queue.at(journal.get(0).timeMs(), () -> submitFrom(0));
        }
        long lastEventMs = scene.workload().lastEntryMs();
        boolean first = true;
        boolean[] faulted = {false};
        if (faultAfterActions != null) {
            Fault fault = faultAfterActions;
            Runnable fire = () -> {
                if (!faulted[0]) {
                    snapshot("before the fault");
                    faulted[0] = true;
                }
                apply(fault);
                endMs = Math.max(endMs, scene.durationMs() >= 0
                        ? ctx.nowMs() + Math.max(0, scene.durationMs() - fault.atMs())
                        : ctx.nowMs() + Math.max(0, fault.durationMs()) + SETTLE_MS);
            };
            if (actionsBeforeFault <= 0) {
                ctx.queue.first(fire);
            } else {
                ctx.queue.afterEach(() -> {
                    if (ctx.queue.iterations() == actionsBeforeFault) {
                        ctx.queue.first(fire);
                    }
                });
            }
        }
        for (Fault fault : resolvedFaults()) {
            if (fault.isByPosition()) {
                recorder.afterEvent(fault.afterEvent(), () -> {
                    if (!faulted[0]) {
                        snapshot("before the fault");
                        faulted[0] = true;
                    }
                    apply(fault);
                    // The system gets as long to recover as the scene gives its fault: the time from the fault to the
                    // scene's end (a fault moved from its time keeps that), or the fault's duration plus the settle time.
                    endMs = Math.max(endMs, scene.durationMs() >= 0
                            ? ctx.nowMs() + Math.max(0, scene.durationMs() - fault.atMs())
                            : ctx.nowMs() + Math.max(0, fault.durationMs()) + SETTLE_MS);
                });
                continue;
            }
            if (first) {
                ctx.queue.at(fault.atMs(), () -> {
                    if (!faulted[0]) {
                        snapshot("before the fault");
                        faulted[0] = true;
                    }
                });
                first = false;
            }
            ctx.queue.at(fault.atMs(), () -> apply(fault));
            lastEventMs = Math.max(lastEventMs, fault.atMs() + Math.max(0, fault.durationMs()));
        }
        endMs = scene.durationMs() >= 0 ? scene.durationMs() : lastEventMs + SETTLE_MS;
        long events = EVENTS_BASE + EVENTS_PER_ENTRY * journal.size();
        ctx.queue.budget(events);
        for (long t = 0; t < endMs && !ctx.queue.exhausted(); t = Math.min(endMs, t + 1000)) {
            if (cancelled.getAsBoolean()) {
                throw new CancelledException();
            }
            ctx.queue.runUntil(Math.min(endMs, t + 1000));
        }
        if (recorder != null && !recorder.unreachedPositions().isEmpty()) {
            throw new SettingException(positionError(recorder.unreachedPositions().get(0), recorder.eventCount()));
        }
        String budget = !ctx.queue.exhausted() ? "" : String.format("did not settle within %,d events: stopped at "
                + "%,d of %,d simulated ms; the audit below covers only what happened until then", events, ctx.nowMs(),
                endMs);
        if (!budget.isEmpty()) {
            ctx.trace("budget", "simulation", budget);
        }
        snapshot("after recovery");
        Map<Integer, Map<String, racelab.logsim.model.StoreValue>> liveStores = new HashMap<>();
        for (AppInstance app : apps) {
            for (int task = 0; task < partitions; task++) {
                Map<String, racelab.logsim.model.StoreValue> store = app.machine().isUp() ? app.liveStore(task) : null;
                if (store != null && group.owns(app.memberId(), task)) {
                    liveStores.put(task, store);
                }
            }
        }
        Forensics.Findings f = new Forensics(settings, journal, cluster, provenance, group).analyze(liveStores);
        return new LogRunResult(scene.id(), scene.title(), seedValue, settings.explicit(), journal.size(),
                scene.workload().accounts(), f.wrongAccounts(), f.lostEntries(), f.duplicateEntries(), f.wronglyDecided(),
                f.appliedExactlyOnce(), f.conserved(), f.expectedTotal(), f.actualTotal(), f.causes(),
                f.appliedOutputDuplicates(), f.unprocessedEntries(), ctx.nowMs(), ctx.queue.iterations(), List.copyOf(snapshots),
                ctx.trace(), scene.narration(), scene.fix(), scene.modes(), f.outputs(), f.unexplained(), budget);
    }

    /**
     * Runs a scene like {@link #run(LogScene, long, Map)} and keeps the simulation, so a test can look at the cluster
     * after the run (e.g. {@link #hangingTransactions()}).
     */
    static LogSimulation runKept(LogScene scene, long seed, Map<String, String> overrides) throws SettingException {
        LogSettings settings = LogSettings.of(scene.settings()).with(overrides);
        racelab.logsim.scene.LogSceneLoader.checkTargets(scene, settings);
        StepOptions counting = scene.faults().stream().anyMatch(Fault::isByPosition) ? StepOptions.COUNT_ONLY : null;
        LogSimulation simulation = new LogSimulation(scene, seed, settings, 200, counting);
        simulation.keptResult = simulation.execute(() -> false);
        return simulation;
    }

    private LogRunResult keptResult;

    /** The result of a {@link #runKept} run. */
    LogRunResult result() {
        return keptResult;
    }

    /**
     * Hanging transactions after the run, as {@code kafka-transactions.sh find-hanging} (KIP-664) looks for them: a
     * transaction still open in a partition leader's log (it holds the last stable offset back, so read_committed
     * readers and the exactly_once_v2 restore stop there) that its coordinator no longer has in progress (neither
     * open nor writing its markers), so nothing will ever close it. One line per transaction and partition.
     */
    List<String> hangingTransactions() {
        List<String> hanging = new ArrayList<>();
        for (PartitionState p : cluster.allPartitions()) {
            if (p.leaderBroker() < 0) {
                continue;
            }
            p.leaderLog().openTransactions().forEach((txnId, firstOffset) -> {
                if (!txns.inProgress(txnId)) {
                    hanging.add("transaction " + txnId + " open in " + p.name() + " from offset " + firstOffset
                            + " (LSO " + p.leaderLog().lastStableOffset(p.highWatermark()) + ", high watermark "
                            + p.highWatermark() + "), " + (txns.isCommitted(txnId) ? "committed" : "not open")
                            + " at the coordinator, no markers pending");
                }
            });
        }
        return hanging;
    }

    private String positionError(int position, int events) {
        String where = "";
        for (Fault fault : scene.faults()) {
            if (fault.afterEvent() == position && !fault.origin().isEmpty()) {
                where = fault.origin() + ": ";
                break;
            }
        }
        return where + "fault after event " + position + " is past the end of the run: its step trace has " + events
                + " events, so a fault can go after event 0 to " + events;
    }

    /**
     * The scene's faults at exact times: a fault given as a window ({@code at: 45000..55000}) fires at a moment the
     * seed picks inside it, each fault from its own named random stream so adding a fault moves no other one.
     */
    private List<Fault> resolvedFaults() {
        List<Fault> resolved = new ArrayList<>();
        List<Fault> faults = scene.faults();
        for (int i = 0; i < faults.size(); i++) {
            Fault fault = faults.get(i);
            if (fault.isWindow() && !fault.isByPosition()) {
                long width = fault.atLatestMs() - fault.atMs() + 1;
                fault = fault.at(fault.atMs() + ctx.seed.derive("fault-time-" + i).nextLong(width));
            }
            resolved.add(fault);
        }
        resolved.sort(java.util.Comparator.comparingLong(Fault::atMs));
        return resolved;
    }

    // ------------------------------------------------------------------ journal client

    private void submitFrom(int index) {
        long now = ctx.nowMs();
        int i = index;
        while (i < journal.size() && journal.timeMs(i) <= now) {
            JournalEntry e = journal.get(i);
            if (e.isOpening() || routing.equals("entry")) {
                submit(new InputItem(e, InputItem.Leg.WHOLE));
            } else if (routing.equals("saga")) {
                submit(new InputItem(e, InputItem.Leg.SAGA_DEBIT));
            } else {
                submit(new InputItem(e, InputItem.Leg.DEBIT));
                submit(new InputItem(e, InputItem.Leg.CREDIT));
            }
            i++;
        }
        if (i < journal.size()) {
            int next = i;
            ctx.queue.at(journal.timeMs(i), () -> submitFrom(next));
        }
    }

    private void submit(InputItem item) {
        String key = item.key();
        int p = partitions == 1 ? 0 : partitionOfKey.computeIfAbsent(key,
                k -> Utils.toPositive(Utils.murmur2(k.getBytes(StandardCharsets.UTF_8))) % partitions);
        LogRecord record = client.send(journalPartitions[p], key, item, "client", 0, LogRecord.BY_PUT);
        provenance.inputSent(item.entry().id(), record);
    }

    // ------------------------------------------------------------------ faults

    private List<Machine> targets(Fault fault) {
        List<Machine> list = new ArrayList<>();
        if (fault.domain() != null) {
            machines.values().stream().filter(m -> m.powerDomain.equals(fault.domain())).forEach(list::add);
        }
        for (String target : fault.targets()) {
            if (machines.containsKey(target)) {
                list.add(machines.get(target));
                continue;
            }
            String role = target.substring(target.indexOf(':') + 1, target.lastIndexOf('-'));
            int p = Integer.parseInt(target.substring(target.lastIndexOf('-') + 1));
            PartitionState partition = cluster.partition(role, p);
            int leader = partition.leaderBroker();
            if (target.startsWith("leader:")) {
                if (leader >= 0) {
                    list.add(cluster.broker(leader));
                }
            } else {
                for (int replica : partition.replicas) {
                    if (replica != leader) {
                        list.add(cluster.broker(replica));
                    }
                }
            }
        }
        return list;
    }

    private void apply(Fault fault) {
        List<Machine> hit = targets(fault);
        List<String> ids = new ArrayList<>();
        hit.forEach(m -> ids.add(m.id));
        ctx.trace("fault", fault.kind(), fault.kind() + " of " + String.join(", ", ids)
                + (fault.note().isEmpty() ? "" : " (" + fault.note() + ")"));
        switch (fault.kind()) {
            case "power-cut":
            case "kill":
            case "leader-bounce":
                boolean power = fault.kind().equals("power-cut");
                for (Machine m : hit) {
                    down(m, power);
                }
                if (fault.durationMs() >= 0) {
                    ctx.queue.after(fault.durationMs(), () -> {
                        ctx.trace("restart", fault.kind(), "restart " + String.join(", ", ids));
                        hit.forEach(this::release);
                    });
                }
                break;
            case "restart":
                // An operator's restart ends every outage of the machine that is still open.
                hit.forEach(m -> {
                    downHolds.remove(m.id);
                    up(m);
                });
                break;
            case "pause":
                // SIGSTOP reaches a running process only; a machine that is down has nothing to stop.
                hit.removeIf(m -> !m.isUp());
                hit.forEach(m -> {
                    pauseHolds.merge(m.id, 1, Integer::sum);
                    m.pause();
                });
                int[] incarnationsAtPause = hit.stream().mapToInt(Machine::incarnation).toArray();
                ctx.queue.after(fault.durationMs(), () -> {
                    for (int i = 0; i < hit.size(); i++) {
                        Machine m = hit.get(i);
                        if (m.incarnation() != incarnationsAtPause[i]) {
                            continue; // the stopped process died meanwhile; its successor was never stopped
                        }
                        // Overlapping pauses of one process: it runs again when the last SIGCONT comes.
                        if (pauseHolds.merge(m.id, -1, Integer::sum) > 0) {
                            continue;
                        }
                        pauseHolds.remove(m.id);
                        ctx.trace("resume", m.id, m.id + " resumes after " + fault.durationMs() + " ms stopped");
                        for (Runnable held : m.resume()) {
                            ctx.queue.after(0, m.guard(held));
                        }
                    }
                });
                break;
            case "isolate":
                hit.forEach(m -> {
                    isolationHolds.merge(m.id, 1, Integer::sum);
                    cluster.isolate(m.brokerIndex, true);
                });
                ctx.queue.after(fault.durationMs(), () -> {
                    ctx.trace("heal", "isolate", "network heals for " + String.join(", ", ids));
                    for (Machine m : hit) {
                        // Overlapping isolations of one machine: the network heals when the last of them ends.
                        if (isolationHolds.merge(m.id, -1, Integer::sum) <= 0) {
                            isolationHolds.remove(m.id);
                            cluster.isolate(m.brokerIndex, false);
                        }
                    }
                });
                break;
            case "replication-lag":
                List<PartitionState> lagging = new ArrayList<>();
                for (String target : fault.targets()) {
                    if (target.startsWith("followers:")) {
                        String role = target.substring(target.indexOf(':') + 1, target.lastIndexOf('-'));
                        lagging.add(cluster.partition(role, Integer.parseInt(target.substring(target.lastIndexOf('-') + 1))));
                    } else {
                        Machine m = machines.get(target);
                        activeDelays(lagDelays, m.id).add(fault.delayMs());
                        m.replicationDelayMs(largest(lagDelays, m.id));
                    }
                }
                lagging.forEach(p -> p.fetchDelayMs = fault.delayMs());
                ctx.queue.after(fault.durationMs(), () -> {
                    for (Machine m : hit) {
                        lagDelays.getOrDefault(m.id, new ArrayList<>()).remove(fault.delayMs());
                        m.replicationDelayMs(largest(lagDelays, m.id));
                    }
                    lagging.forEach(p -> p.fetchDelayMs = 0);
                });
                break;
            case "slow":
                // Overlapping slow links of one machine: the largest delay still in force applies.
                for (Machine m : hit) {
                    activeDelays(slowDelays, m.id).add(fault.delayMs());
                    m.extraDelayMs(largest(slowDelays, m.id));
                }
                ctx.queue.after(fault.durationMs(), () -> {
                    for (Machine m : hit) {
                        slowDelays.getOrDefault(m.id, new ArrayList<>()).remove(fault.delayMs());
                        m.extraDelayMs(largest(slowDelays, m.id));
                    }
                });
                break;
            default:
                throw new IllegalStateException("unknown fault kind " + fault.kind());
        }
        snapshot("after " + fault.kind() + " of " + String.join(", ", ids) + " at " + ctx.nowMs() + " ms");
    }

    /**
     * Open outages per machine. Faults overlap: a machine killed and then cut off from power stays down until both end
     * (a process supervisor cannot restart a machine that has no power), and a power cut of a machine whose process
     * was killed still empties its page cache. Before, the kill's end restarted a machine still without power (seed
     * 292 of {@code log-safety --set processing.guarantee=at_least_once --set sim.network.jitter.ms=40}).
     */
    private final Map<String, Integer> downHolds = new HashMap<>();
    private final Map<String, Integer> isolationHolds = new HashMap<>();
    private final Map<String, Integer> pauseHolds = new HashMap<>();
    private final Map<String, List<Long>> slowDelays = new HashMap<>();
    private final Map<String, List<Long>> lagDelays = new HashMap<>();

    private static List<Long> activeDelays(Map<String, List<Long>> delays, String machine) {
        return delays.computeIfAbsent(machine, id -> new ArrayList<>());
    }

    private static long largest(Map<String, List<Long>> delays, String machine) {
        long max = 0;
        for (long d : delays.getOrDefault(machine, List.of())) {
            max = Math.max(max, d);
        }
        return max;
    }

    /** One outage of {@code m} ends: it comes back once no other outage still holds it down. */
    private void release(Machine m) {
        int open = downHolds.getOrDefault(m.id, 0) - 1;
        if (open > 0) {
            downHolds.put(m.id, open);
            ctx.trace("still-down", m.id, m.id + " stays down: another fault still holds it");
            return;
        }
        downHolds.remove(m.id);
        up(m);
    }

    private void down(Machine m, boolean powerLoss) {
        downHolds.merge(m.id, 1, Integer::sum);
        pauseHolds.remove(m.id);
        if (m.isBroker()) {
            if (powerLoss) {
                cluster.powerCut(m.brokerIndex);
            } else {
                cluster.kill(m.brokerIndex);
            }
            return;
        }
        if (!m.isUp()) {
            return;
        }
        for (AppInstance app : apps) {
            if (app.machine() == m) {
                app.crash();
            }
        }
        m.powerOff();
    }

    private void up(Machine m) {
        if (m.isBroker()) {
            cluster.restart(m.brokerIndex);
            return;
        }
        if (m.isUp()) {
            return;
        }
        m.powerOn();
        for (AppInstance app : apps) {
            if (app.machine() == m) {
                app.start();
            }
        }
    }

    // ------------------------------------------------------------------ snapshots

    private void snapshot(String label) {
        List<MachineSnapshot> machineViews = new ArrayList<>();
        for (Machine m : machines.values()) {
            machineViews.add(new MachineSnapshot(m.id, m.powerDomain, m.isUp(), m.isPaused(), m.isIsolated(),
                    m.isBroker() && cluster.isFenced(m.brokerIndex)));
        }
        List<PartitionSnapshot> partitionViews = new ArrayList<>();
        for (PartitionState p : cluster.allPartitions()) {
            List<String> isr = new ArrayList<>();
            List<ReplicaSnapshot> replicas = new ArrayList<>();
            for (int i = 0; i < p.replicas.length; i++) {
                String broker = "broker-" + (p.replicas[i] + 1);
                if (p.inIsr(i)) {
                    isr.add(broker);
                }
                replicas.add(new ReplicaSnapshot(broker, p.log(i).logStartOffset(), p.log(i).endOffset(),
                        p.log(i).flushedOffset(), p.inIsr(i), p.leaderBroker() == p.replicas[i]));
            }
            partitionViews.add(new PartitionSnapshot(p.name(), p.leaderBroker() < 0 ? null : "broker-" + (p.leaderBroker() + 1),
                    p.leaderEpoch(), List.copyOf(isr), p.highWatermark(), p.uncleanElections(), List.copyOf(replicas)));
        }
        List<TaskSnapshot> taskViews = new ArrayList<>();
        for (AppInstance app : apps) {
            Map<Integer, Object[]> running = new TreeMap<>();
            if (app.machine().isUp()) {
                for (Object[] view : app.taskViews()) {
                    running.put((Integer) view[0], view);
                }
            }
            java.util.Set<Integer> tasks = new java.util.TreeSet<>(running.keySet());
            tasks.addAll(app.disk().keySet());
            for (int task : tasks) {
                Object[] view = running.get(task);
                LocalTaskState local = app.disk().get(task);
                long checkpoint = local == null ? -1 : local.checkpointOffset();
                int flushed = local == null ? 0 : local.flushedKeys();
                if (view == null) {
                    taskViews.add(new TaskSnapshot(app.machine().id, task, "ON_DISK", -1, 0, 0, -1, checkpoint, flushed, 0));
                } else {
                    taskViews.add(new TaskSnapshot(app.machine().id, task, (String) view[1], (Long) view[2], (Integer) view[3],
                            (Integer) view[4], (Long) view[5], checkpoint, flushed, app.unacknowledgedRecords()));
                }
            }
        }
        Map<String, Long> committed = new TreeMap<>();
        for (int p = 0; p < partitions; p++) {
            Long offset = offsets.committed(cluster.partition("journal", p).topicPartition);
            committed.put("journal-" + p, offset == null ? ClusterSnapshot.OFFSETS_UNREADABLE : offset);
        }
        snapshots.add(new ClusterSnapshot(label, ctx.nowMs(), List.copyOf(machineViews), List.copyOf(partitionViews),
                List.copyOf(taskViews), committed));
    }
}
