package racelab.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import racelab.explore.Independence;
import racelab.explore.InterleavingIterator;
import racelab.explore.Lanes;
import racelab.scenario.LedgerScene;
import racelab.scenario.LedgerSceneLoader;
import racelab.scenario.StepRef;

/**
 * {@code optimistic-version} compares versions only on the rows the decision depends on: two customers paying one
 * shop (a hot credited account with no rule) must never conflict on the shop's row, in any interleaving, while each
 * debit is still compared against the version its check read.
 */
class OptimisticVersionHotPayeeTest {

    private static final LedgerScene TWO_PAYERS_ONE_SHOP = parse(String.join("\n",
            "id: hot-payee", "kind: ledger", "title: two customers pay one shop",
            "accounts:",
            "  - { id: alice, balance: 100, constraint: non-negative }",
            "  - { id: carol, balance: 100, constraint: non-negative }",
            "  - { id: shop, balance: 0 }",
            "transfers:",
            "  - { id: T1, from: alice, to: shop, amount: 60 }",
            "  - { id: T2, from: carol, to: shop, amount: 60 }",
            "mitigation: optimistic-version",
            "schedule: [T1.begin, T1.check, T2.begin, T2.check, T1.apply, T1.commit, T2.apply, T2.commit]",
            "narration: x", ""));

    @Test
    void theCreditedShopIsWrittenWithoutAVersionCompareSoNoInterleavingRetries() throws Exception {
        Lanes lanes = Lanes.of(TWO_PAYERS_ONE_SHOP);
        List<List<StepRef>> every = new ArrayList<>();
        InterleavingIterator schedules = new InterleavingIterator(lanes, Independence.none(lanes));
        while (schedules.hasNext()) {
            every.add(lanes.toSteps(schedules.next()));
        }
        assertThat(every).hasSize(70);
        int shopWrites = 0;
        try (LedgerEngine engine = LedgerEngine.open(TWO_PAYERS_ONE_SHOP)) {
            for (List<StepRef> schedule : every) {
                LedgerRun run = engine.run("optimistic-version", schedule);
                assertThat(run.steps()).as("%s", schedule)
                        .noneMatch(step -> step.outcome() == StepOutcome.RETRIED
                                || step.outcome() == StepOutcome.ABORTED
                                || step.outcome() == StepOutcome.DEADLOCK_VICTIM);
                assertThat(run.finalBalances()).as("%s", schedule)
                        .containsEntry("alice", 40L).containsEntry("carol", 40L).containsEntry("shop", 120L);
                for (TraceStep step : run.steps()) {
                    for (String sql : step.sql()) {
                        if (!sql.startsWith("UPDATE account")) {
                            continue;
                        }
                        if (sql.contains("WHERE id = 'shop'")) {
                            shopWrites++;
                            assertThat(sql).as("the credited row is bumped, never compared")
                                    .contains("version = version + 1").doesNotContain("AND version =");
                        } else {
                            assertThat(sql).as("a debited row is compared with the version its check read")
                                    .contains("AND version = 0");
                        }
                    }
                }
            }
        }
        // Each run credits the shop twice; a blocked UPDATE appears again when it completes, so at least 2 per run.
        assertThat(shopWrites).isGreaterThanOrEqualTo(2 * every.size());
    }

    private static LedgerScene parse(String yaml) {
        try {
            return LedgerSceneLoader.parse("<test>", yaml);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
