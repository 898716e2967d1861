package racelab.logsim.scene;

import java.util.SplittableRandom;
import racelab.logsim.model.Journal;
import racelab.logsim.sim.Seed;

/**
 * A seeded journal: one opening deposit per account, then transfers between random active accounts at a steady rate.
 * The last {@code idleAccounts} accounts are opened and then never touched (they make retention visible, F15).
 *
 * @param startMs time of the first opening entry
 */
public record Workload(int accounts, long openingBalanceCents, int transfers, long ratePerSecond, long maxAmountCents,
        int idleAccounts, long startMs) {

    public Workload {
        if (accounts < 2) {
            throw new IllegalArgumentException("a workload needs at least 2 accounts");
        }
    }

    /** A small default workload. */
    public static Workload defaults() {
        return new Workload(6, 1_000, 300, 20, 400, 0, 1_000);
    }

    public String accountId(int index) {
        return String.format("acct-%02d", index + 1);
    }

    /** The journal for a seed: same seed, same journal (as columns, {@link Journal}). */
    public Journal generate(Seed seed) {
        SplittableRandom random = seed.derive("workload");
        Journal journal = new Journal(accounts + transfers);
        // One id string per account, shared by every entry (formatting per entry dominated large journals), and
        // named by its index in the journal's columns.
        int[] ids = new int[accounts];
        for (int i = 0; i < accounts; i++) {
            ids[i] = journal.addAccount(accountId(i));
            journal.append(Journal.NO_ACCOUNT, ids[i], openingBalanceCents, startMs + i);
        }
        int active = Math.max(2, accounts - idleAccounts);
        long firstTransferMs = startMs + accounts + 100;
        for (int i = 0; i < transfers; i++) {
            int from = random.nextInt(active);
            int to = random.nextInt(active - 1);
            if (to >= from) {
                to++;
            }
            long amount = 1 + random.nextLong(Math.max(1, maxAmountCents));
            long timeMs = firstTransferMs + (i * 1000L) / Math.max(1, ratePerSecond);
            journal.append(ids[from], ids[to], amount, timeMs);
        }
        return journal;
    }

    public long lastEntryMs() {
        return startMs + accounts + 100 + ((long) Math.max(0, transfers - 1) * 1000L) / Math.max(1, ratePerSecond);
    }
}
