package racelab.logsim.forensics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import racelab.logsim.model.Journal;
import racelab.logsim.model.JournalEntry;
import racelab.logsim.scene.Workload;
import racelab.logsim.sim.Seed;

/**
 * The ground truth against an independent replay written the plain way (boxed maps, one balance at a time), over
 * seeded random journals: overdrafts, idle accounts, accounts that only ever receive, and journals of shipped shape.
 */
class GroundTruthTest {

    /** The reference: the journal applied in order to empty accounts, nothing clever. */
    private record Reference(Map<String, Long> balances, boolean[] applied, long expectedTotal,
            Map<String, List<Integer>> touching) {

        static Reference of(List<JournalEntry> journal) {
            Map<String, Long> balances = new TreeMap<>();
            boolean[] applied = new boolean[journal.size()];
            long total = 0;
            Map<String, List<Integer>> touching = new LinkedHashMap<>();
            for (JournalEntry e : journal) {
                balances.putIfAbsent(e.toAccount(), 0L);
                touching.computeIfAbsent(e.toAccount(), k -> new ArrayList<>()).add(e.id());
                if (e.isOpening()) {
                    balances.put(e.toAccount(), balances.get(e.toAccount()) + e.amountCents());
                    total += e.amountCents();
                    applied[e.id()] = true;
                    continue;
                }
                balances.putIfAbsent(e.fromAccount(), 0L);
                touching.computeIfAbsent(e.fromAccount(), k -> new ArrayList<>()).add(e.id());
                long from = balances.get(e.fromAccount());
                if (from >= e.amountCents()) {
                    balances.put(e.fromAccount(), from - e.amountCents());
                    balances.put(e.toAccount(), balances.get(e.toAccount()) + e.amountCents());
                    applied[e.id()] = true;
                }
            }
            return new Reference(balances, applied, total, touching);
        }
    }

    /** A journal with random openings (some accounts never opened) and transfers that often overdraw. */
    private static List<JournalEntry> randomJournal(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int accounts = 2 + random.nextInt(12);
        List<JournalEntry> journal = new ArrayList<>();
        for (int i = 0; i < accounts; i++) {
            if (random.nextInt(4) > 0) {
                journal.add(new JournalEntry(journal.size(), null, "a" + i, random.nextLong(500), i));
            }
        }
        int transfers = random.nextInt(400);
        for (int i = 0; i < transfers; i++) {
            int from = random.nextInt(accounts);
            int to = (from + 1 + random.nextInt(accounts - 1)) % accounts;
            // Fresh strings for the same account: the replay must compare account names, not string identity.
            journal.add(new JournalEntry(journal.size(), new String("a" + from), new String("a" + to),
                    1 + random.nextLong(300), 1000 + i));
        }
        return journal;
    }

    private static void assertMatchesReference(List<JournalEntry> journal, String what) {
        GroundTruth truth = GroundTruth.of(journal);
        Reference ref = Reference.of(journal);
        assertThat(truth.balances()).as(what).containsExactlyEntriesOf(ref.balances());
        assertThat(truth.applied()).as(what).containsExactly(ref.applied());
        assertThat(truth.expectedTotal()).as(what).isEqualTo(ref.expectedTotal());
        assertThat(truth.touching()).as(what).hasSameSizeAs(ref.touching());
        ref.touching().forEach((account, ids) ->
                assertThat(truth.touching().get(account)).as(what + " " + account).containsExactlyElementsOf(ids));
    }

    @Test
    void randomJournalsReplayLikeThePlainReplay() {
        for (long seed = 1; seed <= 300; seed++) {
            assertMatchesReference(randomJournal(seed), "seed " + seed);
        }
    }

    @Test
    void randomJournalsAsColumnsReplayLikeThePlainReplay() {
        for (long seed = 1; seed <= 300; seed++) {
            assertMatchesReference(Journal.of(randomJournal(seed)), "columns, seed " + seed);
        }
    }

    @Test
    void workloadJournalsReplayLikeThePlainReplay() {
        for (long seed = 1; seed <= 20; seed++) {
            Workload w = new Workload(2 + (int) (seed % 9), 200 + seed * 37, 2_000, 20, 400, (int) (seed % 3), 1_000);
            assertMatchesReference(w.generate(new Seed(seed)), "workload seed " + seed);
        }
    }

    @Test
    void anEmptyJournalHasNoAccounts() {
        GroundTruth truth = GroundTruth.of(List.of());
        assertThat(truth.balances()).isEmpty();
        assertThat(truth.touching()).isEmpty();
        assertThat(truth.expectedTotal()).isZero();
    }

    @Test
    void theResultCannotBeChangedByItsReaders() {
        List<JournalEntry> journal = List.of(new JournalEntry(0, null, "a", 100, 0), new JournalEntry(1, "a", "b", 60, 1),
                new JournalEntry(2, "a", "b", 60, 2));
        GroundTruth truth = GroundTruth.of(journal);
        assertThat(truth.balances()).containsExactly(Map.entry("a", 40L), Map.entry("b", 60L));
        assertThat(truth.applied()).containsExactly(true, true, false);
        assertThat(truth.touching().get("a")).containsExactly(0, 1, 2);
        assertThatThrownBy(() -> truth.touching().get("a").add(1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> truth.touching().put("x", List.of())).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> truth.balances().put("x", 1L)).isInstanceOf(UnsupportedOperationException.class);
    }
}
