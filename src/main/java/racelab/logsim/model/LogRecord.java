package racelab.logsim.model;

/**
 * One record as a producer builds it and as a partition log stores it. Logs of all replicas share the same object
 * at the same offset; a record appended twice (retry without idempotence) is stored as a copy pointing at its
 * {@link #original}. Fields below "forensics" are written by the simulator so a run can explain where a record died.
 *
 * <p>Layout (log-bench keeps millions of these): who wrote a record (producer id and epoch, transaction, writer,
 * generation) is one immutable {@link Stamp} shared by every record a producer sends under it, as Kafka keeps those
 * fields once per record batch (DefaultRecordBatch's header) rather than per record; the forensic counters are bytes.
 * Offsets and creation order are ints (the simulator's logs are arrays). A record takes 64 bytes instead of 104.
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

    /**
     * Who wrote a record, shared by all records sent under the same producer epoch, transaction, writer and group
     * generation (Kafka's batch header holds producer id, epoch and the transactional flag once per batch).
     *
     * @param producerId -1 for a producer without idempotence
     * @param txnId the simulator's transaction number, -1 outside transactions
     * @param writer the machine that produced the record ("client", "app-1", "txn-coordinator")
     * @param generation the writer's consumer group generation when it produced the record
     */
    public record Stamp(long producerId, short producerEpoch, long txnId, String writer, int generation) {

        /** This stamp, or an equal one: reuses {@code this} when nothing changed (no allocation per record). */
        public Stamp with(long id, short epoch, long txn, String by, int gen) {
            return producerId == id && producerEpoch == epoch && txnId == txn && generation == gen && writer.equals(by)
                    ? this : new Stamp(id, epoch, txn, by, gen);
        }
    }

    public final byte type;
    public final String key;
    public final Object value;
    public final Stamp stamp;
    public final byte writtenBy;

    /** Creation order within the run, so forensics can tell an older value that landed later (F6). */
    public int createdOrder;
    public int sequence = -1;
    /** Offset in its partition; an int like the simulator's log arrays (Kafka's are longs, no run comes near 2^31). */
    public int offset = -1;
    public int leaderEpoch;
    public long appendTimeMs;
    public LogRecord original;

    // forensics
    public int appendCount;
    public boolean acked;
    /** The acks setting (-1, 0 or 1) of the produce request that appended it. */
    public byte acksUsed;
    /** ISR size at the append (at most sim.brokers, 9). */
    public byte isrSizeAtAppend;
    /** LOST_* bits. */
    public byte lostMask;
    public boolean uncleanLeaderAtAppend;
    public boolean presentAtEnd;

    public LogRecord(byte type, String key, Object value, long producerId, short producerEpoch, long txnId, String writer,
            int generation, byte writtenBy) {
        this(type, key, value, new Stamp(producerId, producerEpoch, txnId, writer, generation), writtenBy);
    }

    /** A record under a stamp its producer already holds (shared, not copied). */
    public LogRecord(byte type, String key, Object value, Stamp stamp, byte writtenBy) {
        this.type = type;
        this.key = key;
        this.value = value;
        this.stamp = stamp;
        this.writtenBy = writtenBy;
    }

    public long producerId() {
        return stamp.producerId();
    }

    public short producerEpoch() {
        return stamp.producerEpoch();
    }

    public long txnId() {
        return stamp.txnId();
    }

    public String writer() {
        return stamp.writer();
    }

    public int generation() {
        return stamp.generation();
    }

    /** A second log entry for the same produced record. */
    public LogRecord copyForReappend() {
        LogRecord copy = new LogRecord(type, key, value, stamp, writtenBy);
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
        LogRecord copy = new LogRecord(type, key, value, stamp.with(stamp.producerId(), epoch, stamp.txnId(),
                stamp.writer(), stamp.generation()), writtenBy);
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
