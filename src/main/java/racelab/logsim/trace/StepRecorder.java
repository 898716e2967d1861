package racelab.logsim.trace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import racelab.logsim.client.OffsetStore;
import racelab.logsim.client.SimProducer;
import racelab.logsim.cluster.Cluster;
import racelab.logsim.cluster.PartitionState;
import racelab.logsim.cluster.ReplicaLog;
import racelab.logsim.cluster.SimContext;
import racelab.logsim.model.AppliedEvent;
import racelab.logsim.model.InputItem;
import racelab.logsim.model.JournalEntry;
import racelab.logsim.model.LogRecord;
import racelab.logsim.model.StoreValue;
import racelab.logsim.result.TraceEvent;
import racelab.logsim.streams.AppInstance;

/**
 * Records a {@link StepTrace} while a simulation runs. It is attached to the event queue (called after every action)
 * and to the context ({@link StepObserver}); it only reads the simulator's state, so a recorded run takes exactly the
 * same course as an unrecorded one. After each action it diffs what it saw last: records in every replica's log,
 * flushed offsets, high watermarks, task positions and stores, committed input offsets and acknowledgements.
 */
public final class StepRecorder implements StepObserver {

    private record Sent(LogRecord record, PartitionState partition, String machine, long timeMs) {
    }

    private final SimContext ctx;
    private final Cluster cluster;
    private final List<AppInstance> apps;
    private final SimProducer client;
    private final OffsetStore offsets;
    private final List<JournalEntry> journal;
    private final StepOptions options;
    private final List<PartitionState> partitions;
    private final int journalPartitions;
    private final String[] brokerNames;
    private final String[][] taskKeys;
    /** Every account the journal touches. */
    private final Set<String> journalAccounts = new java.util.HashSet<>();

    private final List<StepEvent> events = new ArrayList<>();
    private final List<List<EntryState>> statesByStep = new ArrayList<>();
    private final List<Map<String, Long>> storeByStep = new ArrayList<>();
    private final List<Long> stepActions = new ArrayList<>();
    private boolean complete = true;
    private int eventCount;
    private int stepCount;

    /** Events of the action in progress, before numbering. */
    private final List<Pending> live = new ArrayList<>();
    private final List<Pending> stepEvents = new ArrayList<>();

    private record Pending(StepKind kind, String lane, String partition, Set<Integer> entries, long fromOffset,
            long toOffset, String text) {
    }

    // What the recorder saw after the previous action.
    private final List<List<List<LogRecord>>> seenRecords = new ArrayList<>();
    private final long[][] seenFlushed;
    private final long[][] seenFlushMs;
    private final long[] seenHw;
    private final long[] seenCommitted;
    private final Map<String, Long> seenPositions = new HashMap<>();
    private final Map<String, Map<String, StoreValue>> seenStores = new HashMap<>();
    private final List<Sent> unacked = new ArrayList<>();
    private final Map<Integer, List<LogRecord>> clientRecords = new HashMap<>();
    private final Map<LogRecord, Integer> clientPartition = new IdentityHashMap<>();
    private final Map<Long, Set<Integer>> entriesOfTxn = new HashMap<>();

    private final TreeMap<Integer, List<Runnable>> triggers = new TreeMap<>();
    /** Journal entries an offset commit record covers, fixed when it is sent (by the record as first produced). */
    private final Map<LogRecord, Set<Integer>> commitEntries = new IdentityHashMap<>();

    /** Kinds that are only worth an event when they touch at least one journal entry. */
    private static final Set<StepKind> NEEDS_ENTRIES = java.util.EnumSet.of(StepKind.SEND, StepKind.ACK,
            StepKind.LEADER_APPEND, StepKind.FOLLOWER_FETCH, StepKind.FLUSH, StepKind.WRITEBACK, StepKind.HW_ADVANCE,
            StepKind.TXN_MARKER, StepKind.OFFSET_COMMIT, StepKind.POLL);

    public StepRecorder(SimContext ctx, Cluster cluster, List<AppInstance> apps, SimProducer client, OffsetStore offsets,
            List<JournalEntry> journal, StepOptions options) {
        this.ctx = ctx;
        this.cluster = cluster;
        this.apps = apps;
        this.client = client;
        this.offsets = offsets;
        this.journal = journal;
        this.options = options;
        this.partitions = cluster.allPartitions();
        this.journalPartitions = cluster.partitionCount("journal");
        seenFlushed = new long[partitions.size()][];
        seenFlushMs = new long[partitions.size()][];
        seenHw = new long[partitions.size()];
        for (int k = 0; k < partitions.size(); k++) {
            PartitionState p = partitions.get(k);
            List<List<LogRecord>> perReplica = new ArrayList<>();
            for (int i = 0; i < p.replicas.length; i++) {
                perReplica.add(new ArrayList<>());
            }
            seenRecords.add(perReplica);
            seenFlushed[k] = new long[p.replicas.length];
            seenFlushMs[k] = new long[p.replicas.length];
            for (int i = 0; i < p.replicas.length; i++) {
                seenFlushMs[k][i] = p.log(i).lastFlushMs();
            }
        }
        brokerNames = new String[cluster.brokers().size()];
        for (int b = 0; b < brokerNames.length; b++) {
            brokerNames[b] = cluster.broker(b).id;
        }
        taskKeys = new String[apps.size()][journalPartitions];
        for (int a = 0; a < apps.size(); a++) {
            for (int t = 0; t < journalPartitions; t++) {
                taskKeys[a][t] = apps.get(a).machine().id + "/" + t;
            }
        }
        for (JournalEntry e : journal) {
            journalAccounts.addAll(accounts(e));
        }
        seenCommitted = new long[journalPartitions];
        java.util.Arrays.fill(seenCommitted, -1);
    }

    /** Starts observing: from now on every action of the queue is diffed. */
    public void attach() {
        ctx.observe(this);
        ctx.queue.afterEach(this::afterAction);
    }

    /**
     * Runs {@code action} as the next action once event {@code n} has happened (right after its step); {@code n = 0}
     * runs it before anything else.
     */
    public void afterEvent(int n, Runnable action) {
        if (n <= 0) {
            ctx.queue.first(action);
            return;
        }
        triggers.computeIfAbsent(n, k -> new ArrayList<>()).add(action);
    }

    /** Positions asked for with {@link #afterEvent} that the run never reached. */
    public List<Integer> unreachedPositions() {
        return List.copyOf(triggers.keySet());
    }

    public int eventCount() {
        return eventCount;
    }

    public StepTrace trace() {
        return new StepTrace(events, statesByStep, journal, complete, eventCount, stepActions, storeByStep);
    }

    // ------------------------------------------------------------------ pushed by the simulator

    @Override
    public void sent(LogRecord record, PartitionState partition, String machine) {
        Set<Integer> entries = entriesOf(record, partition);
        if (entries.isEmpty()) {
            // An offset commit that moves nothing, or a record of no entry: it decides no write's fate.
            return;
        }
        unacked.add(new Sent(record, partition, machine, ctx.nowMs()));
        if (record.value instanceof InputItem item && machine.equals("client")) {
            clientRecords.computeIfAbsent(item.entry().id(), k -> new ArrayList<>()).add(record);
            clientPartition.put(record, partition.topicPartition.partition());
        }
        if (record.txnId() >= 0) {
            entriesOfTxn.computeIfAbsent(record.txnId(), k -> new TreeSet<>()).addAll(entries);
        }
        String what = switch (partition.role) {
            case "journal" -> machine.equals("client") ? "the client sends " + describeEntries(entries)
                    : machine + " sends a journal record (saga credit leg)";
            case "changelog" -> machine + " sends the new balance of " + record.key + " to the changelog";
            case "applied" -> machine + " sends the decision on " + describeEntries(entries) + " to the applied topic";
            default -> machine + " sends an offset commit (" + (record.value instanceof OffsetAndMetadata o
                    ? "journal offset " + o.offset() : record.key) + ")";
        };
        live.add(new Pending(StepKind.SEND, machine, partition.name(), entries, -1, -1,
                what + (record.txnId() >= 0 ? " in transaction " + record.txnId() : "") + "; it waits in the producer's buffer"));
    }

    @Override
    public void traced(TraceEvent event) {
        StepKind kind = switch (event.kind()) {
            case "fault" -> StepKind.FAULT;
            case "restart", "resume" -> StepKind.RESTART;
            case "election", "unclean-election", "elr-election", "last-known-leader", "last-replica-standing",
                    "offline" -> StepKind.ELECTION;
            case "restore", "wipe" -> StepKind.RESTORE;
            case "checkpoint" -> StepKind.CHECKPOINT;
            // Records vanishing are observed on the logs themselves, with the entries they held.
            case "truncate", "page-cache-lost" -> null;
            default -> StepKind.NOTE;
        };
        if (kind == null) {
            return;
        }
        String lane = kind == StepKind.FAULT || kind == StepKind.RESTART && event.kind().equals("restart")
                ? StepEvent.FAULT_LANE : laneOf(event.text());
        live.add(new Pending(kind, lane, partitionOf(event.subject()), new TreeSet<>(), -1, -1, event.text()));
    }

    private static String laneOf(String text) {
        String first = text.split("[ :,]", 2)[0];
        if (first.matches("(broker|app)-\\d+") || first.equals("client")) {
            return first;
        }
        return "controller";
    }

    private static String partitionOf(String subject) {
        return subject.matches("(journal|changelog|applied|__consumer_offsets)-\\d+") ? subject : "";
    }

    // ------------------------------------------------------------------ after each action

    private void afterAction() {
        stepEvents.clear();
        diffTasks();
        stepEvents.addAll(live);
        live.clear();
        diffLogs();
        diffAcks();
        diffCommits();
        // Records that carry no journal entry (an exactly-once commit with nothing new, heartbeat-like offset
        // commits, their markers) decide no write's fate: they are neither shown nor counted.
        stepEvents.removeIf(p -> p.entries.isEmpty() && NEEDS_ENTRIES.contains(p.kind));
        if (stepEvents.isEmpty()) {
            return;
        }
        // Outside the window or past the cap nothing is kept, but numbering goes on for faults placed by position.
        boolean recording = options.covers(ctx.nowMs()) && events.size() < options.eventsMax();
        if (recording) {
            stepCount++;
            statesByStep.add(journal.size() <= options.statesEntriesMax() ? entryStates() : List.of());
            if (journal.size() <= options.statesEntriesMax()) {
                storeByStep.add(storeBalances());
            }
            stepActions.add(ctx.queue.iterations());
        }
        for (int k = 0; k < stepEvents.size(); k++) {
            Pending p = stepEvents.get(k);
            eventCount++;
            if (recording && events.size() < options.eventsMax()) {
                events.add(new StepEvent(eventCount, ctx.nowMs(), p.kind, p.lane, p.partition, new ArrayList<>(p.entries),
                        p.fromOffset, p.toOffset, p.text, k == stepEvents.size() - 1, stepCount));
            } else {
                complete = false;
            }
        }
        while (!triggers.isEmpty() && triggers.firstKey() <= eventCount) {
            for (Runnable action : triggers.pollFirstEntry().getValue()) {
                ctx.queue.first(action);
            }
        }
    }

    private final List<String> present = new ArrayList<>();

    private void diffTasks() {
        present.clear();
        for (int a = 0; a < apps.size(); a++) {
            AppInstance app = apps.get(a);
            String id = app.machine().id;
            if (!app.machine().isUp()) {
                continue;
            }
            Pending restore = null;
            for (Pending p : live) {
                if (p.kind == StepKind.RESTORE && p.lane.equals(id)) {
                    restore = p;
                }
            }
            for (Object[] view : app.taskViews()) {
                int task = (Integer) view[0];
                String key = taskKeys[a][task];
                present.add(key);
                long position = (Long) view[2];
                Long seen = seenPositions.get(key);
                if ("RUNNING".equals(view[1])) {
                    if (seen != null && position > seen) {
                        PartitionState input = cluster.partition("journal", task);
                        stepEvents.add(new Pending(StepKind.POLL, id, input.name(), journalEntries(input, seen, position),
                                seen, position, id + " polls journal-" + task + " offsets " + seen + ".." + (position - 1)));
                    }
                    seenPositions.put(key, position);
                } else {
                    seenPositions.remove(key);
                }
                Map<String, StoreValue> store = app.liveStore(task);
                Map<String, StoreValue> known = seenStores.get(key);
                Map<String, StoreValue> before = known == null ? Map.of() : known;
                Set<Integer> changed = null;
                List<String> accounts = null;
                for (Map.Entry<String, StoreValue> e : store.entrySet()) {
                    StoreValue old = before.get(e.getKey());
                    if (old != e.getValue()) {
                        if (changed == null) {
                            changed = new TreeSet<>();
                            accounts = new ArrayList<>();
                        }
                        // Every entry applied to the account since the value seen last: one poll can apply several
                        // entries to one account within one action, and each one's effect is now in the store.
                        for (StoreValue v = e.getValue(); v != null && v != old; v = v.previous()) {
                            changed.add(v.entryId());
                        }
                        accounts.add(e.getKey());
                    }
                }
                if (changed != null || before.size() != store.size() || known == null) {
                    seenStores.put(key, new HashMap<>(store));
                }
                if (changed == null) {
                    continue;
                }
                if (restore != null) {
                    restore.entries.addAll(changed);
                } else {
                    Collections.sort(accounts);
                    stepEvents.add(new Pending(StepKind.STORE_PUT, id, "changelog-" + task, changed, -1, -1,
                            id + " puts " + String.join(", ", accounts) + " into its store (task " + task + ")"));
                }
            }
        }
        if (present.size() != seenStores.size() || seenPositions.size() > present.size()) {
            seenPositions.keySet().retainAll(present);
            seenStores.keySet().retainAll(present);
        }
    }

    private void diffLogs() {
        for (int k = 0; k < partitions.size(); k++) {
            PartitionState p = partitions.get(k);
            ReplicaLog leader = p.leaderLog();
            for (int i = 0; i < p.replicas.length; i++) {
                diffLog(k, p, i, p.log(i) == leader);
            }
            long hw = p.highWatermark();
            Set<Integer> advanced = hw > seenHw[k] && leader != null ? entriesIn(leader, p, seenHw[k], hw) : Set.of();
            if (!advanced.isEmpty()) {
                String lane = brokerNames[p.leaderBroker()];
                stepEvents.add(new Pending(StepKind.HW_ADVANCE, lane, p.name(), advanced,
                        seenHw[k], hw, "the high watermark of " + p.name() + " moves to " + hw + ": offsets " + seenHw[k]
                        + ".." + (hw - 1) + " are on every in-sync replica"));
            }
            seenHw[k] = hw;
        }
    }

    private void diffLog(int k, PartitionState p, int i, boolean isLeader) {
        ReplicaLog log = p.log(i);
        List<LogRecord> seen = seenRecords.get(k).get(i);
        long endNow = log.endOffset();
        if (endNow == seen.size() && log.flushedOffset() == seenFlushed[k][i] && log.lastFlushMs() == seenFlushMs[k][i]
                && (endNow == 0 || log.get(endNow - 1) == seen.get((int) endNow - 1))) {
            return;
        }
        String broker = brokerNames[p.replicas[i]];
        long end = log.endOffset();
        long start = log.logStartOffset();
        // Truncation cuts a suffix: find the longest prefix of what was seen that is still there.
        int keep = (int) Math.min(seen.size(), end);
        while (keep > start && keep > 0 && log.get(keep - 1) != seen.get(keep - 1)) {
            keep--;
        }
        if (keep < seen.size()) {
            List<LogRecord> lost = seen.subList(keep, seen.size());
            Set<Integer> entries = new TreeSet<>();
            for (LogRecord r : lost) {
                if (r != null) {
                    entries.addAll(entriesOf(r, p));
                }
            }
            boolean power = !cluster.broker(p.replicas[i]).isUp();
            stepEvents.add(new Pending(StepKind.TRUNCATION, broker, p.name(), entries, keep, seen.size(), broker + " "
                    + (power ? "loses " + p.name() + " offsets " + keep + ".." + (seen.size() - 1)
                            + " with its page cache (power cut)"
                            : "truncates " + p.name() + " from " + seen.size() + " to " + keep
                            + " to follow the leader's epoch")));
            seen.subList(keep, seen.size()).clear();
            seenFlushed[k][i] = Math.min(seenFlushed[k][i], keep);
        }
        if (end > seen.size()) {
            long from = seen.size();
            for (long o = from; o < end; o++) {
                seen.add(log.get(o));
            }
            Set<Integer> data = new TreeSet<>();
            List<LogRecord> markers = new ArrayList<>();
            for (long o = from; o < end; o++) {
                LogRecord r = seen.get((int) o);
                if (r == null) {
                    continue;
                }
                if (r.isMarker()) {
                    markers.add(r);
                } else {
                    data.addAll(entriesOf(r, p));
                }
            }
            if (markers.size() < end - from && !data.isEmpty()) {
                stepEvents.add(new Pending(isLeader ? StepKind.LEADER_APPEND : StepKind.FOLLOWER_FETCH, broker, p.name(),
                        data, from, end, broker + (isLeader ? " (leader) appends " : " fetches and appends ") + p.name()
                        + " offsets " + from + ".." + (end - 1) + " to its page cache"));
            }
            if (isLeader) {
                for (LogRecord m : markers) {
                    Set<Integer> entries = new TreeSet<>(entriesOfTxn.getOrDefault(m.txnId(), Set.of()));
                    if (entries.isEmpty()) {
                        continue;
                    }
                    stepEvents.add(new Pending(StepKind.TXN_MARKER, broker, p.name(), entries, m.offset, m.offset + 1,
                            broker + " appends the " + (m.type == LogRecord.COMMIT_MARKER ? "COMMIT" : "ABORT")
                            + " marker of transaction " + m.txnId() + " to " + p.name()));
                }
            }
        }
        long flushed = Math.min(log.flushedOffset(), seen.size());
        if (flushed > seenFlushed[k][i]) {
            boolean fsync = log.lastFlushMs() != seenFlushMs[k][i];
            Set<Integer> entries = new TreeSet<>();
            for (long o = Math.max(seenFlushed[k][i], start); o < flushed; o++) {
                LogRecord r = seen.get((int) o);
                if (r != null && !r.isMarker()) {
                    entries.addAll(entriesOf(r, p));
                }
            }
            if (!entries.isEmpty()) {
                stepEvents.add(new Pending(fsync ? StepKind.FLUSH : StepKind.WRITEBACK, broker, p.name(), entries,
                    seenFlushed[k][i], flushed, broker + (fsync ? " fsyncs " : "'s OS writes back ") + p.name()
                    + " offsets " + seenFlushed[k][i] + ".." + (flushed - 1) + ": on disk"));
            }
        }
        seenFlushed[k][i] = flushed;
        seenFlushMs[k][i] = log.lastFlushMs();
    }

    private void diffAcks() {
        if (unacked.isEmpty()) {
            return;
        }
        Map<String, Pending> grouped = new LinkedHashMap<>();
        long horizonMs = ctx.nowMs() - 600_000;
        for (Iterator<Sent> it = unacked.iterator(); it.hasNext(); ) {
            Sent s = it.next();
            if (s.record.acked) {
                it.remove();
                String key = s.machine + "|" + s.partition.name();
                Pending p = grouped.computeIfAbsent(key, x -> new Pending(StepKind.ACK, s.machine, s.partition.name(),
                        new TreeSet<>(), -1, -1, s.machine + " hears the ack for its " + s.partition.name() + " records"));
                p.entries.addAll(entriesOf(s.record, s.partition));
            } else if (s.timeMs < horizonMs) {
                it.remove();
            }
        }
        stepEvents.addAll(grouped.values());
    }

    private long[] offsetsStamp = new long[0];

    private void diffCommits() {
        // Committed offsets change only when __consumer_offsets changes: its high watermark, its log (a marker
        // commits a transaction), its leader, or whether the leader can be reached.
        PartitionState op = offsets.partition();
        ReplicaLog ol = op.leaderLog();
        long[] stamp = {op.highWatermark(), ol == null ? -1 : ol.endOffset(), op.leaderEpoch(),
            op.leaderBroker() >= 0 && cluster.broker(op.leaderBroker()).reachable() ? 1 : 0};
        if (java.util.Arrays.equals(stamp, offsetsStamp)) {
            return;
        }
        offsetsStamp = stamp;
        for (int p = 0; p < journalPartitions; p++) {
            PartitionState input = cluster.partition("journal", p);
            Long committed = offsets.committed(input.topicPartition);
            if (committed == null) {
                continue;
            }
            if (committed > seenCommitted[p]) {
                long from = Math.max(0, seenCommitted[p]);
                String writer = committer(input);
                stepEvents.add(new Pending(StepKind.OFFSET_COMMIT, writer, input.name(),
                        journalEntries(input, from, committed), from, committed, "the committed offset of "
                        + input.name() + " moves to " + committed + " (" + writer + "'s commit is below the high "
                        + "watermark of __consumer_offsets" + (ctx.settings.isExactlyOnce() ? " and committed" : "") + ")"));
            }
            seenCommitted[p] = committed;
        }
    }

    private String committer(PartitionState input) {
        PartitionState p = offsets.partition();
        ReplicaLog log = p.leaderLog();
        String key = OffsetStore.key(input.topicPartition);
        for (long o = p.highWatermark() - 1; log != null && o >= log.logStartOffset(); o--) {
            LogRecord r = log.get(o);
            if (r != null && !r.isMarker() && key.equals(r.key)) {
                return r.writer();
            }
        }
        return "controller";
    }

    // ------------------------------------------------------------------ entries of records

    private Set<Integer> entriesOf(LogRecord record, PartitionState partition) {
        Set<Integer> ids = new TreeSet<>();
        Object value = record.value;
        if (value instanceof InputItem item) {
            ids.add(item.entry().id());
        } else if (value instanceof StoreValue v) {
            ids.add(v.entryId());
        } else if (value instanceof AppliedEvent a) {
            ids.add(a.entryId());
        } else if (value instanceof OffsetAndMetadata o && record.key != null) {
            Set<Integer> known = commitEntries.get(record.origin());
            if (known != null) {
                return new TreeSet<>(known);
            }
            String name = record.key.substring(record.key.indexOf('|') + 1);
            int p = Integer.parseInt(name.substring(name.lastIndexOf('-') + 1));
            if (p < journalPartitions) {
                PartitionState input = cluster.partition("journal", p);
                ids.addAll(journalEntries(input, Math.max(0, seenCommitted[p]), o.offset()));
            }
            commitEntries.put(record.origin(), new TreeSet<>(ids));
        }
        return ids;
    }

    /** Entries of the journal records the current leader holds in [from, to). */
    private Set<Integer> journalEntries(PartitionState input, long from, long to) {
        ReplicaLog log = input.leaderLog();
        return log == null ? new TreeSet<>() : entriesIn(log, input, from, to);
    }

    private Set<Integer> entriesIn(ReplicaLog log, PartitionState p, long from, long to) {
        Set<Integer> ids = new TreeSet<>();
        for (long o = Math.max(from, log.logStartOffset()); o < Math.min(to, log.endOffset()); o++) {
            LogRecord r = log.get(o);
            if (r == null) {
                continue;
            }
            if (r.isMarker()) {
                ids.addAll(entriesOfTxn.getOrDefault(r.txnId(), Set.of()));
            } else {
                ids.addAll(entriesOf(r, p));
            }
        }
        return ids;
    }

    private static String describeEntries(Set<Integer> entries) {
        List<String> names = new ArrayList<>();
        entries.forEach(e -> names.add("e" + e));
        return names.isEmpty() ? "a record" : "entry " + String.join(", ", names);
    }

    // ------------------------------------------------------------------ entry states

    /** Balances in the stores of running tasks (read for the timeline's store column; a step scene has few). */
    private Map<String, Long> storeBalances() {
        Map<String, Long> balances = new TreeMap<>();
        forEachLiveStoreValue((account, value) -> balances.put(account, value.balanceCents()));
        return Collections.unmodifiableMap(balances);
    }

    /** Each account and value in the store of every task running on a machine that is up, apps in order. */
    private void forEachLiveStoreValue(BiConsumer<String, StoreValue> action) {
        for (AppInstance app : apps) {
            if (!app.machine().isUp()) {
                continue;
            }
            for (Object[] view : app.taskViews()) {
                Map<String, StoreValue> store = app.liveStore((Integer) view[0]);
                if (store != null) {
                    store.forEach(action);
                }
            }
        }
    }

    private List<EntryState> entryStates() {
        // Per journal record origin: {replicas holding it, replicas with it on disk, leader offset or -1, below HW}.
        Map<LogRecord, long[]> where = new IdentityHashMap<>();
        for (int p = 0; p < journalPartitions; p++) {
            PartitionState input = cluster.partition("journal", p);
            ReplicaLog leader = input.leaderLog();
            for (int i = 0; i < input.replicas.length; i++) {
                ReplicaLog log = input.log(i);
                for (long o = log.logStartOffset(); o < log.endOffset(); o++) {
                    LogRecord r = log.get(o);
                    if (r == null || r.isMarker()) {
                        continue;
                    }
                    final int partition = p;
                    long[] w = where.computeIfAbsent(r.origin(), x -> new long[] {0, 0, -1, 0, partition});
                    w[0]++;
                    if (o < log.flushedOffset()) {
                        w[1]++;
                    }
                    if (log == leader) {
                        w[2] = o;
                        w[3] = o < input.highWatermark() ? 1 : 0;
                    }
                }
            }
        }
        Set<LogRecord> buffered = Collections.newSetFromMap(new IdentityHashMap<>());
        buffered.addAll(client.unacknowledged());
        // Which entries each account's value carries, in the running stores and in the changelog, once per step: an
        // entry is looked up in these sets, not by walking every value's history again for every entry.
        Map<String, Set<Integer>> inStores = storeLineage();
        Map<String, Set<Integer>> inChangelog = changelogLineage();
        List<EntryState> states = new ArrayList<>(journal.size());
        for (JournalEntry e : journal) {
            List<LogRecord> records = clientRecords.getOrDefault(e.id(), List.of());
            boolean inBuffer = false;
            boolean acked = false;
            boolean inLeader = false;
            boolean belowHw = false;
            boolean committed = false;
            int replicas = 0;
            int onDisk = 0;
            for (LogRecord r : records) {
                long[] w = where.get(r.origin());
                acked |= r.acked;
                if (w == null) {
                    inBuffer |= buffered.contains(r) && r.offset < 0;
                    if (r.offset >= 0 && partitionIndex(r) >= 0) {
                        committed |= seenCommitted[partitionIndex(r)] > r.offset;
                    }
                    continue;
                }
                replicas = Math.max(replicas, (int) w[0]);
                onDisk = Math.max(onDisk, (int) w[1]);
                inLeader |= w[2] >= 0;
                belowHw |= w[3] == 1;
                long offset = w[2] >= 0 ? w[2] : r.offset;
                committed |= offset >= 0 && seenCommitted[(int) w[4]] > offset;
            }
            states.add(new EntryState(e.id(), inBuffer, acked, inLeader, replicas, onDisk, belowHw,
                    carriedByEveryAccount(e, inStores), carriedByEveryAccount(e, inChangelog), committed,
                    !records.isEmpty()));
        }
        return List.copyOf(states);
    }

    private int partitionIndex(LogRecord r) {
        Integer p = clientPartition.get(r);
        return p == null ? -1 : p;
    }

    private static List<String> accounts(JournalEntry e) {
        return e.isOpening() ? List.of(e.toAccount()) : List.of(e.fromAccount(), e.toAccount());
    }

    /**
     * Whether, for every account {@code e} touches, some value of that account carries {@code e}'s effect (the entry
     * is in the value's history: {@link StoreValue#applications} of it is at least 1).
     */
    private static boolean carriedByEveryAccount(JournalEntry e, Map<String, Set<Integer>> carried) {
        for (String account : accounts(e)) {
            Set<Integer> ids = carried.get(account);
            if (ids == null || !ids.contains(e.id())) {
                return false;
            }
        }
        return true;
    }

    /** The entries in the history of each value, by account, added to {@code into}. */
    private static void addHistory(Map<String, Set<Integer>> into, String account, StoreValue value) {
        Set<Integer> ids = into.computeIfAbsent(account, k -> new java.util.HashSet<>());
        for (StoreValue v = value; v != null; v = v.previous()) {
            ids.add(v.entryId());
        }
    }

    /** By account, the entries carried by its value in any running task's store on a machine that is up. */
    private Map<String, Set<Integer>> storeLineage() {
        Map<String, Set<Integer>> carried = new HashMap<>();
        forEachLiveStoreValue((account, value) -> addHistory(carried, account, value));
        return carried;
    }

    /**
     * By account, the entries carried by its latest record below the high watermark of any changelog partition's
     * leader (committed records only under exactly-once): what a restore would read.
     */
    private Map<String, Set<Integer>> changelogLineage() {
        boolean eos = ctx.settings.isExactlyOnce();
        Map<String, Set<Integer>> carried = new HashMap<>();
        for (int p = 0; p < cluster.partitionCount("changelog"); p++) {
            PartitionState changelog = cluster.partition("changelog", p);
            ReplicaLog log = changelog.leaderLog();
            if (log == null) {
                continue;
            }
            Set<String> latestSeen = new java.util.HashSet<>();
            int accountsSeen = 0;
            for (long o = Math.min(changelog.highWatermark(), log.endOffset()) - 1;
                    o >= log.logStartOffset() && accountsSeen < journalAccounts.size(); o--) {
                LogRecord r = log.get(o);
                if (r == null || r.isMarker() || (eos && !log.isCommitted(r)) || !latestSeen.add(r.key)) {
                    continue;
                }
                accountsSeen += journalAccounts.contains(r.key) ? 1 : 0;
                addHistory(carried, r.key, (StoreValue) r.value);
            }
        }
        return carried;
    }
}
