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
 * <p>A retried batch keeps its place at the head of its deque, exactly as Kafka re-enqueues it first; batches that were
 * already in flight behind it may land before it, which is the F6 reordering when the producer is not idempotent.
 */
public final class SimProducer {

    /** Producer settings, resolved once. */
    public record Config(int acks, boolean idempotent, boolean transactional, long lingerMs, int batchRecordsMax,
            int maxInFlight, long retries, long deliveryTimeoutMs, long requestTimeoutMs, long retryBackoffMs) {
    }

    private static final class Batch {
        final PartitionState partition;
        final List<LogRecord> records = new ArrayList<>();
        final long createdMs;
        boolean closed;
        boolean inFlight;
        int attempts;
        /** The producer epoch its records carry; older than the producer's after a KIP-360 bump. */
        short stampedEpoch;
        long notBeforeMs;
        long requestId;
        int broker = -1;

        Batch(PartitionState partition, long createdMs) {
            this.partition = partition;
            this.createdMs = createdMs;
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
            last = new Batch(p, ctx.nowMs());
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
    }

    public boolean isClosed() {
        return closed;
    }

    private void drain() {
        if (closed) {
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
                if (batch.notBeforeMs > now) {
                    nextWakeMs = Math.min(nextWakeMs, batch.notBeforeMs);
                    break;
                }
                if (config.transactional() && !txnCoordinator.maySend(this, txnId)) {
                    // CONCURRENT_TRANSACTIONS: the previous transaction's markers are still being written.
                    nextWakeMs = Math.min(nextWakeMs, EventQueue.later(now, config.retryBackoffMs()));
                    break;
                }
                int leader = batch.partition.leaderBroker();
                if (leader < 0) {
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
        List<LogRecord> records = List.copyOf(batch.records);
        Machine brokerMachine = cluster.broker(broker);
        if (config.acks() == 0) {
            cluster.send(machine, brokerMachine,
                    () -> cluster.handleProduce(machine, broker, batch.partition, records, 0, (error, offset) -> { }));
            complete(batch, Errors.NONE, -1);
            return;
        }
        int incarnation = machine.incarnation();
        cluster.send(machine, brokerMachine, () -> cluster.handleProduce(machine, broker, batch.partition, records,
                config.acks(), (error, offset) -> machine.runGuarded(incarnation, () -> {
                    if (batch.requestId == requestId && batch.inFlight) {
                        complete(batch, error, offset);
                    }
                })));
        ctx.queue.after(config.requestTimeoutMs(), machine.guard(() -> {
            if (batch.requestId == requestId && batch.inFlight) {
                complete(batch, Errors.REQUEST_TIMED_OUT, -1);
            }
        }));
    }

    private void complete(Batch batch, Errors error, long baseOffset) {
        if (closed) {
            return;
        }
        batch.inFlight = false;
        inFlightPerBroker[batch.broker]--;
        boolean retriable = error == Errors.NOT_LEADER_OR_FOLLOWER || error == Errors.NOT_ENOUGH_REPLICAS
                || error == Errors.NOT_ENOUGH_REPLICAS_AFTER_APPEND || error == Errors.REQUEST_TIMED_OUT;
        boolean sequenceError = error == Errors.OUT_OF_ORDER_SEQUENCE_NUMBER || error == Errors.UNKNOWN_PRODUCER_ID;
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
                bumpEpoch(batch.partition, error);
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
                    bumpEpoch(batch.partition, error);
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
    private void bumpEpoch(PartitionState where, Errors error) {
        epoch++;
        epochBumps++;
        nextSequences.clear();
        lastAckedSequences.clear();
        String why = error == Errors.OUT_OF_ORDER_SEQUENCE_NUMBER || error == Errors.UNKNOWN_PRODUCER_ID
                ? " (records it had acknowledged were truncated)" : " and gave the batch up (a gap in its sequences)";
        ctx.trace("epoch-bump", where.name(), machine.id + " got " + error.name() + " from " + where.name() + why
                + ": it bumps its producer epoch to " + epoch + " and restarts its sequence numbers (KIP-360)");
    }

    private void restamp(Batch batch) {
        for (int i = 0; i < batch.records.size(); i++) {
            batch.records.set(i, batch.records.get(i).withProducerEpoch(epoch));
        }
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
