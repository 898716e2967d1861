package racelab.logsim.model;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * A journal as columns: entry {@code i}'s accounts (as indexes into one table of account ids), amount and time in
 * primitive arrays, read through the {@link List} of {@link JournalEntry} every caller already uses ({@link #get}
 * builds the entry from its row) or column by column, which the stream tasks and the audit do per entry.
 *
 * <p>Why: log-bench's journal has a million entries and every one of them stays reachable for the whole run. As
 * {@link JournalEntry} objects behind an {@code ArrayList} they took 44 bytes each (44 MB of the 177 MB of live data
 * the collector copies and marks again and again in a 256 MB heap); as rows they take 16. Amounts and times are ints
 * while they fit (times as milliseconds after the first entry's); a value that does not fit widens its column for good,
 * so no journal depends on these limits. Entries are values: two reads of one entry are equal, not the same object.
 */
public final class Journal extends AbstractList<JournalEntry> implements RandomAccess {

    /** Account index of an opening deposit's (absent) debited account. */
    public static final int NO_ACCOUNT = -1;

    private final List<String> accounts = new java.util.ArrayList<>();
    private final Map<String, Integer> accountIndex = new HashMap<>();
    private int size;
    private int[] from;
    private int[] to;
    private int[] amountNarrow;
    private long[] amountWide;
    private long firstTimeMs;
    private int[] timeDeltaNarrow;
    private long[] timeWide;

    /** An empty journal with room for {@code capacity} entries. */
    public Journal(int capacity) {
        int c = Math.max(1, capacity);
        from = new int[c];
        to = new int[c];
        amountNarrow = new int[c];
        timeDeltaNarrow = new int[c];
    }

    /** The same entries as columns ({@code entries} itself when it is one). */
    public static Journal of(List<JournalEntry> entries) {
        if (entries instanceof Journal journal) {
            return journal;
        }
        Journal journal = new Journal(entries.size());
        for (JournalEntry e : entries) {
            if (e.id() != journal.size) {
                throw new IllegalArgumentException("entry ids must count from 0 in journal order: " + e);
            }
            journal.append(e.fromAccount(), e.toAccount(), e.amountCents(), e.timeMs());
        }
        return journal;
    }

    /**
     * Appends the next entry (its id is the journal's size before the call); {@code fromAccount} null for an opening
     * deposit. Only the journal's maker appends, before the run; the {@link List} view is read-only.
     */
    public void append(String fromAccount, String toAccount, long amountCents, long timeMs) {
        append(fromAccount == null ? NO_ACCOUNT : addAccount(fromAccount), addAccount(toAccount), amountCents, timeMs);
    }

    /**
     * Appends the next entry by account indexes ({@link #addAccount} gave them; {@link #NO_ACCOUNT} as the
     * debited account of an opening deposit), for a maker that names the same accounts a million times.
     */
    public void append(int fromIndex, int toIndex, long amountCents, long timeMs) {
        if (fromIndex < NO_ACCOUNT || fromIndex >= accounts.size() || toIndex < 0 || toIndex >= accounts.size()) {
            throw new IllegalArgumentException("no account with index " + (toIndex < 0 || toIndex >= accounts.size()
                    ? toIndex : fromIndex));
        }
        if (size == from.length) {
            grow();
        }
        from[size] = fromIndex;
        to[size] = toIndex;
        if (amountWide == null && (int) amountCents != amountCents) {
            amountWide = widen(amountNarrow, 0);
            amountNarrow = null;
        }
        if (amountWide != null) {
            amountWide[size] = amountCents;
        } else {
            amountNarrow[size] = (int) amountCents;
        }
        if (size == 0) {
            firstTimeMs = timeMs;
        }
        long delta = timeMs - firstTimeMs;
        if (timeWide == null && (int) delta != delta) {
            timeWide = widen(timeDeltaNarrow, firstTimeMs);
            timeDeltaNarrow = null;
        }
        if (timeWide != null) {
            timeWide[size] = timeMs;
        } else {
            timeDeltaNarrow[size] = (int) delta;
        }
        size++;
    }

    /** The index of {@code account}, added to the journal's accounts if no entry named it yet. */
    public int addAccount(String account) {
        Integer index = accountIndex.get(account);
        if (index == null) {
            index = accounts.size();
            accounts.add(account);
            accountIndex.put(account, index);
        }
        return index;
    }

    private long[] widen(int[] narrow, long offset) {
        long[] wide = new long[from.length];
        for (int i = 0; i < size; i++) {
            wide[i] = narrow[i] + offset;
        }
        return wide;
    }

    private void grow() {
        int capacity = from.length * 2;
        from = Arrays.copyOf(from, capacity);
        to = Arrays.copyOf(to, capacity);
        if (amountWide != null) {
            amountWide = Arrays.copyOf(amountWide, capacity);
        } else {
            amountNarrow = Arrays.copyOf(amountNarrow, capacity);
        }
        if (timeWide != null) {
            timeWide = Arrays.copyOf(timeWide, capacity);
        } else {
            timeDeltaNarrow = Arrays.copyOf(timeDeltaNarrow, capacity);
        }
    }

    /** Entry {@code id}, built from its row (equal to the entry appended, a new object on every call). */
    @Override
    public JournalEntry get(int id) {
        java.util.Objects.checkIndex(id, size);
        return new JournalEntry(id, fromAccount(id), toAccount(id), amountCents(id), timeMs(id));
    }

    @Override
    public int size() {
        return size;
    }

    public boolean isOpening(int id) {
        return from[id] == NO_ACCOUNT;
    }

    /** The debited account's index, or {@link #NO_ACCOUNT} for an opening deposit. */
    public int fromIndex(int id) {
        return from[id];
    }

    /** The credited account's index. */
    public int toIndex(int id) {
        return to[id];
    }

    /** The debited account, or null for an opening deposit. */
    public String fromAccount(int id) {
        int index = from[id];
        return index == NO_ACCOUNT ? null : accounts.get(index);
    }

    public String toAccount(int id) {
        return accounts.get(to[id]);
    }

    public long amountCents(int id) {
        return amountWide != null ? amountWide[id] : amountNarrow[id];
    }

    public long timeMs(int id) {
        return timeWide != null ? timeWide[id] : firstTimeMs + timeDeltaNarrow[id];
    }

    /**
     * Whether {@code entry} is this journal's entry of its id (equal to {@link #get get(entry.id())}), compared
     * column by column without building the journal's entry.
     */
    public boolean holds(JournalEntry entry) {
        int id = entry.id();
        return id >= 0 && id < size && entry.amountCents() == amountCents(id) && entry.timeMs() == timeMs(id)
                && entry.toAccount().equals(toAccount(id)) && java.util.Objects.equals(entry.fromAccount(), fromAccount(id));
    }

    /** How many distinct accounts the entries name: indexes run from 0 to this, in order of first appearance. */
    public int accountCount() {
        return accounts.size();
    }

    /** The account with index {@code index}. */
    public String account(int index) {
        return accounts.get(index);
    }

    /** The index of {@code account}, or {@link #NO_ACCOUNT} when no entry names it. */
    public int accountIndex(String account) {
        Integer index = accountIndex.get(account);
        return index == null ? NO_ACCOUNT : index;
    }
}
