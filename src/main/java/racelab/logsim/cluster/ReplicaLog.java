package racelab.logsim.cluster;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import racelab.logsim.model.LogRecord;

/**
 * One replica's copy of a partition on one broker: records up to the log end offset are written (page cache),
 * records below {@link #flushedOffset()} are on disk. A power cut keeps only the flushed prefix; a process kill keeps
 * everything. Offsets are absolute; records before {@link #logStartOffset()} were deleted by retention.
 */
public final class ReplicaLog {

    private LogRecord[] records = new LogRecord[64];
    private int endOffset;
    private int flushedOffset;
    private int logStartOffset;
    private long highWatermark;
    private long lastFlushMs;
    private long lastPowerLossMs = -1;

    private int[] epochs = new int[8];
    private long[] epochStartOffsets = new long[8];
    private int epochCount;

    /** Producer id to {epoch, last sequence}; rebuilt from the log after a truncation. */
    private final Map<Long, int[]> producers = new HashMap<>();
    private long lastProducerId = -1;
    private int[] lastProducerState;
    private long lastOpenTxnId = -1;
    private final Map<Long, Long> openTxnFirstOffsets = new HashMap<>();
    private final Set<Long> committedTxns = new HashSet<>();
    private final Set<Long> abortedTxns = new HashSet<>();
    /**
     * The last transaction looked up in committedTxns/abortedTxns and the answers, valid while {@link #txnVersion} is
     * unchanged: consumers ask per record, and consecutive records mostly share a transaction (no boxing per record).
     */
    private long cachedTxnId = -1;
    private boolean cachedCommitted;
    private boolean cachedAborted;
    private int cachedTxnVersion = -1;
    private int txnVersion;

    public long endOffset() {
        return endOffset;
    }

    public long flushedOffset() {
        return flushedOffset;
    }

    public long logStartOffset() {
        return logStartOffset;
    }

    public long highWatermark() {
        return highWatermark;
    }

    void highWatermark(long hw) {
        highWatermark = Math.min(hw, endOffset);
    }

    public LogRecord get(long offset) {
        return offset < logStartOffset || offset >= endOffset ? null : records[(int) offset];
    }

    /** Appends a record whose offset has been set to the current end offset. */
    void append(LogRecord record) {
        if (record.offset != endOffset) {
            throw new IllegalStateException("append at " + record.offset + " but log end is " + endOffset);
        }
        if (endOffset == records.length) {
            records = Arrays.copyOf(records, records.length * 2);
        }
        records[endOffset++] = record;
        if (epochCount == 0 || epochs[epochCount - 1] < record.leaderEpoch) {
            addEpoch(record.leaderEpoch, record.offset);
        }
        track(record);
    }

    /** Starts a new leader epoch at the current end (a newly elected leader does this). */
    void addEpoch(int epoch, long startOffset) {
        if (epochCount > 0 && epochs[epochCount - 1] >= epoch) {
            return;
        }
        if (epochCount == epochs.length) {
            epochs = Arrays.copyOf(epochs, epochCount * 2);
            epochStartOffsets = Arrays.copyOf(epochStartOffsets, epochCount * 2);
        }
        epochs[epochCount] = epoch;
        epochStartOffsets[epochCount++] = startOffset;
    }

    public int latestEpoch() {
        return epochCount == 0 ? -1 : epochs[epochCount - 1];
    }

    /** KIP-101 OffsetsForLeaderEpoch: the end offset of {@code epoch} (or the largest epoch below it) on this log. */
    public long endOffsetForEpoch(int epoch) {
        for (int i = epochCount - 1; i >= 0; i--) {
            if (epochs[i] <= epoch) {
                return i == epochCount - 1 ? endOffset : epochStartOffsets[i + 1];
            }
        }
        return logStartOffset;
    }

    private void track(LogRecord record) {
        if (record.producerId() >= 0) {
            // Most appends come from the producer of the previous one: skip the boxed map lookup then.
            int[] state = record.producerId() == lastProducerId ? lastProducerState
                    : producers.computeIfAbsent(record.producerId(), id -> new int[] {-1, -1});
            lastProducerId = record.producerId();
            lastProducerState = state;
            state[0] = Math.max(state[0], record.producerEpoch());
            if (!record.isMarker() && record.sequence >= 0) {
                state[1] = record.sequence;
            }
        }
        if (record.txnId() < 0) {
            return;
        }
        if (record.isMarker()) {
            if (record.txnId() == lastOpenTxnId) {
                lastOpenTxnId = -1;
            }
            openTxnFirstOffsets.remove(record.txnId());
            (record.type == LogRecord.COMMIT_MARKER ? committedTxns : abortedTxns).add(record.txnId());
            txnVersion++;
        } else if (record.txnId() != lastOpenTxnId) {
            if (!committedTxns.contains(record.txnId()) && !abortedTxns.contains(record.txnId())) {
                openTxnFirstOffsets.putIfAbsent(record.txnId(), (long) record.offset);
                lastOpenTxnId = record.txnId();
            }
        }
    }

    /** {epoch, last sequence} of a producer id, or null if this log does not know it. */
    int[] producerState(long producerId) {
        return producers.get(producerId);
    }

    /** Cuts the log back to {@code offset}, marking the removed records with {@code lostBit}. */
    void truncateTo(long offset, int lostBit) {
        int to = (int) Math.max(offset, logStartOffset);
        if (to >= endOffset) {
            return;
        }
        for (int i = to; i < endOffset; i++) {
            int bits = lostBit;
            if (lostBit == LogRecord.LOST_EPOCH_TRUNCATION && lastPowerLossMs < records[i].appendTimeMs) {
                bits |= LogRecord.LOST_TRUNCATED_ON_SURVIVOR;
            }
            records[i].origin().lostMask |= bits;
            records[i] = null;
        }
        endOffset = to;
        flushedOffset = Math.min(flushedOffset, to);
        highWatermark = Math.min(highWatermark, to);
        while (epochCount > 0 && epochStartOffsets[epochCount - 1] >= to) {
            epochCount--;
        }
        rebuildState();
    }

    private void rebuildState() {
        lastProducerId = -1;
        lastProducerState = null;
        lastOpenTxnId = -1;
        producers.clear();
        openTxnFirstOffsets.clear();
        committedTxns.clear();
        abortedTxns.clear();
        txnVersion++;
        for (int i = logStartOffset; i < endOffset; i++) {
            track(records[i]);
        }
    }

    /** Power loss: everything past the flushed offset is gone. */
    void losePageCache(long nowMs) {
        truncateTo(flushedOffset, LogRecord.LOST_POWER);
        lastPowerLossMs = nowMs;
    }

    void flush(long nowMs) {
        flushedOffset = endOffset;
        lastFlushMs = nowMs;
    }

    /** When the flush policy last fsynced this log (OS writeback does not count). */
    public long lastFlushMs() {
        return lastFlushMs;
    }

    /** The OS writes back dirty pages older than {@code cutoffMs}. */
    void writeBackOlderThan(long cutoffMs) {
        while (flushedOffset < endOffset && records[flushedOffset].appendTimeMs <= cutoffMs) {
            flushedOffset++;
        }
    }

    /** Retention: drops every record before {@code offset}. */
    void deleteBefore(long offset) {
        int to = (int) Math.min(offset, endOffset);
        for (int i = logStartOffset; i < to; i++) {
            records[i].origin().lostMask |= LogRecord.LOST_RETENTION;
            records[i] = null;
        }
        logStartOffset = Math.max(logStartOffset, to);
        flushedOffset = Math.max(flushedOffset, logStartOffset);
    }

    /** Whether a transactional record is committed (non-transactional records always are). */
    public boolean isCommitted(LogRecord record) {
        return record.txnId() < 0 || lookUpTxn(record.txnId()) && cachedCommitted;
    }

    public boolean isAborted(LogRecord record) {
        return record.txnId() >= 0 && lookUpTxn(record.txnId()) && cachedAborted;
    }

    /** Fills the cached answers for {@code txnId}; always true (so it chains in a condition). */
    private boolean lookUpTxn(long txnId) {
        if (txnId != cachedTxnId || cachedTxnVersion != txnVersion) {
            cachedTxnId = txnId;
            cachedCommitted = committedTxns.contains(txnId);
            cachedAborted = abortedTxns.contains(txnId);
            cachedTxnVersion = txnVersion;
        }
        return true;
    }

    /** Last stable offset: the first offset of a still-open transaction, capped by {@code hw}. */
    public long lastStableOffset(long hw) {
        long lso = hw;
        for (long first : openTxnFirstOffsets.values()) {
            lso = Math.min(lso, first);
        }
        return lso;
    }
}
