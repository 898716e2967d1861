package racelab.logsim.forensics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import racelab.logsim.model.LogRecord;
import racelab.logsim.model.StoreValue;

/**
 * What the simulator remembers about records while it runs, so the end of a run can say where an entry died:
 * the journal records of each entry, every changelog record ever produced per account, and every restore.
 * Switched off ({@code sim.lineage=false}) for benchmarks.
 */
public final class Provenance {

    /** One restore of a task's store. */
    public record Restore(String instance, int task, long timeMs, long startOffset, long endOffset, boolean fromCheckpoint,
            boolean wiped, int records) {
    }

    private final boolean enabled;
    private final LogRecord[][] inputRecords;
    private final Map<String, List<LogRecord>> changelogByAccount = new HashMap<>();
    private final List<Restore> restores = new ArrayList<>();
    private final List<LogRecord> offsetCommits = new ArrayList<>();
    /** Store value (by identity) to the first changelog record that carried it. */
    private final Map<StoreValue, LogRecord> firstCarrier = new IdentityHashMap<>();
    /** Entry id to the store values its puts created, in creation order. */
    private final Map<Integer, List<StoreValue>> putsByEntry = new HashMap<>();

    public Provenance(boolean enabled, int entries) {
        this.enabled = enabled;
        this.inputRecords = new LogRecord[enabled ? entries : 0][];
    }

    public boolean enabled() {
        return enabled;
    }

    public void inputSent(int entryId, LogRecord record) {
        if (!enabled) {
            return;
        }
        LogRecord[] known = inputRecords[entryId];
        if (known == null) {
            inputRecords[entryId] = new LogRecord[] {record};
        } else {
            LogRecord[] more = java.util.Arrays.copyOf(known, known.length + 1);
            more[known.length] = record;
            inputRecords[entryId] = more;
        }
    }

    public void changelogSent(LogRecord record) {
        if (enabled) {
            changelogByAccount.computeIfAbsent(record.key, k -> new ArrayList<>()).add(record);
            // Mark every value this record newly carries; stops at values an earlier record already carried.
            for (StoreValue v = (StoreValue) record.value; v != null && !firstCarrier.containsKey(v); v = v.previous()) {
                firstCarrier.put(v, record);
            }
        }
    }

    private final Map<StoreValue, String> accountOf = new IdentityHashMap<>();

    /** A put by the stream task created {@code value} of {@code account} for {@code entryId}. */
    public void put(int entryId, String account, StoreValue value) {
        if (enabled) {
            accountOf.put(value, account);
            putsByEntry.computeIfAbsent(entryId, k -> new ArrayList<>()).add(value);
        }
    }

    /** The store values created for an entry on one account, oldest first. */
    public List<StoreValue> puts(int entryId, String account) {
        List<StoreValue> all = putsByEntry.getOrDefault(entryId, List.of());
        List<StoreValue> mine = new ArrayList<>();
        for (StoreValue v : all) {
            if (account.equals(accountOf.get(v))) {
                mine.add(v);
            }
        }
        return mine;
    }

    /** The first changelog record that carried a store value, or null if none ever did. */
    public LogRecord firstCarrier(StoreValue value) {
        return firstCarrier.get(value);
    }

    private final Map<Integer, List<LogRecord>> appliedByEntry = new HashMap<>();

    /** An applied/rejected record the task produced for an entry (for the applied-topic audit). */
    public void appliedSent(int entryId, LogRecord record) {
        if (enabled && record != null) {
            appliedByEntry.computeIfAbsent(entryId, k -> new ArrayList<>()).add(record);
        }
    }

    public List<LogRecord> appliedRecords(int entryId) {
        return appliedByEntry.getOrDefault(entryId, List.of());
    }

    public void offsetCommitSent(LogRecord record) {
        if (enabled) {
            offsetCommits.add(record);
        }
    }

    public void restored(Restore restore) {
        restores.add(restore);
    }

    public List<LogRecord> inputRecords(int entryId) {
        LogRecord[] records = entryId < inputRecords.length ? inputRecords[entryId] : null;
        return records == null ? List.of() : List.of(records);
    }

    public List<LogRecord> changelogRecords(String account) {
        return changelogByAccount.getOrDefault(account, List.of());
    }

    public List<Restore> restores() {
        return restores;
    }

    public List<LogRecord> offsetCommits() {
        return offsetCommits;
    }
}
