package racelab.explore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import racelab.ledger.LedgerEngine;
import racelab.scenario.LedgerScene;
import racelab.scenario.LedgerSceneLoader;
import racelab.scenario.StepRef;

/** The explorer on the real engine: embedded H2, one connection and one thread per lane. */
class LedgerExplorerH2Test {

    private static final String DEADLOCK_SCENE = String.join("\n",
            "id: opposite-transfers",
            "kind: ledger",
            "title: Two transfers in opposite directions",
            "accounts:",
            "  - { id: alice, balance: 100, constraint: non-negative }",
            "  - { id: bob, balance: 100, constraint: non-negative }",
            "transfers:",
            "  - { id: T1, from: alice, to: bob, amount: 30 }",
            "  - { id: T2, from: bob, to: alice, amount: 40 }",
            "mitigation: for-update-unordered",
            "schedule: [T1.begin, T2.begin, T1.check, T2.check, T1.apply, T2.apply, T1.commit, T2.commit]",
            "narration: Opposite transfers for the deadlock tests.",
            "");

    private final LedgerExplorer explorer = new LedgerExplorer(new LedgerEngineRunners(), new MitigationFootprints());

    private static LedgerScene doubleSpend() throws Exception {
        return LedgerSceneLoader.load(Path.of("scenes/double-spend.yaml"));
    }

    private static LedgerScene oppositeTransfers() throws Exception {
        return LedgerSceneLoader.parse("<test>", DEADLOCK_SCENE);
    }

    private ExploreResult explore(LedgerScene scene, String mitigation, boolean prune) throws Exception {
        return explorer.explore(scene, mitigation, ExploreOptions.DEFAULT.withPrune(prune), ProgressListener.NONE,
                new Cancellation());
    }

    @Test
    void naiveCodeOverdrawsInSomeInterleavingAndTheMinimalOneHasBothChecksBeforeBothApplies() throws Exception {
        ExploreResult result = explore(doubleSpend(), "naive", true);
        assertThat(result.count(Outcome.VIOLATED)).isPositive();
        assertThat(result.violating()).hasSize((int) result.count(Outcome.VIOLATED));
        List<StepRef> minimal = result.minimal().schedule();
        int lastCheck = Math.max(minimal.indexOf(new StepRef("T1", "check")), minimal.indexOf(new StepRef("T2", "check")));
        int firstApply = Math.min(minimal.indexOf(new StepRef("T1", "apply")), minimal.indexOf(new StepRef("T2", "apply")));
        assertThat(lastCheck).isLessThan(firstApply);
        assertThat(result.minimal().distance()).isEqualTo(1);
        // The minimal schedule is shown in normal form, not necessarily as run: replaying it must break the ledger.
        assertThat(Outcome.of(LedgerEngine.runOnce(doubleSpend(), "naive", minimal))).isEqualTo(Outcome.VIOLATED);
    }

    @Test
    void forUpdateAndConditionalUpdateHoldInEveryInterleaving() throws Exception {
        for (String mitigation : List.of("for-update", "conditional-update")) {
            ExploreResult result = explore(doubleSpend(), mitigation, true);
            assertThat(result.complete()).isTrue();
            assertThat(result.explored()).as(mitigation).isPositive();
            assertThat(result.count(Outcome.VIOLATED)).as(mitigation).isZero();
            assertThat(result.minimal()).as(mitigation).isNull();
            assertThat(result.count(Outcome.DECLINED)).as(mitigation + ": the second transfer is refused").isPositive();
        }
    }

    @Test
    void unorderedRowLocksDeadlockInSomeInterleavingAndOrderedOnesNever() throws Exception {
        ExploreResult unordered = explore(oppositeTransfers(), "for-update-unordered", true);
        ExploreResult ordered = explore(oppositeTransfers(), "for-update", true);
        assertThat(unordered.count(Outcome.DEADLOCK)).isPositive();
        assertThat(unordered.count(Outcome.VIOLATED)).isZero();
        assertThat(ordered.count(Outcome.DEADLOCK)).isZero();
        assertThat(ordered.count(Outcome.VIOLATED)).isZero();
        assertThat(ordered.count(Outcome.SAFE)).isPositive();
    }

    @Test
    void pruningFindsTheSameOutcomesAndBalancesAsRunningEveryInterleaving() throws Exception {
        for (LedgerScene scene : List.of(doubleSpend(), oppositeTransfers())) {
            for (String mitigation : LedgerSceneLoader.MITIGATION_IDS) {
                ExploreResult pruned = explore(scene, mitigation, true);
                ExploreResult full = explore(scene, mitigation, false);
                String what = scene.id() + " / " + mitigation;
                assertThat(full.explored()).as(what).isEqualTo(full.schedules());
                assertThat(signatures(pruned)).as(what).isEqualTo(signatures(full));
                assertThat(pruned.schedulesByOutcome()).as(what).isEqualTo(full.schedulesByOutcome());
                assertThat(pruned.minimal() == null ? null : pruned.minimal().schedule()).as(what)
                        .isEqualTo(full.minimal() == null ? null : full.minimal().schedule());
            }
        }
    }

    @Test
    void cancelStopsMidSearchAndLeavesNoLaneThreadsAndNoDatabaseSessions() throws Exception {
        Set<String> databasesBefore = H2Probe.openLabDatabases();
        long threadsBefore = H2Probe.threadsNamed("ledger-lane-");
        Cancellation cancellation = new Cancellation();
        AtomicReference<Set<String>> databasesDuring = new AtomicReference<>();
        AtomicReference<Long> threadsDuring = new AtomicReference<>();
        // One runner, so the count at the cancel is exact; ParallelExploreH2Test cancels a search on several.
        LedgerExplorer oneRunner = new LedgerExplorer(new LedgerEngineRunners(), new MitigationFootprints(), 1);
        ExploreResult result = oneRunner.explore(doubleSpend(), "naive", ExploreOptions.DEFAULT.withPrune(false),
                progress -> {
                    if (progress.explored() == 10) {
                        databasesDuring.set(H2Probe.openLabDatabases());
                        threadsDuring.set(H2Probe.threadsNamed("ledger-lane-"));
                        cancellation.cancel();
                    }
                }, cancellation);
        assertThat(result.complete()).isFalse();
        assertThat(result.explored()).isEqualTo(10);
        // The probes see the engine while it runs, so their "nothing left" below means something.
        assertThat(databasesDuring.get()).hasSizeGreaterThan(databasesBefore.size());
        assertThat(threadsDuring.get()).isEqualTo(threadsBefore + 2);
        assertThat(H2Probe.openLabDatabases()).isEqualTo(databasesBefore);
        assertThat(H2Probe.threadsNamed("ledger-lane-")).isEqualTo(threadsBefore);
    }

    private static Set<String> signatures(ExploreResult result) {
        Set<String> signatures = new TreeSet<>();
        for (ScheduleResult violating : result.violating()) {
            signatures.add("violated " + violating.finalBalances());
        }
        result.outcomes().forEach((outcome, count) -> {
            if (count > 0) {
                signatures.add(outcome.label());
            }
        });
        return signatures;
    }
}
