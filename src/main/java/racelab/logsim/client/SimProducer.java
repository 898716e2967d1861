package racelab.logsim.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.protocol.Errors;
import racelab.logsim.cluster.Cluster;
import racelab.logsim.cluster.Machine;
import racelab.logsim.cluster.PartitionState;
import racelab.logsim.cluster.SimContext;
import racelab.logsim.sim.EventQueue;
import racelab.logsim.model.LogRecord;

/**
 * A producer in the shape of Kafka's: a record accumulator with one deque of batches per partition, batches closed by
 * {@code batch.size} or {@code linger.ms}, a sender that keeps up to {@code max.in.flight.requests.per.connection}
 * requests per broker in flight, retries with {@code retry.backoff.ms} until {@code delivery.timeout.ms}, sequence
 * numbers per partition when idempotent, and transactions through {@link TxnCoordinator}.
 *
 * <p>Retries follow RecordAccumulator.reenqueue. An idempotent producer (Kafka's TransactionManager is then present)
 * puts a retried batch back in sequence order (insertInSequenceOrder), and the broker's sequence check keeps the log in
 * that order. A producer without idempotence puts it at the head of its deque (addFirst). Batches that were already in
 * flight behind it and succeed land before it, and batches that fail together (all requests of a closed connection,
 * which NetworkClient fails oldest first) go back in reverse order. Either way a retry lands after a newer batch: the
 * F6 reordering and duplication (Sender.completeBatch → canRetry → reenqueueBatch).
 *
 * <p>Requests and responses travel on one {@link Cluster.Connection} per broker, in order or not at all. A request that
 * is not answered within {@code request.timeout.ms} makes the client close that connection and fail every request
 * still in flight on it with REQUEST_TIMED_OUT (NetworkClient.handleTimedOutRequests; Sender.handleProduceResponse).
 * A broker process that dies resets the connection, which fails them with NETWORK_EXCEPTION at once. A leader that is
 * down is not connected to: its batches wait in the accumulator (NetworkClient.ready) until a new leader is known.
 *
 * <p>The producer sends to the leader its metadata names, not to the one the controller elected last: like Kafka's
 * Metadata it refreshes only when asked to, which is after an error that means stale metadata (NOT_LEADER_OR_FOLLOWER
 * or a disconnect: Sender.completeBatch on an InvalidMetadataException, NetworkClient.handleServerDisconnect "the
 * disconnect may be the result of stale metadata"), when a partition has no known leader (Sender.sendProducerData,
 * unknownLeaderTopics), or when it cannot connect to the leader it knows. So while a connection to a broker that died
 * in a power cut, or is cut off, stays open, the producer keeps sending to it, and its requests fail together when
 * the connection does. A retry waits {@code retry.backoff.ms} unless the partition's leader changed since the batch's
 * last attempt (KIP-951). Simplification: a refresh answers at once with the controller's current leaders (a real one
 * is a MetadataRequest round trip; KIP-951 also puts the new leader in the error response itself).
 */
public final class SimProducer {

    /** Producer settings, resolved once. */
    public record Config(int acks, boolean idempotent, boolean transactional, long lingerMs, int batchRecordsMax,
            int maxInFlight, long retries, long deliveryTimeoutMs, long requestTimeoutMs, long retryBackoffMs) {
    }

    private static final class Batch {
        final PartitionState partition;
        /**
         * Its records until it is finished; then an empty list, so a request-timeout event still queued for its last
         * attempt (it fires request.timeout.ms later and finds the batch no longer in flight) does not keep a million
         * acknowledged records reachable in a long run. Records are added only before the first attempt; after that the
         * list is never changed in place (a re-stamp puts a new list here), so a request carries this list itself,
         * not a copy.
         */
        List<LogRecord> records;
        final long createdMs;
        boolean closed;
        boolean inFlight;
        int attempts;
        /** The producer epoch its records carry; older than the producer's after a KIP-360 bump. */
        short stampedEpoch;
        long notBeforeMs;
        long requestId;
        int broker = -1;

        Batch(PartitionState partition, long createdMs, int batchRecordsMax) {
            this.partition = partition;
            this.createdMs = createdMs;
            // Sized for a full batch up front (a list grown from 10 to batch.size / sim.record.bytes records allocated
            // about four times its size on the way), capped so a huge batch.size does not reserve room for nothing.
            this.records = new ArrayList<>(Math.min(batchRecordsMax, 256));
        }
    }

    private final SimContext ctx;
    private final Cluster cluster;
    private final Machine machine;
    private final Config config;
    private final SendListener listener;
    private final TxnCoordinator txnCoordinator;
    public final long producerId;
    private short epoch;
    private final Map<PartitionState, ArrayDeque<Batch>> accumulators = new LinkedHashMap<>();
    private final Map<PartitionState, Integer> nextSequences = new LinkedHashMap<>();
    private final Map<PartitionState, Integer> lastAckedSequences = new LinkedHashMap<>();
    /** A transactional send failed with an abortable error: the transaction can only be aborted (TransactionManager). */
    private boolean abortableError;
    private int epochBumps;
    private final int[] inFlightPerBroker;
    private long requestIds;
    private int incompleteBatches;
    private final List<Runnable> flushWaiters = new ArrayList<>();
    private boolean drainScheduled;
    private boolean flushing;

    private boolean closed;
    /** The stamp of the last record sent; reused while producer epoch, transaction, writer and generation stay. */
    private LogRecord.Stamp stamp;
    /** One connection per broker (NetworkClient keeps one per node); null until the first request. */
    private final Cluster.Connection[] connections;
    /** Set while the requests of a closed connection fail together: drain once afterwards, as Sender's next poll does. */
    private boolean failingConnection;
    /** The leader of each partition as this producer's metadata has it (Kafka's Metadata cache); -1: none known. */
    private final Map<PartitionState, Integer> knownLeaders = new java.util.HashMap<>();
    /** An error or a disconnect asked for a metadata refresh (Metadata.requestUpdate); the next drain does it. */
    private boolean metadataUpdateRequested;
    /** Retried batches keep their place even without idempotence (see {@link #keepOrderOnRetry()}). */
    private boolean orderedRetries;
    /** The transactional.id it registered with initTransactions, or null. */
    String transactionalId;
    private long txnId = -1;
    private final Set<PartitionState> txnPartitions = new LinkedHashSet<>();

    public SimProducer(SimContext ctx, Cluster cluster, Machine machine, Config config, SendListener listener,
            TxnCoordinator txnCoordinator) {
        this.ctx = ctx;
        this.cluster = cluster;
        this.machine = machine;
        this.config = config;
        this.listener = listener;
        this.txnCoordinator = txnCoordinator;
        this.producerId = config.idempotent() || config.transactional() ? ctx.newProducerId() : -1;
        this.inFlightPerBroker = new int[cluster.brokers().size()];
        this.connections = new Cluster.Connection[cluster.brokers().size()];
    }

    /**
     * Keeps a retried batch in its place although the producer is not idempotent. For the simulator's offset-commit
     * producer: real offset commits go to the group coordinator (OffsetCommit, retried in order by commitSync), not
     * through a record accumulator, so they never reorder.
     */
    public void keepOrderOnRetry() {
        orderedRetries = true;
    }

    public Config config() {
        return config;
    }

    public short epoch() {
        return epoch;
    }

    /** Appends a record to the accumulator and returns it; the listener hears when it is acked or fails. */
    public LogRecord send(PartitionState p, String key, Object value, String writer, int generation, byte writtenBy) {
        if (config.transactional() && txnId < 0) {
            txnId = ctx.newTxnId();
            txnPartitions.clear();
            txnCoordinator.begin(this, txnId);
        }
        // One stamp for every record sent under the same epoch, transaction, writer and generation (shared, not copied).
        stamp = stamp == null ? new LogRecord.Stamp(producerId, epoch, txnId, writer, generation)
                : stamp.with(producerId, epoch, txnId, writer, generation);
        LogRecord record = new LogRecord(LogRecord.DATA, key, value, stamp, writtenBy);
        record.createdOrder = ctx.nextRecordOrder();
        if (config.transactional() && !txnPartitions.contains(p)) {
            // AddPartitionsToTxn: a partition joins the transaction at the coordinator before any data goes to it.
            // A transaction the coordinator already aborted (timeout, epoch bump) refuses it: the producer is fenced.
            if (!txnCoordinator.addPartition(txnId)) {
                ctx.trace("fenced", p.name(), machine.id + ": AddPartitionsToTxn for " + p.name() + " is refused, "
                        + "transaction " + txnId + " was already aborted by the coordinator (producer fenced)");
                listener.failed(p, record, Errors.INVALID_PRODUCER_EPOCH);
                return record;
            }
            txnPartitions.add(p);
        }
        ArrayDeque<Batch> deque = accumulators.computeIfAbsent(p, k -> new ArrayDeque<>());
        Batch last = deque.peekLast();
        // Like Kafka's accumulator, a batch takes appends until it is sent or full, even after linger.ms made it ready.
        if (last == null || last.inFlight || last.attempts > 0 || last.records.size() >= config.batchRecordsMax()) {
            last = new Batch(p, ctx.nowMs(), config.batchRecordsMax());
            last.stampedEpoch = epoch;
            deque.addLast(last);
            incompleteBatches++;
            Batch lingering = last;
            if (config.lingerMs() > 0 && !flushing) {
                ctx.queue.after(config.lingerMs(), machine.guard(() -> {
                    if (!lingering.closed) {
                        lingering.closed = true;
                        drain();
                    }
                }));
            }
        }
        last.records.add(record);
        ctx.sent(record, p, machine.id);
        if (last.records.size() >= config.batchRecordsMax() || config.lingerMs() <= 0 || flushing || last.closed) {
            last.closed = true;
            drain();
        }
        return record;
    }

    /** Closes every open batch and calls {@code onFlushed} once nothing is left unacknowledged (producer.flush()). */
    public void flush(Runnable onFlushed) {
        for (ArrayDeque<Batch> deque : accumulators.values()) {
            for (Batch batch : deque) {
                batch.closed = true;
            }
        }
        if (incompleteBatches == 0) {
            onFlushed.run();
            return;
        }
        flushWaiters.add(onFlushed);
        drain();
    }

    public int incompleteBatches() {
        return incompleteBatches;
    }

    /** Records still in the accumulator or in flight (lost if this machine dies now). */
    public List<LogRecord> unacknowledged() {
        List<LogRecord> pending = new ArrayList<>();
        for (ArrayDeque<Batch> deque : accumulators.values()) {
            for (Batch batch : deque) {
                pending.addAll(batch.records);
            }
        }
        return pending;
    }

    /** Closes the producer without sending what it still holds (EOS producer reset after fencing). */
    public void close() {
        closed = true;
        accumulators.clear();
        flushWaiters.clear();
        for (int b = 0; b < connections.length; b++) {
            if (connections[b] != null) {
                cluster.close(connections[b]);
                connections[b] = null;
            }
        }
    }

    public boolean isClosed() {
        return closed;
    }

    private void drain() {
        if (closed || failingConnection) {
            return;
        }
        long now = ctx.nowMs();
        long nextWakeMs = Long.MAX_VALUE;
        for (ArrayDeque<Batch> deque : accumulators.values()) {
            for (Batch batch : deque) {
                if (!batch.closed) {
                    break;
                }
                if (batch.inFlight) {
                    continue;
                }
                if (batch.notBeforeMs > now && !leaderChangedSinceAttempt(batch)) {
                    // Retry backoff, skipped when the leader changed since the batch's last attempt (KIP-951:
                    // RecordAccumulator.shouldBackoff with ProducerBatch.hasLeaderChangedForTheOngoingRetry).
                    nextWakeMs = Math.min(nextWakeMs, batch.notBeforeMs);
                    break;
                }
                if (config.transactional() && !txnCoordinator.maySend(this, txnId)) {
                    // CONCURRENT_TRANSACTIONS: the previous transaction's markers are still being written.
                    nextWakeMs = Math.min(nextWakeMs, EventQueue.later(now, config.retryBackoffMs()));
                    break;
                }
                int leader = knownLeader(batch.partition);
                if (leader >= 0 && connections[leader] == null && !cluster.broker(leader).isUp()) {
                    // No open connection and the broker's process is gone: NetworkClient cannot connect (refused, or
                    // no answer until socket.connection.setup.timeout.ms) and asks for fresh metadata.
                    metadataUpdateRequested = true;
                    leader = -1;
                }
                if (leader < 0) {
                    // No leader known: the batch waits and the next drain refreshes the metadata.
                    metadataUpdateRequested = true;
                    nextWakeMs = Math.min(nextWakeMs, EventQueue.later(now, config.retryBackoffMs()));
                    break;
                }
                if (inFlightPerBroker[leader] >= config.maxInFlight()) {
                    break;
                }
                sendBatch(batch, leader);
            }
        }
        if (nextWakeMs != Long.MAX_VALUE && !drainScheduled) {
            drainScheduled = true;
            ctx.queue.at(nextWakeMs, machine.guard(() -> {
                drainScheduled = false;
                drain();
            }));
        }
    }

    private boolean leaderChangedSinceAttempt(Batch batch) {
        if (batch.attempts == 0) {
            return false;
        }
        int leader = knownLeader(batch.partition);
        return leader >= 0 && leader != batch.broker;
    }

    /** The partition's leader as this producer knows it, refreshing the metadata first if that was asked for. */
    private int knownLeader(PartitionState p) {
        if (metadataUpdateRequested) {
            metadataUpdateRequested = false;
            knownLeaders.clear();
        }
        Integer known = knownLeaders.get(p);
        if (known == null || known < 0) {
            known = p.leaderBroker();
            knownLeaders.put(p, known);
        }
        return known;
    }

    private void sendBatch(Batch batch, int broker) {
        if (batch.stampedEpoch != epoch) {
            restamp(batch);
        }
        if (config.idempotent() && batch.records.get(0).sequence < 0) {
            int sequence = nextSequences.getOrDefault(batch.partition, 0);
            for (LogRecord record : batch.records) {
                record.sequence = sequence++;
            }
            nextSequences.put(batch.partition, sequence);
        }
        batch.inFlight = true;
        batch.attempts++;
        batch.broker = broker;
        long requestId = ++requestIds;
        batch.requestId = requestId;
        inFlightPerBroker[broker]++;
        // Not copied: the batch's list is not changed after its first attempt (see Batch.records).
        List<LogRecord> records = java.util.Collections.unmodifiableList(batch.records);
        Machine brokerMachine = cluster.broker(broker);
        if (config.acks() == 0) {
            cluster.send(machine, brokerMachine,
                    () -> cluster.handleProduce(machine, broker, batch.partition, records, 0, (error, offset) -> { }));
            complete(batch, Errors.NONE, -1);
            return;
        }
        int incarnation = machine.incarnation();
        Cluster.Connection conn = connection(broker);
        cluster.sendRequest(conn, () -> cluster.handleProduce(machine, broker, batch.partition, records,
                config.acks(), conn, (error, offset) -> machine.runGuarded(incarnation, () -> {
                    if (batch.requestId == requestId && batch.inFlight) {
                        complete(batch, error, offset);
                    }
                })));
        ctx.queue.after(config.requestTimeoutMs(), machine.guard(() -> {
            if (batch.requestId == requestId && batch.inFlight) {
                disconnect(broker, conn, Errors.REQUEST_TIMED_OUT);
            }
        }));
    }

    private Cluster.Connection connection(int broker) {
        Cluster.Connection c = connections[broker];
        if (c == null) {
            Cluster.Connection[] opened = new Cluster.Connection[1];
            opened[0] = cluster.connect(machine, broker, () -> disconnect(broker, opened[0], Errors.NETWORK_EXCEPTION));
            c = opened[0];
            connections[broker] = c;
        }
        return c;
    }

    /**
     * The connection to {@code broker} is gone (a request timed out, or the broker reset it): close it and fail every
     * request in flight on it, oldest first (InFlightRequests.clearAll iterates from the oldest), as
     * Sender.handleProduceResponse does with REQUEST_TIMED_OUT (timed out) or NETWORK_EXCEPTION (disconnected).
     */
    private void disconnect(int broker, Cluster.Connection conn, Errors error) {
        if (closed || connections[broker] != conn) {
            return;
        }
        cluster.close(conn);
        connections[broker] = null;
        // NetworkClient.handleServerDisconnect: "the disconnect may be the result of stale metadata".
        metadataUpdateRequested = true;
        List<Batch> inFlight = new ArrayList<>();
        for (ArrayDeque<Batch> deque : accumulators.values()) {
            for (Batch batch : deque) {
                if (batch.inFlight && batch.broker == broker) {
                    inFlight.add(batch);
                }
            }
        }
        inFlight.sort(java.util.Comparator.comparingLong(b -> b.requestId));
        ctx.trace("disconnect", "broker-" + (broker + 1), machine.id + " closes its connection to broker-" + (broker + 1)
                + " (" + error.name() + "): " + inFlight.size() + " requests in flight fail and are retried");
        failingConnection = true;
        try {
            for (Batch batch : inFlight) {
                complete(batch, error, -1);
            }
        } finally {
            failingConnection = false;
        }
        drain();
    }

    private void complete(Batch batch, Errors error, long baseOffset) {
        if (closed) {
            return;
        }
        batch.inFlight = false;
        inFlightPerBroker[batch.broker]--;
        boolean retriable = error == Errors.NOT_LEADER_OR_FOLLOWER || error == Errors.NOT_ENOUGH_REPLICAS
                || error == Errors.NOT_ENOUGH_REPLICAS_AFTER_APPEND || error == Errors.REQUEST_TIMED_OUT
                || error == Errors.NETWORK_EXCEPTION;
        boolean sequenceError = error == Errors.OUT_OF_ORDER_SEQUENCE_NUMBER || error == Errors.UNKNOWN_PRODUCER_ID;
        if (error == Errors.NOT_LEADER_OR_FOLLOWER || error == Errors.NETWORK_EXCEPTION) {
            // Sender.completeBatch: an InvalidMetadataException asks for a metadata refresh.
            metadataUpdateRequested = true;
        }
        if (error != Errors.NONE && producerId >= 0 && batch.stampedEpoch != epoch
                && (sequenceError || error == Errors.INVALID_PRODUCER_EPOCH)) {
            // An in-flight batch of the epoch before a bump: it is re-stamped with the new epoch and sent again.
            retriable = true;
        } else if (sequenceError && config.idempotent()) {
            // TransactionManager.canRetry (KIP-360). A batch that is not the next one after the last acked sequence
            // waits for the gap ahead of it to resolve. The next batch itself proves a gap (a truncation removed
            // acknowledged records): the idempotent producer bumps its epoch, restarts every partition's sequences
            // at 0 and retries; the transactional producer fails the batch with an abortable error instead.
            boolean next = batch.records.get(0).sequence == lastAckedSequences.getOrDefault(batch.partition, -1) + 1;
            if (!next) {
                retriable = true;
            } else if (!config.transactional()) {
                bumpEpoch(batch.partition, error, false);
                retriable = true;
            } else {
                abortableError = true;
                ctx.trace("abortable-error", batch.partition.name(), machine.id + ": " + error.name() + " from "
                        + batch.partition.name() + " fails the transaction (abortable error); it must be aborted");
            }
        }
        if (error == Errors.NONE) {
            for (int i = 0; i < batch.records.size(); i++) {
                LogRecord record = batch.records.get(i);
                record.acked = true;
                record.origin().acked = true;
                listener.acked(batch.partition, record, baseOffset < 0 ? -1 : baseOffset + i);
            }
            if (config.idempotent()) {
                lastAckedSequences.put(batch.partition, batch.records.get(batch.records.size() - 1).sequence);
            }
            finish(batch);
        } else if (retriable && batch.attempts <= config.retries()
                && ctx.nowMs() - batch.createdMs < config.deliveryTimeoutMs()) {
            batch.notBeforeMs = EventQueue.later(ctx.nowMs(), config.retryBackoffMs());
            if (producerId < 0 && !orderedRetries) {
                // RecordAccumulator.reenqueue without a TransactionManager: deque.addFirst.
                ArrayDeque<Batch> deque = accumulators.get(batch.partition);
                if (deque.peekFirst() != batch) {
                    deque.remove(batch);
                    deque.addFirst(batch);
                }
            }
            if (!sequenceError) {
                ctx.trace("retry", batch.partition.name(), machine.id + " retries a batch of " + batch.records.size()
                        + " records to " + batch.partition.name() + " after " + error.name());
            }
        } else {
            ctx.trace("send-failed", batch.partition.name(), machine.id + " gives up a batch to " + batch.partition.name()
                    + ": " + error.name());
            if (config.idempotent() && batch.records.get(0).sequence >= 0 && batch.stampedEpoch == epoch) {
                // TransactionManager.handleFailedBatch: a sequenced batch that failed leaves a gap the broker would
                // answer with OUT_OF_ORDER_SEQUENCE_NUMBER forever. The idempotent producer bumps its epoch (KIP-360);
                // the transactional one can only abort (TimeoutException is an abortable error there).
                if (config.transactional()) {
                    abortableError = true;
                } else {
                    bumpEpoch(batch.partition, error, true);
                }
            }
            for (LogRecord record : batch.records) {
                listener.failed(batch.partition, record, error);
            }
            finish(batch);
        }
        drain();
    }

    /**
     * KIP-360 epoch bump of the idempotent producer (TransactionManager.bumpIdempotentEpochAndResetIdIfNeeded): same
     * producer id, epoch + 1, every partition's sequence back to 0; batches not yet acknowledged are re-stamped.
     */
    private void bumpEpoch(PartitionState where, Errors error, boolean gaveUp) {
        epoch++;
        epochBumps++;
        nextSequences.clear();
        lastAckedSequences.clear();
        // A batch given up leaves a gap whatever the error; a sequence error on the next batch means the broker lacks
        // sequences the producer had acknowledged (a truncation) or never stored ones it skipped ahead of.
        String why = gaveUp ? " and gave the batch up (a gap in its sequences)"
                : " for its next batch (the broker lacks sequences before it: acknowledged records truncated, or a "
                + "later batch accepted first)";
        ctx.trace("epoch-bump", where.name(), machine.id + " got " + error.name() + " from " + where.name() + why
                + ": it bumps its producer epoch to " + epoch + " and restarts its sequence numbers (KIP-360)");
    }

    private void restamp(Batch batch) {
        // A new list: an earlier attempt still travelling or waiting at a broker carries the old one, as it is.
        List<LogRecord> restamped = new ArrayList<>(batch.records.size());
        for (LogRecord record : batch.records) {
            restamped.add(record.withProducerEpoch(epoch));
        }
        batch.records = restamped;
        batch.stampedEpoch = epoch;
    }

    /** How often this producer bumped its epoch after a sequence error (KIP-360). */
    public int epochBumps() {
        return epochBumps;
    }

    /** Whether a transactional send failed and the transaction can only be aborted. */
    public boolean hasAbortableError() {
        return abortableError;
    }

    private void finish(Batch batch) {
        batch.records = List.of();
        ArrayDeque<Batch> deque = accumulators.get(batch.partition);
        for (Iterator<Batch> it = deque.iterator(); it.hasNext(); ) {
            if (it.next() == batch) {
                it.remove();
                break;
            }
        }
        incompleteBatches--;
        if (incompleteBatches == 0 && !flushWaiters.isEmpty()) {
            List<Runnable> waiters = new ArrayList<>(flushWaiters);
            flushWaiters.clear();
            waiters.forEach(Runnable::run);
        }
    }

    // ------------------------------------------------------------------ transactions

    public long currentTxnId() {
        return txnId;
    }

    public Set<PartitionState> txnPartitions() {
        return txnPartitions;
    }

    /** Flushes, then asks the coordinator to commit; {@code done} gets true when committed, false when fenced. */
    public void commitTransaction(java.util.function.Consumer<Boolean> done) {
        if (txnId < 0) {
            done.accept(true);
            return;
        }
        long committing = txnId;
        flushing = true;
        flush(() -> {
            flushing = false;
            if (abortableError) {
                // commitTransaction throws the abortable error; the caller must abort (KafkaProducer.commitTransaction).
                done.accept(false);
                return;
            }
            boolean ok = txnCoordinator.commit(this, committing);
            txnId = -1;
            done.accept(ok);
        });
    }

    /** Aborts the open transaction, if any. */
    public void abortTransaction() {
        if (txnId >= 0) {
            txnCoordinator.abort(this, txnId);
            txnId = -1;
        }
    }
}
