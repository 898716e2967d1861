package racelab.logsim.streams;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.utils.Utils;
import racelab.logsim.client.OffsetStore;
import racelab.logsim.cluster.PartitionState;
import racelab.logsim.cluster.ReplicaLog;
import racelab.logsim.cluster.SimContext;
import racelab.logsim.forensics.Provenance;
import racelab.logsim.model.AppliedEvent;
import racelab.logsim.model.InputItem;
import racelab.logsim.model.Journal;
import racelab.logsim.model.JournalEntry;
import racelab.logsim.model.LogRecord;
import racelab.logsim.model.StoreValue;

/**
 * One task of the ledger application: the seed's processor over one journal partition. For each entry it gets the
 * balance, decides (an account may not go below zero), puts the new balance (through the record cache when enabled,
 * then the store and the changelog) and emits an applied/rejected record. It restores its store from the changelog
 * (from the checkpoint when one is usable) before processing, and checkpoints after commits under at-least-once.
 */
final class StreamTask {

    enum State { RESTORING, RUNNING, CLOSED }

    final int task;
    private final AppInstance app;
    private final SimContext ctx;
    final PartitionState input;
    final PartitionState changelog;
    private final PartitionState applied;
    private final Journal journal;
    /** The state store. Change it only through {@link #storePut}, {@link #storeClear} and {@link #storePutAll}. */
    final Map<String, StoreValue> store = new HashMap<>();
    /**
     * The store map's own entries by the journal's account index ({@link Journal#accountIndex}): processing reads a
     * balance from its entry and a put to an account the map already holds replaces the value in its entry
     * ({@code setValue}, which is all {@code HashMap.put} does for a key it has: no rehash, no change of order),
     * instead of hashing the account id and walking its bucket (the store map's lookups were 6 % of log-bench, its
     * puts about as much). Valid only while {@link #nodesCaptured}: then every key of the map that the journal names
     * has its entry here, and an account without one is not in the map. Any other change of the map (a new key may
     * resize or treeify it, a clear or putAll) drops them, reads and writes go through the map, and the entries are
     * taken again after as many such puts as the map has keys, so retaking them costs at most one extra step per put.
     */
    private final Map.Entry<String, StoreValue>[] nodes;
    private boolean nodesCaptured;
    private int slowPuts;
    final RecordCache cache;
    State state = State.RESTORING;
    long position;
    long changelogAckedEnd;
    /** Settings read once per task, not once per record. */
    private final boolean processorIdempotent;
    private final long memtableRecords;
    private final boolean exactlyOnce;
    private int positionEpoch = -1;
    private int validatedLeaderEpoch = -1;
    private int truncationsDetected;
    private long lastCheckpointBase;
    private long memtablePuts;

    StreamTask(AppInstance app, int task) {
        this.app = app;
        this.task = task;
        this.ctx = app.services.ctx();
        this.input = app.services.cluster().partition("journal", task);
        this.changelog = app.services.cluster().partition("changelog", task);
        this.applied = app.services.cluster().partition("applied", task);
        this.journal = ctx.journal() == null ? new Journal(0) : ctx.journal();
        @SuppressWarnings("unchecked")
        Map.Entry<String, StoreValue>[] entries = new Map.Entry[journal.accountCount()];
        this.nodes = entries;
        this.processorIdempotent = ctx.settings.getBool("sim.processor.idempotent");
        this.memtableRecords = ctx.settings.getLong("sim.rocksdb.memtable.records");
        this.exactlyOnce = ctx.settings.isExactlyOnce();
        boolean caching = ctx.settings.getBool("sim.store.caching") && !ctx.settings.isHandMade();
        this.cache = caching ? new RecordCache(ctx.settings.getLong("statestore.cache.max.bytes"),
                ctx.settings.getLong("sim.record.bytes")) : null;
    }

    // ------------------------------------------------------------------ restore

    void initialize() {
        if (state == State.CLOSED) {
            return;
        }
        if (!app.transactionsReady()) {
            // initTransactions blocks while the previous transaction of this transactional.id completes.
            app.later(100, this::initialize);
            return;
        }
        ReplicaLog log = changelog.leaderLog();
        if (log == null || !app.services.cluster().broker(changelog.leaderBroker()).reachable()) {
            app.later(1000, this::initialize);
            return;
        }
        // StoreChangelogReader.endOffsetForChangelogs restores up to the log end read with READ_UNCOMMITTED, "since
        // the last committed txn may have not advanced the LSO for EOS" (KAFKA-10167); its read_committed restore
        // consumer cannot pass a transaction still waiting for its markers, so restoration completes only once every
        // transaction below that end is committed or aborted. Restoring only up to the last stable offset lost the
        // effects of a transaction whose markers were written just after the restore (log-safety seed 70 of the
        // adversarial campaign, once the stable offset fetch waited for the same transaction).
        if (ctx.settings.isExactlyOnce() && log.lastStableOffset(changelog.highWatermark()) < changelog.highWatermark()) {
            app.later(100, this::initialize);
            return;
        }
        boolean eos = ctx.settings.isExactlyOnce();
        LocalTaskState local = app.disk(task);
        long start;
        boolean fromCheckpoint = false;
        boolean wiped = false;
        storeClear();
        if (ctx.settings.isHandMade()) {
            start = 0;
        } else if (local.checkpointOffset >= 0) {
            storePutAll(local.flushedStore);
            start = local.checkpointOffset;
            fromCheckpoint = true;
            if (eos) {
                local.checkpointOffset = -1;
            }
        } else if (eos) {
            wiped = !local.flushedStore.isEmpty();
            start = 0;
        } else {
            storePutAll(local.flushedStore);
            start = 0;
        }
        long end = changelog.highWatermark();
        if (start > end) {
            ctx.trace("wipe", "task-" + task, app.id + ": checkpoint " + start + " is beyond the changelog end " + end
                    + " (OffsetOutOfRange): wipe the store and restore from scratch");
            storeClear();
            start = 0;
            wiped = true;
            fromCheckpoint = false;
        }
        start = Math.max(start, log.logStartOffset());
        int count = restore(log, start, Math.min(end, log.endOffset()), eos);
        changelogAckedEnd = end;
        lastCheckpointBase = end;
        app.services.provenance().restored(new Provenance.Restore(app.id, task, ctx.nowMs(), start, end, fromCheckpoint,
                wiped, count));
        ctx.trace("restore", "task-" + task, app.id + " restores task " + task + " from changelog offsets " + start + ".."
                + end + (fromCheckpoint ? " on top of its local store (checkpoint)" : wiped ? " after wiping its store" : "")
                + ": " + count + " records, " + store.size() + " accounts");
        fetchPosition();
    }

    /**
     * Puts every readable changelog record from {@code start} to {@code end} into the store, in order, and returns
     * how many there were. Only the last value of each key stays, and a key enters the map where it first appears:
     * so the keys are put in order of first appearance, each with its last value (the same map, entry order
     * included), and only one value per key is read from the log.
     */
    private int restore(ReplicaLog log, long start, long end, boolean eos) {
        Map<String, Integer> slots = new java.util.LinkedHashMap<>();
        long[] lastOffsets = new long[16];
        int count = 0;
        for (long offset = start; offset < end; offset++) {
            if (log.isMarkerAt(offset) || (eos && !log.isCommittedAt(offset))) {
                continue;
            }
            String key = log.keyAt(offset);
            Integer slot = slots.get(key);
            if (slot == null) {
                slot = slots.size();
                slots.put(key, slot);
                if (slot == lastOffsets.length) {
                    lastOffsets = java.util.Arrays.copyOf(lastOffsets, slot * 2);
                }
            }
            lastOffsets[slot] = offset;
            count++;
        }
        for (Map.Entry<String, Integer> slot : slots.entrySet()) {
            storePut(slot.getKey(), journal.accountIndex(slot.getKey()),
                    (StoreValue) log.valueAt(lastOffsets[slot.getValue()]));
        }
        return count;
    }

    private void fetchPosition() {
        if (state == State.CLOSED) {
            return;
        }
        OffsetAndMetadata committed = app.services.offsets().committedWithEpoch(input.topicPartition);
        if (committed == null) {
            app.later(1000, this::fetchPosition);
            return;
        }
        state = State.RUNNING;
        validatedLeaderEpoch = -1;
        if (committed == OffsetStore.NONE) {
            positionEpoch = -1;
            resetPosition("no committed offset");
            return;
        }
        position = committed.offset();
        positionEpoch = committed.leaderEpoch().orElse(-1);
        ctx.trace("resume", "task-" + task, app.id + " resumes task " + task + " at committed input offset " + position);
    }

    /** The leader epoch of the last consumed input record, committed with the offset (KIP-320). */
    Optional<Integer> positionEpoch() {
        return positionEpoch < 0 ? Optional.empty() : Optional.of(positionEpoch);
    }

    /**
     * KIP-320 position validation after the committed offset was fetched and after every leader change: ask the
     * leader where the position's epoch ends (OffsetsForLeaderEpoch); if that is below the position, the log was
     * truncated under it, and with a reset policy the consumer seeks to the first offset known to diverge
     * (SubscriptionState.maybeCompleteValidation). Then a position beyond the log end is OFFSET_OUT_OF_RANGE and
     * {@code auto.offset.reset} decides (Kafka Streams' default: earliest).
     */
    private boolean validatePosition(ReplicaLog log) {
        if (positionEpoch >= 0) {
            long divergence = log.endOffsetForEpoch(positionEpoch);
            if (divergence < position) {
                ctx.trace("truncation-detected", "task-" + task, app.id + ": input " + input.name() + " was truncated "
                        + "under position " + position + " (epoch " + positionEpoch + " ends at " + divergence
                        + " on the leader, KIP-320); the consumer seeks to " + divergence);
                truncationsDetected++;
                position = divergence;
                positionEpoch = -1;
            }
        }
        if (position > log.endOffset() || position < log.logStartOffset()) {
            return resetPosition("OFFSET_OUT_OF_RANGE at " + position + " (log " + log.logStartOffset() + ".."
                    + log.endOffset() + ")");
        }
        return true;
    }

    /** auto.offset.reset: earliest, latest, or none (the stream thread dies with a StreamsException). */
    private boolean resetPosition(String why) {
        String policy = ctx.settings.get(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG);
        ReplicaLog log = input.leaderLog();
        if (policy.equals("none")) {
            ctx.trace("reset-failed", "task-" + task, app.id + ": " + why + " and auto.offset.reset=none: "
                    + "StreamsException, the stream thread stops processing task " + task);
            state = State.CLOSED;
            return false;
        }
        long start = log == null ? 0 : log.logStartOffset();
        long end = log == null ? 0 : ctx.settings.isExactlyOnce() ? log.lastStableOffset(input.highWatermark())
                : input.highWatermark();
        position = policy.equals("latest") ? end : start;
        positionEpoch = -1;
        ctx.trace("offset-reset", "task-" + task, app.id + ": " + why + "; auto.offset.reset=" + policy
                + " moves task " + task + " to input offset " + position);
        return true;
    }

    int truncationsDetected() {
        return truncationsDetected;
    }

    // ------------------------------------------------------------------ processing

    /** Processes up to {@code maxRecords} input records; returns how many offsets it consumed. */
    int process(int maxRecords) {
        if (state != State.RUNNING) {
            return 0;
        }
        ReplicaLog log = input.leaderLog();
        if (log == null || !app.services.cluster().broker(input.leaderBroker()).reachable()) {
            return 0;
        }
        if (input.leaderEpoch() != validatedLeaderEpoch) {
            if (!validatePosition(log)) {
                return 0;
            }
            validatedLeaderEpoch = input.leaderEpoch();
        } else if (position > log.endOffset() || position < log.logStartOffset()) {
            if (!resetPosition("OFFSET_OUT_OF_RANGE at " + position)) {
                return 0;
            }
        }
        boolean readCommitted = exactlyOnce;
        long end = readCommitted ? log.lastStableOffset(input.highWatermark()) : input.highWatermark();
        int consumed = 0;
        while (position < end && consumed < maxRecords) {
            long offset = position++;
            consumed++;
            if (offset < log.logStartOffset() || offset >= log.endOffset()) {
                continue; // nothing there to read (as the record-reading loop skipped a null)
            }
            positionEpoch = log.leaderEpochAt(offset);
            if (log.isMarkerAt(offset) || (readCommitted && !log.isCommittedAt(offset))) {
                continue;
            }
            // The journal item as numbers from the log's columns (entry id, leg); an item kept as an object otherwise.
            int input = log.inputAt(offset);
            if (input >= 0) {
                apply(input >>> 2, LEGS[input & 3], offset);
            } else {
                InputItem item = (InputItem) log.valueAt(offset);
                apply(entryOf(item.entry()), item.leg(), offset);
            }
        }
        return consumed;
    }

    private static final InputItem.Leg[] LEGS = InputItem.Leg.values();

    /**
     * The id of {@code entry} in this run's journal. The journal's maker and the saga's credit leg build items from
     * the journal's own entries, so this is the entry's id; anything else is a simulator bug, reported loudly.
     */
    private int entryOf(JournalEntry entry) {
        if (entry.id() >= journal.size() || !journal.get(entry.id()).equals(entry)) {
            throw new IllegalStateException("journal record for an entry not in the journal: " + entry);
        }
        return entry.id();
    }

    /** Processes entry {@code id} (its columns in {@link #journal}) or one leg of it, read at input {@code offset}. */
    private void apply(int id, InputItem.Leg leg, long offset) {
        boolean idempotent = processorIdempotent;
        switch (leg) {
            case CREDIT:
                credit(id, offset, idempotent);
                emit(id, leg, true);
                break;
            case WHOLE:
                if (journal.isOpening(id)) {
                    credit(id, offset, idempotent);
                    emit(id, leg, true);
                    break;
                }
                if (idempotent) {
                    int replay = replayedTransfer(id, offset);
                    if (replay != FRESH) {
                        if (replay != DECISION_UNKNOWN) {
                            emit(id, leg, replay == APPLIED);
                        }
                        break;
                    }
                }
                emit(id, leg, debitIfFunded(id, offset, idempotent) && credit(id, offset, idempotent));
                break;
            case DEBIT:
                emit(id, leg, debitIfFunded(id, offset, idempotent));
                break;
            default: {
                boolean ok = debitIfFunded(id, offset, idempotent);
                if (ok) {
                    JournalEntry entry = journal.get(id);
                    InputItem creditLeg = new InputItem(entry, InputItem.Leg.CREDIT);
                    PartitionState target = app.services.cluster().partition("journal",
                            partitionFor(entry.toAccount(), app.services.cluster().partitionCount("journal")));
                    app.send(target, entry.toAccount(), creditLeg, LogRecord.BY_PUT);
                }
                emit(id, leg, ok);
            }
        }
    }

    private static final int FRESH = 0;
    private static final int APPLIED = 1;
    private static final int REJECTED = 2;
    private static final int DECISION_UNKNOWN = 3;

    /**
     * The idempotent processor's replay check for a whole transfer. Each balance keeps the input offset of the last
     * entry applied to it, and a task writes an entry's debit, then its credit, then later entries, so a restored
     * store holds a prefix of that order. Only an account whose own offset equals this entry's proves the entry was
     * applied; an account already past it may also mean the entry was rejected (a rejection writes nothing) and later
     * entries moved that account on. Crediting the payee whenever the payer was past the entry created money when the
     * entry had been rejected (issue 10, point 10: f4 --fixed seed 24, f7 --fixed seeds 177 and 194).
     *
     * @return FRESH (not processed before), APPLIED (a leg that did not survive is completed), REJECTED (one account is
     *     still behind the entry, so in write order it was never applied), or DECISION_UNKNOWN (both accounts moved on;
     *     nothing to change and nothing known to emit)
     */
    private int replayedTransfer(int id, long offset) {
        int fromIndex = journal.fromIndex(id);
        int toIndex = journal.toIndex(id);
        StoreValue from = get(fromIndex);
        StoreValue to = get(toIndex);
        long payer = from == null ? -1 : from.lastInputOffset();
        long payee = to == null ? -1 : to.lastInputOffset();
        if (payer < offset && payee < offset) {
            return FRESH;
        }
        long amount = journal.amountCents(id);
        if (payer == offset || payee == offset) {
            if (payee < offset) {
                put(toIndex, new StoreValue((to == null ? 0 : to.balanceCents()) + amount, id, offset, lineage(to)));
            }
            if (payer < offset) {
                put(fromIndex, new StoreValue((from == null ? 0 : from.balanceCents()) - amount, id, offset,
                        lineage(from)));
            }
            return APPLIED;
        }
        return payer > offset && payee > offset ? DECISION_UNKNOWN : REJECTED;
    }

    static int partitionFor(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(java.nio.charset.StandardCharsets.UTF_8))) % partitions;
    }

    private boolean debitIfFunded(int id, long offset, boolean idempotent) {
        int account = journal.fromIndex(id);
        StoreValue from = get(account);
        if (idempotent && from != null && from.lastInputOffset() >= offset) {
            return true;
        }
        long balance = from == null ? 0 : from.balanceCents();
        long amount = journal.amountCents(id);
        if (balance < amount) {
            return false;
        }
        put(account, new StoreValue(balance - amount, id, offset, lineage(from)));
        return true;
    }

    private boolean credit(int id, long offset, boolean idempotent) {
        int account = journal.toIndex(id);
        StoreValue to = get(account);
        if (idempotent && to != null && to.lastInputOffset() >= offset) {
            return true;
        }
        long balance = to == null ? 0 : to.balanceCents();
        put(account, new StoreValue(balance + journal.amountCents(id), id, offset, lineage(to)));
        return true;
    }

    private StoreValue lineage(StoreValue previous) {
        return app.lineage ? previous : null;
    }

    private void emit(int id, InputItem.Leg leg, boolean ok) {
        LogRecord record = app.send(applied, Integer.toString(id), new AppliedEvent(id, leg, ok, app.id),
                LogRecord.BY_PUT);
        app.services.provenance().appliedSent(id, record);
    }

    /** The balance of the journal's account {@code account}: the record cache's when it holds one, else the store's. */
    private StoreValue get(int account) {
        if (cache != null) {
            StoreValue cached = cache.get(journal.account(account));
            if (cached != null) {
                return cached;
            }
        }
        return storeGet(account);
    }

    /** The store map's value for the journal's account {@code account}, through its held entry when there is one. */
    private StoreValue storeGet(int account) {
        if (nodesCaptured) {
            Map.Entry<String, StoreValue> node = nodes[account];
            return node == null ? null : node.getValue();
        }
        return store.get(journal.account(account));
    }

    private void put(int account, StoreValue value) {
        String key = journal.account(account);
        app.services.provenance().put(value.entryId(), key, value);
        if (cache == null) {
            write(key, account, value, LogRecord.BY_PUT);
            return;
        }
        for (Map.Entry<String, StoreValue> evicted : cache.put(key, value)) {
            write(evicted.getKey(), journal.accountIndex(evicted.getKey()), evicted.getValue(),
                    LogRecord.BY_CACHE_EVICTION);
        }
    }

    private void storePut(String key, int account, StoreValue value) {
        if (nodesCaptured && account != Journal.NO_ACCOUNT) {
            Map.Entry<String, StoreValue> node = nodes[account];
            if (node != null) {
                node.setValue(value);
                return;
            }
        }
        nodesCaptured = false;
        store.put(key, value);
        if (++slowPuts >= store.size()) {
            captureNodes();
        }
    }

    /**
     * Whether reads by account index give the store map's values, and the held entries agree with the map: while
     * {@link #nodesCaptured}, every journal account the map holds has its entry in {@link #nodes}, that entry is the
     * map's own (the same object its entry set holds) for that account, and an account the map does not hold has
     * none. Tests check it after every step of seeded runs.
     */
    boolean storeIndexesAgree() {
        for (int account = 0; account < nodes.length; account++) {
            if (storeGet(account) != store.get(journal.account(account))) {
                return false;
            }
        }
        if (!nodesCaptured) {
            return true;
        }
        java.util.Set<Map.Entry<String, StoreValue>> own = java.util.Collections.newSetFromMap(
                new java.util.IdentityHashMap<>());
        own.addAll(store.entrySet());
        for (int account = 0; account < nodes.length; account++) {
            Map.Entry<String, StoreValue> node = nodes[account];
            boolean held = store.containsKey(journal.account(account));
            if (held != (node != null) || node != null && (!own.contains(node)
                    || !node.getKey().equals(journal.account(account)))) {
                return false;
            }
        }
        return true;
    }

    private void captureNodes() {
        java.util.Arrays.fill(nodes, null);
        for (Map.Entry<String, StoreValue> entry : store.entrySet()) {
            int account = journal.accountIndex(entry.getKey());
            if (account != Journal.NO_ACCOUNT) {
                nodes[account] = entry;
            }
        }
        nodesCaptured = true;
        slowPuts = 0;
    }

    private void storeClear() {
        store.clear();
        nodesCaptured = false;
        slowPuts = 0;
    }

    private void storePutAll(Map<String, StoreValue> values) {
        nodesCaptured = false;
        store.putAll(values);
    }

    /** Down the store stack: the store, then the changelog (ChangeLoggingKeyValueBytesStore). */
    private void write(String key, int account, StoreValue value, byte writtenBy) {
        storePut(key, account, value);
        if (++memtablePuts >= memtableRecords) {
            flushStore();
        }
        LogRecord record = app.send(changelog, key, value, writtenBy);
        app.services.provenance().changelogSent(record);
    }

    /** Commit step 1: the record cache goes down to the store and the changelog. */
    void flushCache() {
        if (cache == null) {
            return;
        }
        List<Map.Entry<String, StoreValue>> dirty = cache.flush();
        for (Map.Entry<String, StoreValue> entry : dirty) {
            write(entry.getKey(), journal.accountIndex(entry.getKey()), entry.getValue(), LogRecord.BY_CACHE_FLUSH);
        }
    }

    void changelogAcked(long offset) {
        changelogAckedEnd = Math.max(changelogAckedEnd, offset + 1);
    }

    /**
     * After an at-least-once commit: write the checkpoint when the changelog moved by at least the delta threshold.
     * Kafka flushes the store first (the WAL-less RocksDB then holds everything the checkpoint claims);
     * {@code sim.checkpoint.after.store.flush=false} writes the checkpoint alone, so the store on disk only catches
     * up when its memtable fills ({@code sim.rocksdb.memtable.records}) and a power cut in between finds a store
     * older than its checkpoint.
     */
    void maybeCheckpoint() {
        if (ctx.settings.isExactlyOnce() || ctx.settings.isHandMade()) {
            return;
        }
        if (changelogAckedEnd - lastCheckpointBase < ctx.settings.getLong("sim.checkpoint.offset.delta")) {
            return;
        }
        boolean flushFirst = ctx.settings.getBool("sim.checkpoint.after.store.flush");
        if (flushFirst) {
            flushStore();
        }
        LocalTaskState local = app.disk(task);
        local.checkpointOffset = changelogAckedEnd;
        local.checkpointWrittenMs = ctx.nowMs();
        lastCheckpointBase = changelogAckedEnd;
        ctx.trace("checkpoint", "task-" + task, app.id + " writes checkpoint " + changelogAckedEnd + " for task " + task
                + (flushFirst ? " after flushing the store" : " without flushing the store (memtable holds "
                + memtablePuts + " unflushed puts)"));
    }

    /** RocksDB memtable flush: the store's current content becomes durable on this machine's disk. */
    private void flushStore() {
        LocalTaskState local = app.disk(task);
        local.flushedStore = new HashMap<>(store);
        local.storeFlushedMs = ctx.nowMs();
        memtablePuts = 0;
    }

    void close() {
        state = State.CLOSED;
    }
}
