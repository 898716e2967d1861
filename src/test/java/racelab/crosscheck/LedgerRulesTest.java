package racelab.crosscheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.RepetitionInfo;
import racelab.crosscheck.child.LedgerRules;
import racelab.crosscheck.child.LedgerRules.Entry;
import racelab.crosscheck.child.LedgerRules.Lineage;
import racelab.crosscheck.child.LedgerRules.Outcome;

/** The real apps' processing step: the linked lineage audits like the full one, and replays decide like the simulator. */
class LedgerRulesTest {

    private static final List<String> ACCOUNTS = List.of("A", "B", "C", "D");

    /** A one-partition app with a producer buffer, crashes that lose it, restores and replays from a committed offset. */
    private static final class App {
        final List<String> topicKeys = new ArrayList<>();
        final List<String> topicValues = new ArrayList<>();
        final List<String[]> buffer = new ArrayList<>();
        final Map<String, String> balances = new HashMap<>();
        final List<String> emitted = new ArrayList<>();
        Lineage lineage;
        final boolean linked;
        int processes;

        App(boolean linked) {
            this.linked = linked;
            newProcess();
        }

        void newProcess() {
            processes++;
            lineage = linked ? Lineage.linked("p" + processes) : Lineage.FULL;
        }

        void process(Entry e, long offset, boolean idempotent) {
            Outcome o = LedgerRules.apply(e, offset, "app", idempotent, lineage, balances::get, (k, v) -> {
                balances.put(k, v);
                buffer.add(new String[] {k, v});
            });
            emitted.add(e.id() + ":" + o);
        }

        void flush() {
            for (String[] w : buffer) {
                topicKeys.add(w[0]);
                topicValues.add(w[1]);
            }
            buffer.clear();
        }

        void crashAndRestore() {
            buffer.clear();
            balances.clear();
            for (int i = 0; i < topicKeys.size(); i++) {
                balances.put(topicKeys.get(i), topicValues.get(i));
            }
            newProcess();
        }
    }

    private static List<Entry> journal(Random random, int transfers) {
        List<Entry> entries = new ArrayList<>();
        for (String a : ACCOUNTS) {
            entries.add(new Entry(entries.size(), "", a, 500));
        }
        for (int i = 0; i < transfers; i++) {
            String from = ACCOUNTS.get(random.nextInt(ACCOUNTS.size()));
            String to = ACCOUNTS.get(random.nextInt(ACCOUNTS.size()));
            if (!from.equals(to)) {
                entries.add(new Entry(entries.size(), from, to, 1 + random.nextInt(400)));
            }
        }
        return entries;
    }

    /** Runs one seeded schedule of processing, flushes, commits and crashes through an app. */
    private static App run(long seed, boolean linked) {
        Random random = new Random(seed);
        List<Entry> journal = journal(random, 60 + random.nextInt(60));
        boolean idempotent = random.nextBoolean();
        App app = new App(linked);
        int position = 0;
        int committed = 0;
        int steps = 0;
        // Commits may run ahead of flushes (the F4 bug itself): some schedules lose the openings for good.
        while (position < journal.size() && steps++ < 10_000) {
            app.process(journal.get(position), position, idempotent);
            position++;
            int dice = random.nextInt(20);
            if (dice < 3) {
                app.flush();
            } else if (dice < 5) {
                committed = position - random.nextInt(Math.min(position, 8) + 1);
            } else if (dice == 5) {
                app.crashAndRestore();
                position = committed;
            }
        }
        app.flush();
        return app;
    }

    @RepeatedTest(40)
    void theLinkedLineageExpandsToExactlyTheFullOneWhateverTheCrashes(RepetitionInfo info) throws Exception {
        long seed = 9_000L + info.getCurrentRepetition();
        App full = run(seed, false);
        App linked = run(seed, true);
        assertThat(linked.emitted).as("same decisions, seed " + seed).isEqualTo(full.emitted);
        assertThat(LineageIndex.expand(linked.topicValues)).as("seed " + seed).isEqualTo(full.topicValues);
        int longestFull = full.topicValues.stream().mapToInt(String::length).max().orElse(0);
        int longestLinked = linked.topicValues.stream().mapToInt(String::length).max().orElse(0);
        assertThat(longestLinked).as("a linked value stays small").isLessThan(40);
        if (full.topicValues.size() > 40) {
            assertThat(longestFull).as("the full value grows with the history").isGreaterThan(longestLinked);
        }
    }

    @Test
    void aLinkToAWriteThatIsNotInTheTopicIsReportedNotGuessed() {
        Lineage lineage = Lineage.linked("p1");
        LedgerRules.Balance first = lineage.next(new LedgerRules.Balance(0, -1, "", ""), 100, 0, 0, "app");
        LedgerRules.Balance second = lineage.next(first, 50, 3, 3, "app");
        assertThatThrownBy(() -> LineageIndex.expand(List.of(second.encode())))
                .isInstanceOf(CrossCheckException.class)
                .hasMessageContaining("no write " + first.writeId() + ", which write " + second.writeId());
    }

    private static Outcome replay(Map<String, String> store, Entry e, long offset) {
        return LedgerRules.apply(e, offset, "app", true, Lineage.FULL, store::get, store::put);
    }

    @Test
    void aReplayDecidesLikeTheSimulatorsReplayedTransfer() {
        Map<String, String> store = new HashMap<>();
        assertThat(replay(store, new Entry(0, "", "A", 100), 0)).isEqualTo(Outcome.APPLIED);
        assertThat(replay(store, new Entry(1, "", "B", 100), 1)).isEqualTo(Outcome.APPLIED);
        Entry move = new Entry(2, "A", "B", 30);
        assertThat(replay(store, move, 2)).isEqualTo(Outcome.APPLIED);
        Map<String, String> afterMove = Map.copyOf(store);
        assertThat(replay(store, move, 2)).as("both legs there: applied, nothing written").isEqualTo(Outcome.APPLIED);
        assertThat(store).isEqualTo(afterMove);

        // Only the debit survived (the credit's record was lost): the replay completes the credit, once.
        Map<String, String> debitOnly = new HashMap<>(afterMove);
        debitOnly.put("B", new LedgerRules.Balance(100, 1, "app", "1").encode());
        assertThat(replay(debitOnly, move, 2)).isEqualTo(Outcome.APPLIED);
        assertThat(LedgerRules.Balance.decode(debitOnly.get("B")).cents()).isEqualTo(130);

        // A rejected entry (too large) leaves both accounts behind it; later entries move one past it: rejected.
        Entry tooLarge = new Entry(3, "A", "B", 1_000);
        assertThat(replay(store, tooLarge, 3)).isEqualTo(Outcome.REJECTED);
        assertThat(replay(store, new Entry(4, "", "A", 5), 4)).isEqualTo(Outcome.APPLIED);
        assertThat(replay(store, tooLarge, 3)).as("payee still behind: it was rejected").isEqualTo(Outcome.REJECTED);
        assertThat(replay(store, new Entry(5, "", "B", 5), 5)).isEqualTo(Outcome.APPLIED);
        assertThat(replay(store, tooLarge, 3)).as("both moved on: unknown, nothing emitted").isEqualTo(Outcome.UNKNOWN);
        assertThat(LedgerRules.Balance.decode(store.get("A")).cents()).isEqualTo(75);
        assertThat(LedgerRules.Balance.decode(store.get("B")).cents()).isEqualTo(135);
    }
}
