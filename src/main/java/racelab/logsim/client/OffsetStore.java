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
        PartitionState p = partition();
        ReplicaLog log = p.leaderLog();
        if (log == null || !cluster.broker(p.leaderBroker()).reachable()) {
            return null;
        }
        String key = key(input);
        long end = log.lastStableOffset(p.highWatermark());
        for (long offset = end - 1; offset >= log.logStartOffset(); offset--) {
            LogRecord record = log.get(offset);
            if (record != null && !record.isMarker() && key.equals(record.key) && log.isCommitted(record)) {
                return ((OffsetAndMetadata) record.value).offset();
            }
        }
        return -1L;
    }
}
