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
    private final int[] inFlightPerBroker;
    private long requestIds;
    private int incompleteBatches;
    private final List<Runnable> flushWaiters = new ArrayList<>();
    private boolean drainScheduled;
    private boolean flushing;

    private boolean closed;
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
        if (config.transactional()) {
            txnPartitions.add(p);
        }
        LogRecord record = new LogRecord(LogRecord.DATA, key, value, producerId, epoch, txnId, writer, generation, writtenBy);
        record.createdOrder = ctx.nextRecordOrder();
        ArrayDeque<Batch> deque = accumulators.computeIfAbsent(p, k -> new ArrayDeque<>());
        Batch last = deque.peekLast();
        // Like Kafka's accumulator, a batch takes appends until it is sent or full, even after linger.ms made it ready.
        if (last == null || last.inFlight || last.attempts > 0 || last.records.size() >= config.batchRecordsMax()) {
            last = new Batch(p, ctx.nowMs());
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
                || error == Errors.NOT_ENOUGH_REPLICAS_AFTER_APPEND
                || error == Errors.OUT_OF_ORDER_SEQUENCE_NUMBER || error == Errors.REQUEST_TIMED_OUT;
        if (error == Errors.NONE) {
            for (int i = 0; i < batch.records.size(); i++) {
                LogRecord record = batch.records.get(i);
                record.acked = true;
                listener.acked(batch.partition, record, baseOffset < 0 ? -1 : baseOffset + i);
            }
            finish(batch);
        } else if (retriable && batch.attempts <= config.retries()
                && ctx.nowMs() - batch.createdMs < config.deliveryTimeoutMs()) {
            batch.notBeforeMs = EventQueue.later(ctx.nowMs(), config.retryBackoffMs());
            if (error != Errors.OUT_OF_ORDER_SEQUENCE_NUMBER) {
                ctx.trace("retry", batch.partition.name(), machine.id + " retries a batch of " + batch.records.size()
                        + " records to " + batch.partition.name() + " after " + error.name());
            }
        } else {
            ctx.trace("send-failed", batch.partition.name(), machine.id + " gives up a batch to " + batch.partition.name()
                    + ": " + error.name());
            for (LogRecord record : batch.records) {
                listener.failed(batch.partition, record, error);
            }
            finish(batch);
        }
        drain();
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
