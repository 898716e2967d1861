package racelab.explore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import racelab.scenario.LedgerScene;

/** The search logic against an in-memory runner; the real-H2 tests are in {@code LedgerExplorerH2Test}. */
class LedgerExplorerCoreTest {

    private final LedgerScene scene = TestScenes.withdrawals(2);
    private final List<FakeReadCommittedRunner> opened = new ArrayList<>();
    private final LedgerExplorer explorer = new LedgerExplorer(s -> {
        FakeReadCommittedRunner runner = new FakeReadCommittedRunner(s);
        opened.add(runner);
        return runner;
    }, new MitigationFootprints());

    @Test
    void prunedSearchRunsOneSchedulePerClassAndCountsTheRestAsPruned() throws Exception {
        ExploreResult result = explorer.explore(scene, "naive", ExploreOptions.DEFAULT, ProgressListener.NONE,
                new Cancellation());
        assertThat(result.schedules()).isEqualTo(70);
        assertThat(result.explored()).isEqualTo(opened.get(0).runs).isLessThan(70);
        assertThat(result.pruned()).isEqualTo(70 - result.explored()).isPositive();
        assertThat(result.outcomes().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(result.explored());
        assertThat(opened.get(0).closed).isTrue();
        assertThat(result.schedulesByOutcome().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(70);
    }

    @Test
    void outcomeSetWithPruningEqualsOutcomeSetWithout() throws Exception {
        ExploreResult pruned = explorer.explore(scene, "naive", ExploreOptions.DEFAULT, ProgressListener.NONE,
                new Cancellation());
        ExploreResult full = explorer.explore(scene, "naive", ExploreOptions.DEFAULT.withPrune(false),
                ProgressListener.NONE, new Cancellation());
        assertThat(full.explored()).isEqualTo(70);
        assertThat(full.pruned()).isZero();
        assertThat(nonZero(pruned)).isEqualTo(nonZero(full)).contains(Outcome.VIOLATED, Outcome.DECLINED);
        // Counted over every interleaving, the numbers do not depend on pruning at all.
        assertThat(pruned.schedulesByOutcome()).isEqualTo(full.schedulesByOutcome());
        assertThat(pruned.minimal().schedule()).isEqualTo(full.minimal().schedule());
    }

    @Test
    void minimalCounterexampleIsTheViolatingClassNearestToSerialOrderInFoataForm() throws Exception {
        ExploreResult result = explorer.explore(scene, "naive", ExploreOptions.DEFAULT, ProgressListener.NONE,
                new Cancellation());
        ScheduleResult minimal = result.minimal();
        // In this model a write shows at commit, so the race needs just T2.check before T1.commit.
        assertThat(minimal.distance()).isEqualTo(1);
        assertThat(Schedules.text(minimal.schedule()))
                .isEqualTo("T1.begin T2.begin T1.check T2.check T1.apply T1.commit T2.apply T2.commit");
        FakeReadCommittedRunner replay = new FakeReadCommittedRunner(scene);
        assertThat(Outcome.of(replay.run("naive", minimal.schedule()))).isEqualTo(Outcome.VIOLATED);
        assertThat(result.violating()).allSatisfy(v -> assertThat(v.distance()).isGreaterThanOrEqualTo(1));
        assertThat(result.violating().get(0).distance()).isEqualTo(1);
    }

    @Test
    void cancelStopsBeforeTheNextRunAndClosesTheRunner() throws Exception {
        Cancellation cancellation = new Cancellation();
        List<ExploreProgress> seen = new ArrayList<>();
        ExploreResult result = explorer.explore(scene, "naive", ExploreOptions.DEFAULT.withPrune(false), progress -> {
            seen.add(progress);
            if (progress.explored() == 5) {
                cancellation.cancel();
            }
        }, cancellation);
        assertThat(result.complete()).isFalse();
        assertThat(result.explored()).isEqualTo(5);
        assertThat(seen).extracting(ExploreProgress::explored).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(seen.get(0).toExplore()).isEqualTo(70);
        assertThat(opened.get(0).closed).isTrue();
    }

    private static java.util.Set<Outcome> nonZero(ExploreResult result) {
        java.util.Set<Outcome> set = java.util.EnumSet.noneOf(Outcome.class);
        result.outcomes().forEach((outcome, count) -> {
            if (count > 0) {
                set.add(outcome);
            }
        });
        return set;
    }
}
