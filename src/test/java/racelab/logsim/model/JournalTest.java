package racelab.logsim.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import racelab.logsim.scene.Workload;
import racelab.logsim.sim.Seed;

/**
 * The columnar journal against the entries it was built from, over seeded random journals whose amounts and times
 * sometimes overflow the narrow columns, and the workload's journal against the plain list the workload built before.
 */
class JournalTest {

    /** Random entries: openings and transfers among a few accounts, some amounts and times beyond an int. */
    private static List<JournalEntry> randomEntries(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int accounts = 1 + random.nextInt(20);
        int size = random.nextInt(300);
        boolean wideAmounts = random.nextInt(3) == 0;
        boolean wideTimes = random.nextInt(3) == 0;
        long startMs = random.nextInt(3) == 0 ? -random.nextLong(1L << 40) : random.nextLong(1L << 40);
        List<JournalEntry> entries = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            String to = "acct-" + random.nextInt(accounts);
            String from = random.nextInt(4) == 0 ? null : new String("acct-" + random.nextInt(accounts));
            long amount = wideAmounts && random.nextInt(50) == 0 ? (1L << 33) + random.nextLong(1L << 40)
                    : random.nextLong(-1000, 100_000);
            long timeMs = startMs + (wideTimes && i > size / 2 ? (1L << 32) + i : i * 7L);
            entries.add(new JournalEntry(i, from, to, amount, timeMs));
        }
        return entries;
    }

    @Test
    void columnsReadBackEveryEntryAsBuilt() {
        for (long seed = 1; seed <= 400; seed++) {
            List<JournalEntry> entries = randomEntries(seed);
            Journal journal = Journal.of(entries);
            String what = "seed " + seed;
            assertThat(journal).as(what).isEqualTo(entries);
            assertThat(journal.hashCode()).as(what).isEqualTo(entries.hashCode());
            Set<String> accounts = new LinkedHashSet<>();
            for (JournalEntry e : entries) {
                if (e.fromAccount() != null) {
                    accounts.add(e.fromAccount());
                }
                accounts.add(e.toAccount());
            }
            assertThat(journal.accountCount()).as(what).isEqualTo(accounts.size());
            for (JournalEntry e : entries) {
                int id = e.id();
                assertThat(journal.get(id)).as(what).isEqualTo(e);
                assertThat(journal.isOpening(id)).isEqualTo(e.isOpening());
                assertThat(journal.fromAccount(id)).isEqualTo(e.fromAccount());
                assertThat(journal.toAccount(id)).isEqualTo(e.toAccount());
                assertThat(journal.amountCents(id)).isEqualTo(e.amountCents());
                assertThat(journal.timeMs(id)).isEqualTo(e.timeMs());
                assertThat(journal.account(journal.toIndex(id))).isEqualTo(e.toAccount());
                assertThat(journal.accountIndex(e.toAccount())).isEqualTo(journal.toIndex(id));
                assertThat(journal.fromIndex(id)).isEqualTo(e.isOpening() ? Journal.NO_ACCOUNT
                        : journal.accountIndex(e.fromAccount()));
                assertThat(journal.holds(e)).as(what + " " + e).isTrue();
                assertThat(journal.holds(new JournalEntry(id, e.fromAccount(), e.toAccount(), e.amountCents() + 1,
                        e.timeMs()))).isFalse();
                assertThat(journal.holds(new JournalEntry(id, e.fromAccount(), e.toAccount(), e.amountCents(),
                        e.timeMs() - 1))).isFalse();
                assertThat(journal.holds(new JournalEntry(id, e.fromAccount(), e.toAccount() + "x", e.amountCents(),
                        e.timeMs()))).isFalse();
                assertThat(journal.holds(new JournalEntry(id, e.isOpening() ? "other" : null, e.toAccount(),
                        e.amountCents(), e.timeMs()))).isFalse();
            }
            assertThat(journal.holds(new JournalEntry(entries.size(), null, "acct-0", 1, 0))).isFalse();
            assertThat(journal.accountIndex("no such account")).isEqualTo(Journal.NO_ACCOUNT);
        }
    }

    @Test
    void ofKeepsAJournalAndRefusesIdsOutOfOrder() {
        Journal journal = Journal.of(randomEntries(7));
        assertThat(Journal.of(journal)).isSameAs(journal);
        List<JournalEntry> skipping = List.of(new JournalEntry(0, null, "a", 1, 0), new JournalEntry(2, "a", "b", 1, 1));
        assertThatThrownBy(() -> Journal.of(skipping)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theListViewIsReadOnly() {
        Journal journal = Journal.of(List.of(new JournalEntry(0, null, "a", 100, 0)));
        assertThatThrownBy(() -> journal.add(new JournalEntry(1, "a", "b", 1, 1)))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> journal.set(0, new JournalEntry(0, null, "b", 1, 1)))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> journal.get(1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void appendingByIndexIsAppendingByName() {
        List<JournalEntry> entries = randomEntries(11);
        Journal byIndex = new Journal(1);
        for (JournalEntry e : entries) {
            byIndex.append(e.isOpening() ? Journal.NO_ACCOUNT : byIndex.addAccount(e.fromAccount()),
                    byIndex.addAccount(e.toAccount()), e.amountCents(), e.timeMs());
        }
        assertThat(byIndex).isEqualTo(entries);
        assertThatThrownBy(() -> byIndex.append(Journal.NO_ACCOUNT, byIndex.accountCount(), 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> byIndex.append(-2, 0, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(byIndex).hasSameSizeAs(entries);
    }

    /** The workload's journal as the workload built it before it was columns: a plain list of entries. */
    private static List<JournalEntry> plainWorkloadJournal(Workload w, Seed seed) {
        SplittableRandom random = seed.derive("workload");
        List<JournalEntry> journal = new ArrayList<>();
        for (int i = 0; i < w.accounts(); i++) {
            journal.add(new JournalEntry(journal.size(), null, w.accountId(i), w.openingBalanceCents(), w.startMs() + i));
        }
        int active = Math.max(2, w.accounts() - w.idleAccounts());
        long firstTransferMs = w.startMs() + w.accounts() + 100;
        for (int i = 0; i < w.transfers(); i++) {
            int from = random.nextInt(active);
            int to = random.nextInt(active - 1);
            if (to >= from) {
                to++;
            }
            long amount = 1 + random.nextLong(Math.max(1, w.maxAmountCents()));
            long timeMs = firstTransferMs + (i * 1000L) / Math.max(1, w.ratePerSecond());
            journal.add(new JournalEntry(journal.size(), w.accountId(from), w.accountId(to), amount, timeMs));
        }
        return journal;
    }

    @Test
    void theWorkloadJournalIsTheOneItBuiltAsAList() {
        for (long seed = 1; seed <= 40; seed++) {
            Workload w = new Workload(2 + (int) (seed % 13), 100 + seed * 1_000_000_000L, (int) (seed * 37), 1 + seed * 3,
                    1 + seed * seed * 100_000_000L, (int) (seed % 4), seed * 1_000_000_000L);
            assertThat(w.generate(new Seed(seed))).as("seed " + seed).isEqualTo(plainWorkloadJournal(w, new Seed(seed)));
        }
    }
}
