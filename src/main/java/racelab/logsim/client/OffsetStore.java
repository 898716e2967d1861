package racelab.logsim.client;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import racelab.logsim.cluster.Cluster;
import racelab.logsim.cluster.PartitionState;
import racelab.logsim.cluster.ReplicaLog;
import racelab.logsim.model.LogRecord;

/**
 * Committed consumer offsets, kept as records in the simulated {@code __consumer_offsets} partition so they are
 * replicated, flushed and lost exactly like any other data. A value counts once its record is below the high
 * watermark and, if transactional, committed.
 */
public final class OffsetStore {

    public static final String GROUP_ID = "ledger-app";

    private final Cluster cluster;

    public OffsetStore(Cluster cluster) {
        this.cluster = cluster;
    }

    public PartitionState partition() {
        return cluster.partition("__consumer_offsets", 0);
    }

    public static String key(TopicPartition input) {
        return GROUP_ID + "|" + input.topic() + "-" + input.partition();
    }

    /** The committed offset of {@code input}: -1 if none, or null if the offsets partition has no leader now. */
    public Long committed(TopicPartition input) {
        OffsetAndMetadata committed = fetch(input, false);
        return committed == null ? null : committed == NONE ? -1L : committed.offset();
    }

    /** No committed offset (compared by identity; OffsetAndMetadata refuses negative offsets). */
    public static final OffsetAndMetadata NONE = new OffsetAndMetadata(0L, java.util.Optional.empty(), "none");

    /**
     * The committed offset of {@code input} with the leader epoch of the record before it (KIP-320 stores it so the
     * consumer can validate the position after a leader change): {@link #NONE} if none, null if unreadable now.
     */
    public OffsetAndMetadata committedWithEpoch(TopicPartition input) {
        return fetch(input, true);
    }

    private OffsetAndMetadata fetch(TopicPartition input, boolean requireStable) {
        PartitionState p = partition();
        ReplicaLog log = p.leaderLog();
        if (log == null || !cluster.broker(p.leaderBroker()).reachable()) {
            return null;
        }
        String key = key(input);
        if (requireStable) {
            return fetchStable(p, log, key);
        }
        // The group coordinator materializes committed offsets up to the high watermark. A transactional offset
        // commit still waiting for its marker makes OffsetFetch answer UNSTABLE_OFFSET_COMMIT to a read_committed
        // (require_stable) consumer (KIP-447), which retries: reported here as "unreadable now".
        for (long offset = p.highWatermark() - 1; offset >= log.logStartOffset(); offset--) {
            LogRecord record = log.get(offset);
            if (record == null || record.isMarker() || !key.equals(record.key) || log.isAborted(record)) {
                continue;
            }
            if (log.isCommitted(record)) {
                return (OffsetAndMetadata) record.value;
            }
            if (requireStable) {
                return null;
            }
        }
        return NONE;
    }

    /**
     * A require_stable OffsetFetch (KIP-447, what a read_committed consumer and so Kafka Streams under exactly_once_v2
     * sends): OffsetMetadataManager.fetchOffsets reads the coordinator's latest state (lastCommittedOffset =
     * Long.MAX_VALUE), which holds every offset commit the coordinator has appended, even above the high watermark,
     * and answers UNSTABLE_OFFSET_COMMIT while a transaction holding an offset for the partition is open there; the
     * coordinator runtime defers the answer until the high watermark covers what it read. A coordinator that moved
     * (a new leader of __consumer_offsets) loads its log to the end first. Before, the simulator looked only below the
     * high watermark: a new leader whose high watermark trailed its log answered an older offset while the
     * transaction that committed a newer one still waited for its markers, and the entries in between were applied
     * twice (log-safety seed 70 of the adversarial campaign). Null means "unreadable now": the consumer retries.
     */
    private OffsetAndMetadata fetchStable(PartitionState p, ReplicaLog log, String key) {
        for (long offset = log.endOffset() - 1; offset >= log.logStartOffset(); offset--) {
            LogRecord record = log.get(offset);
            if (record == null || record.isMarker() || !key.equals(record.key) || log.isAborted(record)) {
                continue;
            }
            if (!log.isCommitted(record)) {
                return null; // UNSTABLE_OFFSET_COMMIT
            }
            long readThrough = record.txnId() < 0 ? offset + 1 : markerOffset(log, record.txnId(), offset) + 1;
            return p.highWatermark() >= readThrough ? (OffsetAndMetadata) record.value : null;
        }
        return NONE;
    }

    /** The offset of the marker that ended transaction {@code txnId}, searched after {@code from}. */
    private static long markerOffset(ReplicaLog log, long txnId, long from) {
        for (long offset = from + 1; offset < log.endOffset(); offset++) {
            LogRecord record = log.get(offset);
            if (record != null && record.isMarker() && record.txnId() == txnId) {
                return offset;
            }
        }
        return log.endOffset() - 1;
    }
}
