package racelab.logsim.client;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.protocol.Errors;
import racelab.logsim.cluster.Cluster;
import racelab.logsim.cluster.Machine;
import racelab.logsim.cluster.PartitionState;
import racelab.logsim.cluster.SimContext;
import racelab.logsim.model.LogRecord;

/**
 * The transaction coordinator. Simplification, shown to the user in docs/log-scenes.md and in the trace: it is modelled
 * as always available and its state as durable, which is what a replicated {@code __transaction_state} with
 * {@code min.insync.replicas=2} gives Kafka; that topic itself is not simulated. It aborts a transaction left open
 * longer than {@code transaction.timeout.ms} and bumps the producer epoch, so a paused producer's later writes are
 * fenced.
 *
 * <p>Commit and abort write a marker to every partition of the transaction the way Kafka does
 * (TransactionMarkerChannelManager, TransactionMarkerRequestCompletionHandler): a WriteTxnMarkers request to the
 * partition leader, appended there with acks=-1, and re-sent on NOT_ENOUGH_REPLICAS, NOT_ENOUGH_REPLICAS_AFTER_APPEND,
 * NOT_LEADER_OR_FOLLOWER and REQUEST_TIMED_OUT (or a lost request) until it is written; a marker the leader appended
 * but lost in a truncation before the high watermark covered it is therefore written again at the next leader.
 * INVALID_PRODUCER_EPOCH cancels the remaining markers of that transaction, as in Kafka.
 */
public final class TxnCoordinator {

    private enum State { OPEN, COMMITTED, ABORTED }

    /** Retry backoff of the marker channel (the inter-broker send thread's retry.backoff.ms default). */
    private static final long MARKER_RETRY_BACKOFF_MS = 100;

    private final SimContext ctx;
    private final Cluster cluster;
    private final Machine machine = new Machine("txn-coordinator", "coordinator", -1);
    private final Map<Long, State> states = new HashMap<>();
    private final Map<Long, Integer> pendingMarkers = new HashMap<>();
    private final java.util.Set<String> retriedMarkers = new java.util.HashSet<>();
    /** Per producer id, its last transaction that went to COMMIT/ABORT (its markers may still be pending). */
    private final Map<Long, Long> completingTxnOf = new HashMap<>();
    private final Map<Long, Runnable> startAfterMarkers = new HashMap<>();
    private final java.util.Set<Long> started = new java.util.HashSet<>();
    private final Map<String, Long> lastTxnOf = new HashMap<>();
    private final Map<Long, SimProducer> producerOfTxn = new HashMap<>();

    private record PendingStart(long txnId, Runnable start) implements Runnable {
        @Override
        public void run() {
            start.run();
        }
    }
    private final long timeoutMs;
    private final long requestTimeoutMs;
    private boolean simplificationTraced;

    public TxnCoordinator(SimContext ctx, Cluster cluster) {
        this.ctx = ctx;
        this.cluster = cluster;
        this.timeoutMs = ctx.settings.getLong(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);
        this.requestTimeoutMs = ctx.settings.getLong(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG);
    }

    void begin(SimProducer producer, long txnId) {
        if (!simplificationTraced) {
            simplificationTraced = true;
            ctx.trace("txn-coordinator", "txn-coordinator", "simplification: the transaction coordinator is always "
                    + "available and its state durable (__transaction_state, a replicated topic in Kafka, is not "
                    + "simulated); its COMMIT/ABORT markers are replicated appends with acks=-1, retried until written");
        }
        states.put(txnId, State.OPEN);
        producerOfTxn.put(txnId, producer);
        if (producer.transactionalId != null) {
            lastTxnOf.put(producer.transactionalId, txnId);
        }
        Long previous = completingTxnOf.get(producer.producerId);
        if (previous != null && pendingMarkers.containsKey(previous)) {
            // AddPartitionsToTxn answers CONCURRENT_TRANSACTIONS while the previous transaction's markers are being
            // written, so the new transaction (and its timeout) starts only once they are all written.
            startAfterMarkers.put(previous, new PendingStart(txnId, () -> startTimeout(producer, txnId)));
            return;
        }
        startTimeout(producer, txnId);
    }

    /**
     * InitProducerId for a transactional.id (KafkaProducer.initTransactions, which Kafka Streams calls when a task is
     * initialized, before it restores: StreamTask.initializeIfNeeded → RecordCollectorImpl.initialize). An ongoing
     * transaction of an earlier producer with the same transactional.id is aborted (the zombie is fenced), and the
     * call keeps answering CONCURRENT_TRANSACTIONS, here false, until that transaction's markers are all written. So a
     * restarted instance never restores a changelog whose last stable offset still waits for them.
     */
    public boolean initTransactions(SimProducer producer, String transactionalId) {
        producer.transactionalId = transactionalId;
        Long last = lastTxnOf.get(transactionalId);
        if (last == null) {
            return true;
        }
        SimProducer owner = producerOfTxn.get(last);
        if (owner != producer && states.get(last) == State.OPEN) {
            ctx.trace("init-transactions", "txn-" + last, "initTransactions for " + transactionalId + " aborts "
                    + "transaction " + last + " of the previous producer (fenced)");
            finish(owner, last, State.ABORTED, (short) (owner.epoch() + 1));
        }
        for (Long pending : pendingMarkers.keySet()) {
            SimProducer of = producerOfTxn.get(pending);
            if (of != null && transactionalId.equals(of.transactionalId)) {
                return false;
            }
        }
        return true;
    }

    /** AddPartitionsToTxn: accepted only while the transaction is open. */
    boolean addPartition(long txnId) {
        return states.get(txnId) == State.OPEN;
    }

    /** Whether the producer may send data of {@code txnId}: no earlier transaction of it is still completing. */
    boolean maySend(SimProducer producer, long txnId) {
        Long previous = completingTxnOf.get(producer.producerId);
        return previous == null || previous == txnId || !pendingMarkers.containsKey(previous);
    }

    private void startTimeout(SimProducer producer, long txnId) {
        started.add(txnId);
        ctx.queue.after(timeoutMs, () -> {
            if (states.get(txnId) == State.OPEN) {
                ctx.trace("txn-timeout", "txn-" + txnId, "the coordinator aborts transaction " + txnId + " of producer "
                        + producer.producerId + " after transaction.timeout.ms and bumps its epoch");
                finish(producer, txnId, State.ABORTED, (short) (producer.epoch() + 1));
            }
        });
    }

    /** True when committed; false when the transaction had already been aborted (the producer is fenced). */
    boolean commit(SimProducer producer, long txnId) {
        if (states.get(txnId) != State.OPEN) {
            return false;
        }
        finish(producer, txnId, State.COMMITTED, producer.epoch());
        return true;
    }

    void abort(SimProducer producer, long txnId) {
        if (states.get(txnId) == State.OPEN) {
            finish(producer, txnId, State.ABORTED, (short) (producer.epoch() + 1));
        }
    }

    private void finish(SimProducer producer, long txnId, State state, short markerEpoch) {
        states.put(txnId, state);
        if (!started.contains(txnId)) {
            // Never started at the coordinator (it waited behind the previous transaction's markers): no partition
            // holds any of its data, so there is nothing to mark.
            startAfterMarkers.values().removeIf(r -> r instanceof PendingStart ps && ps.txnId() == txnId);
            return;
        }
        byte type = state == State.COMMITTED ? LogRecord.COMMIT_MARKER : LogRecord.ABORT_MARKER;
        List<PartitionState> partitions = new ArrayList<>(producer.txnPartitions());
        completingTxnOf.put(producer.producerId, txnId);
        if (partitions.isEmpty()) {
            return;
        }
        pendingMarkers.put(txnId, partitions.size());
        for (PartitionState p : partitions) {
            writeMarker(p, txnId, new LogRecord(type, null, null, producer.producerId, markerEpoch, txnId,
                    "txn-coordinator", 0, LogRecord.BY_PUT));
        }
    }

    private void writeMarker(PartitionState p, long txnId, LogRecord marker) {
        if (!pendingMarkers.containsKey(txnId)) {
            return;
        }
        boolean[] answered = new boolean[1];
        cluster.writeTxnMarker(machine, p, marker, (error, offset) -> {
            if (answered[0]) {
                return;
            }
            answered[0] = true;
            onMarkerResponse(p, txnId, marker, error);
        });
        // The marker channel's NetworkClient: a request unanswered within request.timeout.ms is a disconnect, and
        // the completion handler re-enqueues the marker.
        ctx.queue.after(requestTimeoutMs, () -> {
            if (!answered[0]) {
                answered[0] = true;
                onMarkerResponse(p, txnId, marker, Errors.REQUEST_TIMED_OUT);
            }
        });
    }

    private void onMarkerResponse(PartitionState p, long txnId, LogRecord marker, Errors error) {
        switch (error) {
            case NONE:
                if (pendingMarkers.computeIfPresent(txnId, (id, left) -> left > 1 ? left - 1 : null) == null) {
                    markersWritten(txnId);
                }
                return;
            case NOT_LEADER_OR_FOLLOWER:
            case NOT_ENOUGH_REPLICAS:
            case NOT_ENOUGH_REPLICAS_AFTER_APPEND:
            case REQUEST_TIMED_OUT:
                if (retriedMarkers.add(txnId + "/" + p.name())) {
                    ctx.trace("marker-retry", p.name(), "the coordinator re-sends the " + markerName(marker)
                            + " marker of transaction " + txnId + " to " + p.name() + " after " + error.name()
                            + ", and keeps re-sending it until it is written");
                }
                ctx.queue.after(MARKER_RETRY_BACKOFF_MS, () -> writeMarker(p, txnId, marker));
                return;
            default:
                // INVALID_PRODUCER_EPOCH: the producer moved on; Kafka cancels the rest of this transaction's markers.
                ctx.trace("marker-cancelled", p.name(), "markers of transaction " + txnId + " cancelled after "
                        + error.name());
                pendingMarkers.remove(txnId);
                markersWritten(txnId);
        }
    }

    private void markersWritten(long txnId) {
        Runnable next = startAfterMarkers.remove(txnId);
        if (next != null) {
            next.run();
        }
    }

    private static String markerName(LogRecord marker) {
        return marker.type == LogRecord.COMMIT_MARKER ? "COMMIT" : "ABORT";
    }

    /** Transactions whose markers are not all written yet (for tests and snapshots). */
    public int transactionsWithPendingMarkers() {
        return pendingMarkers.size();
    }

    /** Whether a transaction is still in progress here: open, or its COMMIT/ABORT markers still being written. */
    public boolean inProgress(long txnId) {
        return states.get(txnId) == State.OPEN || pendingMarkers.containsKey(txnId);
    }

    /** Whether a transaction was committed (for forensics). */
    public boolean isCommitted(long txnId) {
        return states.get(txnId) == State.COMMITTED;
    }

    /** Transaction ids still open, oldest first (for snapshots). */
    public List<Long> openTransactions() {
        List<Long> open = new ArrayList<>();
        states.forEach((id, s) -> {
            if (s == State.OPEN) {
                open.add(id);
            }
        });
        open.sort(Long::compare);
        return open;
    }
}
