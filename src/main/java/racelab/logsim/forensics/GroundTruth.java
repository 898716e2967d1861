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

    /** One account's running balance during the replay (a mutable cell, so the replay does no boxing). */
    private static final class Cell {
        long cents;
    }

    /**
     * Replays the journal serially; entry ids index the journal from 0. One hash lookup per account per entry and no
     * boxing (a million-entry journal replays in milliseconds); the sorted map is built once at the end.
     */
    public static GroundTruth of(List<JournalEntry> journal) {
        if (journal instanceof Journal columns) {
            return ofColumns(columns);
        }
        Map<String, Cell> cells = new HashMap<>();
        boolean[] applied = new boolean[journal.size()];
        long expectedTotal = 0;
        for (JournalEntry e : journal) {
            Cell to = cells.computeIfAbsent(e.toAccount(), k -> new Cell());
            if (e.isOpening()) {
                to.cents += e.amountCents();
                expectedTotal += e.amountCents();
                applied[e.id()] = true;
            } else {
                Cell from = cells.computeIfAbsent(e.fromAccount(), k -> new Cell());
                if (from.cents >= e.amountCents()) {
                    from.cents -= e.amountCents();
                    to.cents += e.amountCents();
                    applied[e.id()] = true;
                }
            }
        }
        Map<String, Long> balances = new TreeMap<>();
        cells.forEach((account, cell) -> balances.put(account, cell.cents));
        return new GroundTruth(Collections.unmodifiableMap(balances), applied, expectedTotal, journal);
    }

    /**
     * The same replay over a journal's columns: balances by account index, no hashing and no entry objects. Every
     * account an entry names has a balance, as in {@link #of}; the sorted map is built once at the end.
     */
    private static GroundTruth ofColumns(Journal journal) {
        long[] cents = new long[journal.accountCount()];
        boolean[] applied = new boolean[journal.size()];
        long expectedTotal = 0;
        for (int id = 0; id < journal.size(); id++) {
            int to = journal.toIndex(id);
            long amount = journal.amountCents(id);
            if (journal.isOpening(id)) {
                cents[to] += amount;
                expectedTotal += amount;
                applied[id] = true;
            } else {
                int from = journal.fromIndex(id);
                if (cents[from] >= amount) {
                    cents[from] -= amount;
                    cents[to] += amount;
                    applied[id] = true;
                }
            }
        }
        Map<String, Long> balances = new TreeMap<>();
        for (int account = 0; account < cents.length; account++) {
            balances.put(journal.account(account), cents[account]);
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
