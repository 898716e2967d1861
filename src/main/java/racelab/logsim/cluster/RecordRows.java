package racelab.logsim.cluster;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import racelab.logsim.model.AppliedEvent;
import racelab.logsim.model.InputItem;
import racelab.logsim.model.JournalEntry;
import racelab.logsim.model.LogRecord;
import racelab.logsim.model.StoreValue;

/**
 * The records of one partition as columns: one row per record a leader appended, shared by every replica log that
 * holds it (a {@link ReplicaLog} maps its offsets to rows). A row keeps what the simulator reads back from a log
 * (type, key, value, who wrote it, sequence, creation order, leader epoch, append time) in primitive arrays: keys and
 * stamps as codes into small per-partition tables, the three value types of the ledger (journal item, balance,
 * decision) as numbers, anything else as an object. Log-bench keeps four million records; as objects they were about
 * 100 bytes each with their values, as rows they take about 40.
 *
 * <p>When a run keeps record objects ({@link SimContext#keepsRecordObjects()}: lineage or a step recording, which
 * follow one produced record through retries, replicas and truncations by identity), a row also keeps the object
 * the producer built, and a read returns that object, exactly as before. Otherwise a read builds a fresh record from
 * the row: same key, value, stamp, sequence, creation order, offset, epoch and time; the forensic counters that only
 * lineage reads (lost mask, acked, append count, present at the end) are not kept. The audit that needs to know
 * whether two records are copies of one produced record compares creation orders, which copies keep.
 */
final class RecordRows {

    private static final InputItem.Leg[] LEGS = InputItem.Leg.values();
    private static final int CHUNK_BITS = 16;
    private static final int CHUNK_ROWS = 1 << CHUNK_BITS;
    private static final int ROW_MASK = CHUNK_ROWS - 1;
    private static final int FIRST_CAPACITY = 64;

    /** Value kinds (bits 4-6 of the meta byte). */
    private static final int NO_VALUE = 0;
    private static final int INPUT = 1;
    private static final int BALANCE = 2;
    private static final int DECISION = 3;
    private static final int OBJECT = 4;

    /** Key codes below the table: no key, and the decimal id of a decision's entry (the applied topic's key). */
    private static final int NO_KEY = -1;
    private static final int ENTRY_ID_KEY = -2;

    /**
     * Up to {@link #CHUNK_ROWS} rows; only the last chunk may be smaller, and it grows by doubling.
     *
     * <p>Five columns are narrow while their values fit: key and stamp codes in a char (code + 2, so the two negative
     * key codes fit), the leader epoch in a short, the append time in a char as milliseconds after the chunk's first
     * row (a partition appends in time order; a chunk of log-bench spans seconds), a balance in an int. A value that
     * does not fit widens that column of the chunk for good (the wide array replaces the narrow one), so no run
     * depends on these limits; log-bench's four million rows save 56 MB.
     */
    private static final class Chunk {
        byte[] meta;
        char[] key;
        int[] keyWide;
        char[] stamp;
        int[] stampWide;
        int[] sequence;
        int[] createdOrder;
        short[] leaderEpoch;
        int[] leaderEpochWide;
        /** Append time as milliseconds after the chunk's first row (appends come in time order). */
        char[] appendTimeDelta;
        long appendTimeBaseMs = -1;
        long[] appendTimeMsWide;
        /** A balance's cents while every balance of the chunk fits an int; {@link #valueLong} once one does not. */
        int[] valueLongNarrow;
        long[] valueLong;
        int[] valueInt;
        int[] valueInt2;
        Object[] valueObject;
        LogRecord[] objects;

        Chunk(int capacity, boolean objects) {
            meta = new byte[capacity];
            key = new char[capacity];
            stamp = new char[capacity];
            sequence = new int[capacity];
            createdOrder = new int[capacity];
            leaderEpoch = new short[capacity];
            appendTimeDelta = new char[capacity];
            this.objects = objects ? new LogRecord[capacity] : null;
        }

        int capacity() {
            return meta.length;
        }

        void grow(int capacity) {
            meta = Arrays.copyOf(meta, capacity);
            key = key == null ? null : Arrays.copyOf(key, capacity);
            keyWide = keyWide == null ? null : Arrays.copyOf(keyWide, capacity);
            stamp = stamp == null ? null : Arrays.copyOf(stamp, capacity);
            stampWide = stampWide == null ? null : Arrays.copyOf(stampWide, capacity);
            sequence = Arrays.copyOf(sequence, capacity);
            createdOrder = Arrays.copyOf(createdOrder, capacity);
            leaderEpoch = leaderEpoch == null ? null : Arrays.copyOf(leaderEpoch, capacity);
            leaderEpochWide = leaderEpochWide == null ? null : Arrays.copyOf(leaderEpochWide, capacity);
            appendTimeDelta = appendTimeDelta == null ? null : Arrays.copyOf(appendTimeDelta, capacity);
            appendTimeMsWide = appendTimeMsWide == null ? null : Arrays.copyOf(appendTimeMsWide, capacity);
            valueLongNarrow = valueLongNarrow == null ? null : Arrays.copyOf(valueLongNarrow, capacity);
            valueLong = valueLong == null ? null : Arrays.copyOf(valueLong, capacity);
            valueInt = valueInt == null ? null : Arrays.copyOf(valueInt, capacity);
            valueInt2 = valueInt2 == null ? null : Arrays.copyOf(valueInt2, capacity);
            valueObject = valueObject == null ? null : Arrays.copyOf(valueObject, capacity);
            objects = objects == null ? null : Arrays.copyOf(objects, capacity);
        }

        int key(int i) {
            return keyWide != null ? keyWide[i] : key[i] - 2;
        }

        void key(int i, int code) {
            if (keyWide == null && code + 2 <= Character.MAX_VALUE) {
                key[i] = (char) (code + 2);
                return;
            }
            if (keyWide == null) {
                keyWide = new int[key.length];
                for (int j = 0; j < key.length; j++) {
                    keyWide[j] = key[j] - 2;
                }
                key = null;
            }
            keyWide[i] = code;
        }

        int stamp(int i) {
            return stampWide != null ? stampWide[i] : stamp[i];
        }

        void stamp(int i, int code) {
            if (stampWide == null && code <= Character.MAX_VALUE) {
                stamp[i] = (char) code;
                return;
            }
            if (stampWide == null) {
                stampWide = new int[stamp.length];
                for (int j = 0; j < stamp.length; j++) {
                    stampWide[j] = stamp[j];
                }
                stamp = null;
            }
            stampWide[i] = code;
        }

        int leaderEpoch(int i) {
            return leaderEpochWide != null ? leaderEpochWide[i] : leaderEpoch[i];
        }

        void leaderEpoch(int i, int epoch) {
            if (leaderEpochWide == null && epoch == (short) epoch) {
                leaderEpoch[i] = (short) epoch;
                return;
            }
            if (leaderEpochWide == null) {
                leaderEpochWide = new int[leaderEpoch.length];
                for (int j = 0; j < leaderEpoch.length; j++) {
                    leaderEpochWide[j] = leaderEpoch[j];
                }
                leaderEpoch = null;
            }
            leaderEpochWide[i] = epoch;
        }

        long appendTimeMs(int i) {
            return appendTimeMsWide != null ? appendTimeMsWide[i] : appendTimeBaseMs + appendTimeDelta[i];
        }

        /** Sets row {@code i}'s time; rows are set in order, so rows after {@code i} are not set yet. */
        void appendTimeMs(int i, long timeMs) {
            if (appendTimeMsWide == null) {
                if (appendTimeBaseMs < 0 && timeMs >= 0) {
                    appendTimeBaseMs = timeMs;
                }
                long delta = timeMs - appendTimeBaseMs;
                if (appendTimeBaseMs >= 0 && delta >= 0 && delta <= Character.MAX_VALUE) {
                    appendTimeDelta[i] = (char) delta;
                    return;
                }
                appendTimeMsWide = new long[appendTimeDelta.length];
                for (int j = 0; j < i; j++) {
                    appendTimeMsWide[j] = appendTimeBaseMs + appendTimeDelta[j];
                }
                appendTimeDelta = null;
            }
            appendTimeMsWide[i] = timeMs;
        }

        long balance(int i) {
            return valueLong != null ? valueLong[i] : valueLongNarrow[i];
        }

        /** Sets row {@code i}'s balance; rows are set in order, rows without a balance read 0 (unused). */
        void balance(int i, long cents) {
            if (valueLong == null) {
                if (valueLongNarrow == null) {
                    valueLongNarrow = new int[capacity()];
                }
                if (cents == (int) cents) {
                    valueLongNarrow[i] = (int) cents;
                    return;
                }
                valueLong = new long[capacity()];
                for (int j = 0; j < i; j++) {
                    valueLong[j] = valueLongNarrow[j];
                }
                valueLongNarrow = null;
            }
            valueLong[i] = cents;
        }
    }

    private final SimContext ctx;
    private final boolean keepObjects;
    private Chunk[] chunks = new Chunk[1];
    private int size;
    private final List<String> keys = new ArrayList<>();
    private final Map<String, Integer> keyCodes = new HashMap<>();
    /**
     * The key strings met so far, by identity, in front of keyCodes: producers reuse their key strings (account ids),
     * so after the first record of a key its code costs an identity hash and a probe or two, not a string hash and
     * equals. Open addressing with linear probing, at most half full, so no key that was met is ever missed (a
     * direct-mapped cache missed 11% of log-bench's three million lookups on collisions). Keys built anew per record
     * stop being added once the table holds four identities per distinct key (plus 64): they then cost the map lookup
     * they cost without the table, and the table stays small.
     */
    private String[] seenKeys = new String[64];
    private int[] seenKeyCodes = new int[64];
    private int seenKeyCount;
    private final List<LogRecord.Stamp> stamps = new ArrayList<>();
    private final Map<LogRecord.Stamp, Integer> stampCodes = new HashMap<>();
    private LogRecord.Stamp lastStamp;
    private int lastStampCode;
    private final List<String> instances = new ArrayList<>();

    RecordRows(SimContext ctx) {
        this.ctx = ctx;
        this.keepObjects = ctx.keepsRecordObjects();
    }

    boolean keepsObjects() {
        return keepObjects;
    }

    int size() {
        return size;
    }

    /** Adds a row for {@code record}, which a leader just appended (offset, epoch and time set); returns the row. */
    int add(LogRecord record) {
        int row = size;
        int c = row >>> CHUNK_BITS;
        int i = row & ROW_MASK;
        if (c == chunks.length) {
            chunks = Arrays.copyOf(chunks, chunks.length * 2);
        }
        Chunk chunk = chunks[c];
        if (chunk == null) {
            chunk = new Chunk(c == 0 ? FIRST_CAPACITY : CHUNK_ROWS, keepObjects);
            chunks[c] = chunk;
        } else if (i == chunk.capacity()) {
            chunk.grow(Math.min(CHUNK_ROWS, chunk.capacity() * 2));
        }
        int kind = encodeValue(chunk, i, record);
        chunk.meta[i] = (byte) (record.type | record.writtenBy << 2 | kind << 4);
        chunk.key(i, keyCode(record.key, kind == DECISION ? ((AppliedEvent) record.value).entryId() : -1));
        chunk.stamp(i, stampCode(record.stamp));
        chunk.sequence[i] = record.sequence;
        chunk.createdOrder[i] = record.createdOrder;
        chunk.leaderEpoch(i, record.leaderEpoch);
        chunk.appendTimeMs(i, record.appendTimeMs);
        if (keepObjects) {
            chunk.objects[i] = record;
        }
        size++;
        return row;
    }

    private int encodeValue(Chunk chunk, int i, LogRecord record) {
        Object value = record.value;
        if (value == null) {
            return NO_VALUE;
        }
        if (value instanceof InputItem item) {
            JournalEntry entry = item.entry();
            racelab.logsim.model.Journal journal = ctx.journal();
            if (journal != null && journal.holds(entry)
                    && entry.id() < (1 << 29)) {
                ints(chunk)[i] = entry.id() << 2 | item.leg().ordinal();
                return INPUT;
            }
        } else if (value instanceof StoreValue balance) {
            if (balance.previous() == null && balance.lastInputOffset() == (int) balance.lastInputOffset()) {
                chunk.balance(i, balance.balanceCents());
                ints(chunk)[i] = balance.entryId();
                ints2(chunk)[i] = (int) balance.lastInputOffset();
                return BALANCE;
            }
        } else if (value instanceof AppliedEvent decision) {
            ints(chunk)[i] = decision.entryId();
            ints2(chunk)[i] = decision.leg().ordinal() | (decision.applied() ? 4 : 0) | instanceCode(decision.instance()) << 3;
            return DECISION;
        }
        if (chunk.valueObject == null) {
            chunk.valueObject = new Object[chunk.capacity()];
        }
        chunk.valueObject[i] = value;
        return OBJECT;
    }

    private static int[] ints(Chunk chunk) {
        if (chunk.valueInt == null) {
            chunk.valueInt = new int[chunk.capacity()];
        }
        return chunk.valueInt;
    }

    private static int[] ints2(Chunk chunk) {
        if (chunk.valueInt2 == null) {
            chunk.valueInt2 = new int[chunk.capacity()];
        }
        return chunk.valueInt2;
    }

    private int keyCode(String key, int decisionEntryId) {
        if (key == null) {
            return NO_KEY;
        }
        if (decisionEntryId >= 0 && isDecimal(key, decisionEntryId)) {
            return ENTRY_ID_KEY;
        }
        int mask = seenKeys.length - 1;
        int slot = System.identityHashCode(key) & mask;
        for (String seen; (seen = seenKeys[slot]) != null; slot = (slot + 1) & mask) {
            if (seen == key) {
                return seenKeyCodes[slot];
            }
        }
        Integer code = keyCodes.get(key);
        if (code == null) {
            code = keys.size();
            keys.add(key);
            keyCodes.put(key, code);
        }
        if (seenKeyCount < 4 * keys.size() + 64) {
            seenKeys[slot] = key;
            seenKeyCodes[slot] = code;
            if (2 * ++seenKeyCount > seenKeys.length) {
                rehashSeenKeys();
            }
        }
        return code;
    }

    /** Doubles the identity table of keys met, putting every key at its probe position in the larger table. */
    private void rehashSeenKeys() {
        String[] oldKeys = seenKeys;
        int[] oldCodes = seenKeyCodes;
        seenKeys = new String[oldKeys.length * 2];
        seenKeyCodes = new int[seenKeys.length];
        int mask = seenKeys.length - 1;
        for (int k = 0; k < oldKeys.length; k++) {
            if (oldKeys[k] != null) {
                int slot = System.identityHashCode(oldKeys[k]) & mask;
                while (seenKeys[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                seenKeys[slot] = oldKeys[k];
                seenKeyCodes[slot] = oldCodes[k];
            }
        }
    }

    /** Whether {@code key} is exactly {@code Integer.toString(value)} for a non-negative value. */
    private static boolean isDecimal(String key, int value) {
        int length = key.length();
        for (int at = length - 1; at >= 0; at--) {
            char digit = key.charAt(at);
            if (digit < '0' || digit > '9' || digit - '0' != value % 10) {
                return false;
            }
            value /= 10;
            if (value == 0) {
                return at == 0;
            }
        }
        return false;
    }

    private int stampCode(LogRecord.Stamp stamp) {
        if (stamp == lastStamp) {
            return lastStampCode;
        }
        Integer code = stampCodes.get(stamp);
        if (code == null) {
            code = stamps.size();
            stamps.add(stamp);
            stampCodes.put(stamp, code);
        }
        lastStamp = stamp;
        lastStampCode = code;
        return code;
    }

    private int instanceCode(String instance) {
        int code = instances.indexOf(instance);
        if (code < 0) {
            code = instances.size();
            instances.add(instance);
        }
        return code;
    }

    // ------------------------------------------------------------------ reads

    /** The record of {@code row} at {@code offset}: the kept object, or one built from the row. */
    LogRecord record(int row, long offset) {
        Chunk chunk = chunks[row >>> CHUNK_BITS];
        int i = row & ROW_MASK;
        if (keepObjects) {
            return chunk.objects[i];
        }
        return materialize(row, offset);
    }

    /** A record built from the row alone (what {@link #record} returns when objects are not kept). */
    LogRecord materialize(int row, long offset) {
        Chunk chunk = chunks[row >>> CHUNK_BITS];
        int i = row & ROW_MASK;
        int meta = chunk.meta[i];
        LogRecord record = new LogRecord((byte) (meta & 3), key(chunk, i, meta), value(chunk, i, meta),
                stamps.get(chunk.stamp(i)), (byte) (meta >> 2 & 3));
        record.offset = (int) offset;
        record.sequence = chunk.sequence[i];
        record.createdOrder = chunk.createdOrder[i];
        record.leaderEpoch = chunk.leaderEpoch(i);
        record.appendTimeMs = chunk.appendTimeMs(i);
        return record;
    }

    /** The kept object of a row, or null when objects are not kept. */
    LogRecord object(int row) {
        return keepObjects ? chunks[row >>> CHUNK_BITS].objects[row & ROW_MASK] : null;
    }

    private String key(Chunk chunk, int i, int meta) {
        int code = chunk.key(i);
        if (code >= 0) {
            return keys.get(code);
        }
        return code == NO_KEY ? null : Integer.toString(chunk.valueInt[i]);
    }

    private Object value(Chunk chunk, int i, int meta) {
        switch (meta >> 4 & 7) {
            case INPUT: {
                int code = chunk.valueInt[i];
                return new InputItem(ctx.journal().get(code >>> 2), LEGS[code & 3]);
            }
            case BALANCE:
                return new StoreValue(chunk.balance(i), chunk.valueInt[i], chunk.valueInt2[i], null);
            case DECISION: {
                int bits = chunk.valueInt2[i];
                return new AppliedEvent(chunk.valueInt[i], LEGS[bits & 3], (bits & 4) != 0,
                        instances.get(bits >>> 3));
            }
            case OBJECT:
                return chunk.valueObject[i];
            default:
                return null;
        }
    }

    /** The key of a row, without building the record (a table key or, for a decision, its entry id in decimal). */
    String key(int row) {
        Chunk chunk = chunks[row >>> CHUNK_BITS];
        int i = row & ROW_MASK;
        return key(chunk, i, chunk.meta[i]);
    }

    /** The value of a row, without building the record (the kept object's value when objects are kept). */
    Object value(int row) {
        Chunk chunk = chunks[row >>> CHUNK_BITS];
        int i = row & ROW_MASK;
        return keepObjects ? chunk.objects[i].value : value(chunk, i, chunk.meta[i]);
    }

    /**
     * A decision row's value as {@code entryId << 3 | applied << 2 | leg}, or -1 when the row holds no decision
     * (the applied-topic audit reads a million of these).
     */
    long decision(int row) {
        Chunk chunk = chunks[row >>> CHUNK_BITS];
        int i = row & ROW_MASK;
        if ((chunk.meta[i] >> 4 & 7) != DECISION) {
            return -1;
        }
        return (long) chunk.valueInt[i] << 3 | chunk.valueInt2[i] & 7;
    }

    /** A journal row's value as {@code entryId << 2 | leg}, or -1 when the row holds no journal item. */
    int input(int row) {
        Chunk chunk = chunks[row >>> CHUNK_BITS];
        int i = row & ROW_MASK;
        return (chunk.meta[i] >> 4 & 7) == INPUT ? chunk.valueInt[i] : -1;
    }

    byte type(int row) {
        return (byte) (chunks[row >>> CHUNK_BITS].meta[row & ROW_MASK] & 3);
    }

    boolean isMarker(int row) {
        return type(row) != LogRecord.DATA;
    }

    LogRecord.Stamp stamp(int row) {
        return stamps.get(chunks[row >>> CHUNK_BITS].stamp(row & ROW_MASK));
    }

    /**
     * How many rows from {@code row} on (at most {@code count}, within the row's chunk) are data rows with stamp code
     * {@code stampCode} and a leader epoch of at most {@code epochMax}, in the high 32 bits; in the low 32 bits the
     * last sequence of theirs that is not negative, or -1. A follower appends such a block at once
     * ({@code ReplicaLog.appendSpan}).
     */
    long sameWriterBlock(int row, int count, int stampCode, int epochMax) {
        Chunk chunk = chunks[row >>> CHUNK_BITS];
        int first = row & ROW_MASK;
        int end = Math.min(first + count, chunk.capacity());
        int lastSequence = -1;
        int i = first;
        for (; i < end; i++) {
            if ((chunk.meta[i] & 3) != LogRecord.DATA || chunk.stamp(i) != stampCode || chunk.leaderEpoch(i) > epochMax) {
                break;
            }
            int sequence = chunk.sequence[i];
            if (sequence >= 0) {
                lastSequence = sequence;
            }
        }
        return (long) (i - first) << 32 | lastSequence & 0xffffffffL;
    }

    /** The code of a row's key (tests check that equal keys share one). */
    int keyCodeOf(int row) {
        return chunks[row >>> CHUNK_BITS].key(row & ROW_MASK);
    }

    /** The code of a row's stamp: rows with equal stamps have equal codes. */
    int stampCode(int row) {
        return chunks[row >>> CHUNK_BITS].stamp(row & ROW_MASK);
    }

    LogRecord.Stamp stampOf(int code) {
        return stamps.get(code);
    }

    int sequence(int row) {
        return chunks[row >>> CHUNK_BITS].sequence[row & ROW_MASK];
    }

    int createdOrder(int row) {
        return chunks[row >>> CHUNK_BITS].createdOrder[row & ROW_MASK];
    }

    int leaderEpoch(int row) {
        return chunks[row >>> CHUNK_BITS].leaderEpoch(row & ROW_MASK);
    }

    long appendTimeMs(int row) {
        return chunks[row >>> CHUNK_BITS].appendTimeMs(row & ROW_MASK);
    }
}
