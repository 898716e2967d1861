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
 *
 * <p>The records themselves are rows of the partition's {@link RecordRows}, shared by its replicas. The log maps its
 * offsets to rows as runs: a run starts at an offset and holds consecutive rows from there, so a replica that copied
 * the leader costs a few ints, not one reference per record; a run starts where a leader appended after another
 * leader's history or after a truncation.
 */
public final class ReplicaLog {

    private final RecordRows rows;
    /** Run k covers offsets from runStarts[k] to the next run's start (or the log end): row = offset + runDeltas[k]. */
    private int[] runStarts = new int[4];
    private int[] runDeltas = new int[4];
    private int runCount;
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

    ReplicaLog(RecordRows rows) {
        this.rows = rows;
    }

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
        return offset < logStartOffset || offset >= endOffset ? null : rows.record(rowAt((int) offset), offset);
    }

    /** The row at {@code offset} (inside the log). */
    private int rowAt(int offset) {
        int k = runCount - 1;
        if (runStarts[k] > offset) {
            k = Arrays.binarySearch(runStarts, 0, runCount, offset);
            if (k < 0) {
                k = -k - 2;
            }
        }
        return offset + runDeltas[k];
    }

    /** The rows from {@code from} to {@code to}, -1 for offsets no longer in the log (what a fetch response carries). */
    int[] rowsBetween(long from, long to) {
        int[] between = new int[(int) Math.max(0, to - from)];
        for (int k = 0; k < between.length; k++) {
            long offset = from + k;
            between[k] = offset < logStartOffset || offset >= endOffset ? -1 : rowAt((int) offset);
        }
        return between;
    }

    /** The leader appends a record whose offset, epoch and time have been set: it becomes a new row. */
    void append(LogRecord record) {
        if (record.offset != endOffset) {
            throw new IllegalStateException("append at " + record.offset + " but log end is " + endOffset);
        }
        appendRow(rows.add(record), record.offset);
    }

    /** A follower appends the leader's row that sits at {@code leaderOffset} in the leader's log. */
    void appendRow(int row, long leaderOffset) {
        if (leaderOffset != endOffset) {
            throw new IllegalStateException("append at " + leaderOffset + " but log end is " + endOffset);
        }
        int offset = endOffset;
        if (runCount == 0 || offset + runDeltas[runCount - 1] != row) {
            if (runCount > 0 && runStarts[runCount - 1] == offset) {
                runCount--; // an empty run (its first offset was truncated away): replace it
            }
            if (runCount == runStarts.length) {
                runStarts = Arrays.copyOf(runStarts, runCount * 2);
                runDeltas = Arrays.copyOf(runDeltas, runCount * 2);
            }
            runStarts[runCount] = offset;
            runDeltas[runCount++] = row - offset;
        }
        endOffset++;
        int epoch = rows.leaderEpoch(row);
        if (epochCount == 0 || epochs[epochCount - 1] < epoch) {
            addEpoch(epoch, offset);
        }
        track(row, offset);
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

    private void track(int row, int offset) {
        LogRecord.Stamp stamp = rows.stamp(row);
        long producerId = stamp.producerId();
        boolean marker = rows.isMarker(row);
        if (producerId >= 0) {
            // Most appends come from the producer of the previous one: skip the boxed map lookup then.
            int[] state = producerId == lastProducerId ? lastProducerState
                    : producers.computeIfAbsent(producerId, id -> new int[] {-1, -1});
            lastProducerId = producerId;
            lastProducerState = state;
            state[0] = Math.max(state[0], stamp.producerEpoch());
            int sequence = rows.sequence(row);
            if (!marker && sequence >= 0) {
                state[1] = sequence;
            }
        }
        long txnId = stamp.txnId();
        if (txnId < 0) {
            return;
        }
        if (marker) {
            if (txnId == lastOpenTxnId) {
                lastOpenTxnId = -1;
            }
            openTxnFirstOffsets.remove(txnId);
            (rows.type(row) == LogRecord.COMMIT_MARKER ? committedTxns : abortedTxns).add(txnId);
            txnVersion++;
        } else if (txnId != lastOpenTxnId) {
            if (!committedTxns.contains(txnId) && !abortedTxns.contains(txnId)) {
                openTxnFirstOffsets.putIfAbsent(txnId, (long) offset);
                lastOpenTxnId = txnId;
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
        if (rows.keepsObjects()) {
            // The lost mask is forensic: only the kept objects carry it (lineage reads it).
            for (int i = to; i < endOffset; i++) {
                int row = rowAt(i);
                int bits = lostBit;
                if (lostBit == LogRecord.LOST_EPOCH_TRUNCATION && lastPowerLossMs < rows.appendTimeMs(row)) {
                    bits |= LogRecord.LOST_TRUNCATED_ON_SURVIVOR;
                }
                rows.object(row).origin().lostMask |= bits;
            }
        }
        endOffset = to;
        while (runCount > 1 && runStarts[runCount - 1] >= to) {
            runCount--;
        }
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
            track(rowAt(i), i);
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
        while (flushedOffset < endOffset && rows.appendTimeMs(rowAt(flushedOffset)) <= cutoffMs) {
            flushedOffset++;
        }
    }

    /** Retention: drops every record before {@code offset}. */
    void deleteBefore(long offset) {
        int to = (int) Math.min(offset, endOffset);
        if (rows.keepsObjects()) {
            for (int i = logStartOffset; i < to; i++) {
                rows.object(rowAt(i)).origin().lostMask |= LogRecord.LOST_RETENTION;
            }
        }
        logStartOffset = Math.max(logStartOffset, to);
        flushedOffset = Math.max(flushedOffset, logStartOffset);
    }

    /** Whether the log keeps record objects (their forensic fields are kept only then). */
    public boolean keepsRecordObjects() {
        return rows.keepsObjects();
    }

    /** The record at {@code offset} built from its row, whether or not objects are kept (tests compare the two). */
    LogRecord fromRow(long offset) {
        return rows.materialize(rowAt((int) offset), offset);
    }

    // Reads of one field at an offset inside the log (logStartOffset <= offset < endOffset), without building the
    // record: the consumer, the restore and the audit read millions of records and need one or two fields of each.

    public boolean isMarkerAt(long offset) {
        return rows.isMarker(rowAt((int) offset));
    }

    /** {@link #isCommitted(LogRecord)} of the record at {@code offset}. */
    public boolean isCommittedAt(long offset) {
        long txnId = rows.stamp(rowAt((int) offset)).txnId();
        return txnId < 0 || lookUpTxn(txnId) && cachedCommitted;
    }

    public String keyAt(long offset) {
        return rows.key(rowAt((int) offset));
    }

    public Object valueAt(long offset) {
        return rows.value(rowAt((int) offset));
    }

    /** The creation order of the produced record at {@code offset} (its copies keep it: it names the produced record). */
    public int createdOrderAt(long offset) {
        return rows.createdOrder(rowAt((int) offset));
    }

    public int leaderEpochAt(long offset) {
        return rows.leaderEpoch(rowAt((int) offset));
    }

    /** A decision record's value as {@code entryId << 3 | applied << 2 | leg}, or -1 (see {@link RecordRows}). */
    public long decisionAt(long offset) {
        return rows.decision(rowAt((int) offset));
    }

    /** A journal record's value as {@code entryId << 2 | leg}, or -1 (see {@link RecordRows}). */
    public int inputAt(long offset) {
        return rows.input(rowAt((int) offset));
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

    /** The transactions open in this log (no marker yet), each with its first offset here. */
    public Map<Long, Long> openTransactions() {
        return new java.util.TreeMap<>(openTxnFirstOffsets);
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
