package racelab.logsim.model;

/**
 * One record as a producer builds it and as a partition log stores it. Logs of all replicas share the same object
 * at the same offset; a record appended twice (retry without idempotence) is stored as a copy pointing at its
 * {@link #original}. Fields below "forensics" are written by the simulator so a run can explain where a record died.
 */
public final class LogRecord {

    public static final byte DATA = 0;
    public static final byte COMMIT_MARKER = 1;
    public static final byte ABORT_MARKER = 2;

    /** How a changelog record came to be written. */
    public static final byte BY_PUT = 0;
    public static final byte BY_CACHE_EVICTION = 1;
    public static final byte BY_CACHE_FLUSH = 2;

    /** Bits of {@link #lostMask}: why copies of this record disappeared from replicas. */
    public static final int LOST_POWER = 1;
    public static final int LOST_EPOCH_TRUNCATION = 2;
    public static final int LOST_RETENTION = 4;
    /**
     * A copy truncated on a replica that had not lost power since the record was written: it still held the record,
     * and a leader without it was elected (the "last replica standing" signature when combined with {@link #LOST_POWER}).
     */
    public static final int LOST_TRUNCATED_ON_SURVIVOR = 8;

    public final byte type;
    public final String key;
    public final Object value;
    public final long producerId;
    public final short producerEpoch;
    public final long txnId;
    public final String writer;
    public final int generation;
    public final byte writtenBy;

    /** Creation order within the run, so forensics can tell an older value that landed later (F6). */
    public long createdOrder;
    public int sequence = -1;
    public long offset = -1;
    public int leaderEpoch;
    public long appendTimeMs;
    public LogRecord original;

    // forensics
    public int appendCount;
    public boolean acked;
    public int acksUsed;
    public int isrSizeAtAppend;
    public int lostMask;
    public boolean uncleanLeaderAtAppend;
    public boolean presentAtEnd;

    public LogRecord(byte type, String key, Object value, long producerId, short producerEpoch, long txnId, String writer,
            int generation, byte writtenBy) {
        this.type = type;
        this.key = key;
        this.value = value;
        this.producerId = producerId;
        this.producerEpoch = producerEpoch;
        this.txnId = txnId;
        this.writer = writer;
        this.generation = generation;
        this.writtenBy = writtenBy;
    }

    /** A second log entry for the same produced record. */
    public LogRecord copyForReappend() {
        LogRecord copy = new LogRecord(type, key, value, producerId, producerEpoch, txnId, writer, generation, writtenBy);
        copy.sequence = sequence;
        copy.createdOrder = createdOrder;
        copy.original = origin();
        return copy;
    }

    /**
     * The same produced record stamped for a new producer epoch (KIP-360 epoch bump): a fresh copy with no sequence
     * yet, pointing at the original so forensics follows one record.
     */
    public LogRecord withProducerEpoch(short epoch) {
        LogRecord copy = new LogRecord(type, key, value, producerId, epoch, txnId, writer, generation, writtenBy);
        copy.createdOrder = createdOrder;
        copy.original = origin();
        return copy;
    }

    /** The record as first produced. */
    public LogRecord origin() {
        return original == null ? this : original;
    }

    public boolean isMarker() {
        return type != DATA;
    }
}
