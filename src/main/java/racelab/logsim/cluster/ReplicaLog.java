package racelab.logsim.cluster;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import racelab.logsim.model.LogRecord;

/**
 * One replica's copy of a partition on one broker: records up to the log end offset are written (page cache),
 * records below {@link #flushedOffset()} are on disk. A power cut keeps only the flushed prefix; a process kill keeps
 * everything. Offsets are absolute; records before {@link #logStartOffset()} were deleted by retention.
 *
 * <p>The records themselves are rows of the partition's {@link RecordRows}, shared by its replicas. The log maps its
 * offsets to rows as runs: a run starts at an offset and holds consecutive rows from there, so a replica that copied
 * the leader costs a few ints, not one reference per record; a run starts where a leader appended after another
 * leader's history or after a truncation. A fetch response carries the leader's rows the same way, as spans of
 * consecutive rows ({@link #rowRunsBetween}).
 *
 * <p>Each append also updates what produce requests are checked against and what consumers read committed by: the
 * producers' epochs and last sequences, the open transactions (a few, in arrays) and the ended ones (bits by id,
 * {@link TxnIdSet}). Every replica does this for every row (twelve million in a log-bench run), so a row under the
 * stamp of the data row before it takes a shortcut that provably changes the same state ({@link #track}).
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
    /** The stamp code of the row tracked last if it was a data record, else -1 (see {@link #track}). */
    private int lastDataStampCode = -1;
    /** Whether that stamp has a producer id, whose state is then {@link #lastProducerState}. */
    private boolean lastDataStampHasProducer;
    /**
     * The open transactions (no marker yet) and their first offsets here, as two arrays of {@link #openTxnCount}
     * entries in no particular order: a log has a few open at once (one per transactional producer writing to it), so
     * a scan beats a boxed map, and readers sort ({@link #openTransactions()}) or take the minimum.
     */
    private long[] openTxnIds = new long[4];
    private long[] openTxnFirstOffsets = new long[4];
    private int openTxnCount;
    /** Transactions whose marker this log holds; checked per appended transactional record, without boxing. */
    private final TxnIdSet committedTxns = new TxnIdSet();
    private final TxnIdSet abortedTxns = new TxnIdSet();

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
        return offset + runDeltas[runIndexAt(offset)];
    }

    /** The run holding {@code offset} (inside the log). */
    private int runIndexAt(int offset) {
        int k = runCount - 1;
        if (runStarts[k] > offset) {
            k = Arrays.binarySearch(runStarts, 0, runCount, offset);
            if (k < 0) {
                k = -k - 2;
            }
        }
        return k;
    }

    /** The rows from {@code from} to {@code to}, -1 for offsets no longer in the log (tests compare the runs to it). */
    int[] rowsBetween(long from, long to) {
        int[] between = new int[(int) Math.max(0, to - from)];
        for (int k = 0; k < between.length; k++) {
            long offset = from + k;
            between[k] = offset < logStartOffset || offset >= endOffset ? -1 : rowAt((int) offset);
        }
        return between;
    }

    /** The delta of a span of {@link #rowRunsBetween} whose offsets are not in the log (no row). */
    static final int NO_ROWS = Integer.MIN_VALUE;

    /**
     * The rows from {@code from} to {@code to} (what a fetch response carries) as spans of consecutive rows: triples
     * (first offset, end offset, row minus offset), the delta {@link #NO_ROWS} for offsets no longer in the log. The
     * log's own runs give the spans, so a response of a hundred thousand records is a few ints, not one per record;
     * {@link #appendRowRuns} appends them at a follower with exactly the effect of appending the rows one by one.
     */
    int[] rowRunsBetween(long from, long to) {
        int count = 0;
        int[] spans = new int[6];
        long offset = from;
        while (offset < to) {
            long end;
            int delta;
            if (offset < logStartOffset || offset >= endOffset) {
                end = offset < logStartOffset ? Math.min(to, logStartOffset) : to;
                delta = NO_ROWS;
            } else {
                int k = runIndexAt((int) offset);
                end = Math.min(Math.min(to, endOffset), k + 1 < runCount ? runStarts[k + 1] : endOffset);
                delta = runDeltas[k];
            }
            if (count == spans.length) {
                spans = Arrays.copyOf(spans, count * 2);
            }
            spans[count++] = (int) offset;
            spans[count++] = (int) end;
            spans[count++] = delta;
            offset = end;
        }
        return count == spans.length ? spans : Arrays.copyOf(spans, count);
    }

    /**
     * A follower appends the spans of {@link #rowRunsBetween} that hold rows, in offset order, as if row by row with
     * {@link #appendRow} (a span without rows appends nothing, as a row of -1 did).
     */
    void appendRowRuns(int[] spans) {
        for (int s = 0; s < spans.length; s += 3) {
            int delta = spans[s + 2];
            if (delta == NO_ROWS) {
                continue;
            }
            appendSpan(spans[s], spans[s + 1], delta);
        }
    }

    /**
     * Appends the rows {@code offset + delta} at offsets {@code from} to {@code to}, with the effect of
     * {@link #appendRow} on each in order. After one row the rest of the span continues its run (the rows are
     * consecutive), so a block of following rows that are data rows under the stamp of the row before, with no
     * newer leader epoch, would each take {@link #track}'s shortcut and add no epoch: together they move the log end
     * and their producer's last sequence to the block's last one ({@link RecordRows#sameWriterBlock}).
     */
    private void appendSpan(int from, int to, int delta) {
        int offset = from;
        while (offset < to) {
            appendRow(offset + delta, offset);
            offset++;
            if (offset < to && lastDataStampCode >= 0) {
                long block = rows.sameWriterBlock(offset + delta, to - offset, lastDataStampCode, epochs[epochCount - 1]);
                int count = (int) (block >>> 32);
                int lastSequence = (int) block;
                endOffset += count;
                offset += count;
                if (lastDataStampHasProducer && lastSequence >= 0) {
                    lastProducerState[1] = lastSequence;
                }
            }
        }
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

    /**
     * Updates the producer and transaction state with a row just appended. Every replica appends every row (twelve
     * million a log-bench run), and nearly every row has the stamp of the row before it: for a data row under the
     * stamp of the previous data row, the general path would find the producer's epoch already at least this one and
     * the transaction already open or already ended here (only a marker or a truncation changes that), so only the
     * producer's last sequence moves.
     */
    private void track(int row, int offset) {
        int stampCode = rows.stampCode(row);
        boolean marker = rows.isMarker(row);
        if (!marker && stampCode == lastDataStampCode) {
            if (lastDataStampHasProducer) {
                int sequence = rows.sequence(row);
                if (sequence >= 0) {
                    lastProducerState[1] = sequence;
                }
            }
            return;
        }
        LogRecord.Stamp stamp = rows.stampOf(stampCode);
        trackProducerAndTxn(row, offset, stamp, marker);
        lastDataStampCode = marker ? -1 : stampCode;
        lastDataStampHasProducer = stamp.producerId() >= 0;
    }

    private void trackProducerAndTxn(int row, int offset, LogRecord.Stamp stamp, boolean marker) {
        long producerId = stamp.producerId();
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
            removeOpenTxn(txnId);
            (rows.type(row) == LogRecord.COMMIT_MARKER ? committedTxns : abortedTxns).add(txnId);
        } else if (!committedTxns.contains(txnId) && !abortedTxns.contains(txnId)) {
            addOpenTxnIfAbsent(txnId, offset);
        }
    }

    /** Records {@code txnId} as open from {@code offset}, unless it is open already (its first offset stays). */
    private void addOpenTxnIfAbsent(long txnId, long offset) {
        for (int k = 0; k < openTxnCount; k++) {
            if (openTxnIds[k] == txnId) {
                return;
            }
        }
        if (openTxnCount == openTxnIds.length) {
            openTxnIds = Arrays.copyOf(openTxnIds, openTxnCount * 2);
            openTxnFirstOffsets = Arrays.copyOf(openTxnFirstOffsets, openTxnCount * 2);
        }
        openTxnIds[openTxnCount] = txnId;
        openTxnFirstOffsets[openTxnCount++] = offset;
    }

    private void removeOpenTxn(long txnId) {
        for (int k = 0; k < openTxnCount; k++) {
            if (openTxnIds[k] == txnId) {
                openTxnCount--;
                openTxnIds[k] = openTxnIds[openTxnCount];
                openTxnFirstOffsets[k] = openTxnFirstOffsets[openTxnCount];
                return;
            }
        }
    }

    /** {epoch, last sequence} of a producer id, or null if this log does not know it. */
    int[] producerState(long producerId) {
        // The producer of the last tracked record (a produce request mostly comes from it): no boxed map lookup.
        return producerId == lastProducerId && lastProducerState != null ? lastProducerState : producers.get(producerId);
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
        lastDataStampCode = -1;
        producers.clear();
        openTxnCount = 0;
        committedTxns.clear();
        abortedTxns.clear();
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
        return txnId < 0 || committedTxns.contains(txnId);
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
        return record.txnId() < 0 || committedTxns.contains(record.txnId());
    }

    public boolean isAborted(LogRecord record) {
        return record.txnId() >= 0 && abortedTxns.contains(record.txnId());
    }

    /** The transactions open in this log (no marker yet), each with its first offset here, by transaction id. */
    public Map<Long, Long> openTransactions() {
        Map<Long, Long> open = new java.util.TreeMap<>();
        for (int k = 0; k < openTxnCount; k++) {
            open.put(openTxnIds[k], openTxnFirstOffsets[k]);
        }
        return open;
    }

    /** Last stable offset: the first offset of a still-open transaction, capped by {@code hw}. */
    public long lastStableOffset(long hw) {
        long lso = hw;
        for (int k = 0; k < openTxnCount; k++) {
            lso = Math.min(lso, openTxnFirstOffsets[k]);
        }
        return lso;
    }
}
