package racelab.logsim.client;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import racelab.logsim.cluster.Cluster;
import racelab.logsim.cluster.PartitionState;
import racelab.logsim.cluster.SimContext;
import racelab.logsim.model.LogRecord;

/**
 * The transaction coordinator, modelled as always available and durable (its own log, {@code __transaction_state},
 * is not simulated). It aborts a transaction left open longer than {@code transaction.timeout.ms} and bumps the
 * producer epoch, so a paused producer's later writes are fenced; commit and abort write markers to every partition
 * of the transaction, retrying while a partition has no leader.
 */
public final class TxnCoordinator {

    private enum State { OPEN, COMMITTED, ABORTED }

    private final SimContext ctx;
    private final Cluster cluster;
    private final Map<Long, State> states = new HashMap<>();
    private final long timeoutMs;

    public TxnCoordinator(SimContext ctx, Cluster cluster) {
        this.ctx = ctx;
        this.cluster = cluster;
        this.timeoutMs = ctx.settings.getLong(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);
    }

    void begin(SimProducer producer, long txnId) {
        states.put(txnId, State.OPEN);
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
        byte type = state == State.COMMITTED ? LogRecord.COMMIT_MARKER : LogRecord.ABORT_MARKER;
        for (PartitionState p : new ArrayList<>(producer.txnPartitions())) {
            writeMarker(p, new LogRecord(type, null, null, producer.producerId, markerEpoch, txnId, "txn-coordinator", 0,
                    LogRecord.BY_PUT));
        }
    }

    private void writeMarker(PartitionState p, LogRecord marker) {
        if (!cluster.appendMarker(p, marker)) {
            ctx.queue.after(100, () -> writeMarker(p, marker));
        }
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
