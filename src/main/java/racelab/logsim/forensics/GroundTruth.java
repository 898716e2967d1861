package racelab.logsim.forensics;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.TreeMap;
import racelab.logsim.model.Journal;
import racelab.logsim.model.JournalEntry;

/**
 * The journal applied in order, one entry at a time, to empty accounts: the balances a correct ledger ends with,
 * which entries it applies (a transfer the balance cannot cover is rejected), the money deposited, and which
 * entries touch each account. The simulator's forensics and the real-Kafka audit both judge against this one
 * definition, so the two can never disagree about what "correct" means.
 */
public final class GroundTruth {

    private final Map<String, Long> balances;
    private final boolean[] applied;
    private final long expectedTotal;
    private final List<JournalEntry> journal;
    private Map<String, List<Integer>> touching;

    private GroundTruth(Map<String, Long> balances, boolean[] applied, long expectedTotal, List<JournalEntry> journal) {
        this.balances = balances;
        this.applied = applied;
        this.expectedTotal = expectedTotal;
        this.journal = journal;
    }

    /**
     * Replays the journal serially over its columns ({@link Journal#of}: the journal itself when it is one, else its
     * entries as columns; entry ids index the journal from 0): balances by account index, no hashing, no boxing and
     * no entry objects (a million-entry journal replays in milliseconds). Every account an entry names has a balance;
     * the sorted map is built once at the end.
     */
    public static GroundTruth of(List<JournalEntry> journal) {
        Journal columns = Journal.of(journal);
        long[] cents = new long[columns.accountCount()];
        boolean[] applied = new boolean[columns.size()];
        long expectedTotal = 0;
        for (int id = 0; id < columns.size(); id++) {
            int to = columns.toIndex(id);
            long amount = columns.amountCents(id);
            if (columns.isOpening(id)) {
                cents[to] += amount;
                expectedTotal += amount;
                applied[id] = true;
            } else {
                int from = columns.fromIndex(id);
                if (cents[from] >= amount) {
                    cents[from] -= amount;
                    cents[to] += amount;
                    applied[id] = true;
                }
            }
        }
        Map<String, Long> balances = new TreeMap<>();
        for (int account = 0; account < cents.length; account++) {
            balances.put(columns.account(account), cents[account]);
        }
        return new GroundTruth(Collections.unmodifiableMap(balances), applied, expectedTotal, journal);
    }

    /** Final balance per account, in account order. */
    public Map<String, Long> balances() {
        return balances;
    }

    /** Whether each entry (by id) is applied; the array is shared, callers only read it. */
    public boolean[] applied() {
        return applied;
    }

    /** Money deposited by opening entries: what the balances must sum to. */
    public long expectedTotal() {
        return expectedTotal;
    }

    /**
     * Entry ids that credit or debit each account, in journal order. Built on first use (an audit without lineage
     * never asks), as int arrays behind read-only lists.
     */
    public Map<String, List<Integer>> touching() {
        if (touching == null) {
            Map<String, IntList> lists = new HashMap<>();
            for (JournalEntry e : journal) {
                lists.computeIfAbsent(e.toAccount(), k -> new IntList()).add(e.id());
                if (!e.isOpening()) {
                    lists.computeIfAbsent(e.fromAccount(), k -> new IntList()).add(e.id());
                }
            }
            touching = Collections.unmodifiableMap(lists);
        }
        return touching;
    }

    /** A growable list of ints, read-only through the List interface. */
    private static final class IntList extends AbstractList<Integer> implements RandomAccess {
        private int[] values = new int[8];
        private int size;

        void add(int value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        @Override
        public Integer get(int index) {
            Objects.checkIndex(index, size);
            return values[index];
        }

        @Override
        public int size() {
            return size;
        }
    }
}
