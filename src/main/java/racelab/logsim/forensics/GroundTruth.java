package racelab.logsim.forensics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
    private final Map<String, List<Integer>> touching;

    private GroundTruth(Map<String, Long> balances, boolean[] applied, long expectedTotal,
            Map<String, List<Integer>> touching) {
        this.balances = balances;
        this.applied = applied;
        this.expectedTotal = expectedTotal;
        this.touching = touching;
    }

    /** Replays the journal serially; entry ids index the journal from 0. */
    public static GroundTruth of(List<JournalEntry> journal) {
        Map<String, Long> balances = new TreeMap<>();
        boolean[] applied = new boolean[journal.size()];
        long expectedTotal = 0;
        Map<String, List<Integer>> touching = new HashMap<>();
        for (JournalEntry e : journal) {
            balances.putIfAbsent(e.toAccount(), 0L);
            touching.computeIfAbsent(e.toAccount(), k -> new ArrayList<>()).add(e.id());
            if (e.isOpening()) {
                balances.merge(e.toAccount(), e.amountCents(), Long::sum);
                expectedTotal += e.amountCents();
                applied[e.id()] = true;
            } else {
                balances.putIfAbsent(e.fromAccount(), 0L);
                touching.computeIfAbsent(e.fromAccount(), k -> new ArrayList<>()).add(e.id());
                if (balances.get(e.fromAccount()) >= e.amountCents()) {
                    balances.merge(e.fromAccount(), -e.amountCents(), Long::sum);
                    balances.merge(e.toAccount(), e.amountCents(), Long::sum);
                    applied[e.id()] = true;
                }
            }
        }
        return new GroundTruth(Collections.unmodifiableMap(balances), applied, expectedTotal,
                Collections.unmodifiableMap(touching));
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

    /** Entry ids that credit or debit each account, in journal order. */
    public Map<String, List<Integer>> touching() {
        return touching;
    }
}
