package racelab.explore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import racelab.ledger.LedgerRun;
import racelab.scenario.LedgerScene;
import racelab.scenario.LedgerSceneLoader;
import racelab.scenario.StepRef;

/**
 * A long search survives a database that fails in one run: faults are injected into the runner (the way H2 2.4
 * fails internally, error code 50000 with SQLState HY000), never hoped for.
 */
class SearchSurvivesEngineFailureTest {

    /** H2's internal error as H2 builds it. */
    private static SQLException h2InternalError() {
        return org.h2.message.DbException.get(org.h2.api.ErrorCode.GENERAL_ERROR_1,
                new NullPointerException("this.transaction is null"), "NPE").getSQLException();
    }

    /** Wraps runners so that the runs numbered in {@code failAt} (counted over every runner) throw first. */
    private static final class FaultyRunners implements ScheduleRunnerFactory {
        final ScheduleRunnerFactory real;
        final Set<Integer> failAt;
        final AtomicInteger runs = new AtomicInteger();
        final List<Boolean> closed = new ArrayList<>();
        final List<StepRef> failSchedule;

        FaultyRunners(ScheduleRunnerFactory real, Set<Integer> failAt, List<StepRef> failSchedule) {
            this.real = real;
            this.failAt = failAt;
            this.failSchedule = failSchedule;
        }

        @Override
        public ScheduleRunner open(LedgerScene scene) throws Exception {
            ScheduleRunner inner = real.open(scene);
            int index = closed.size();
            closed.add(false);
            return new ScheduleRunner() {
                @Override
                public LedgerRun run(String mitigation, List<StepRef> schedule) throws Exception {
                    if (failAt.contains(runs.incrementAndGet()) || schedule.equals(failSchedule)) {
                        throw h2InternalError();
                    }
                    return inner.run(mitigation, schedule);
                }

                @Override
                public void close() {
                    closed.set(index, true);
                    inner.close();
                }
            };
        }
    }

    private static ExploreResult search(ScheduleRunnerFactory runners, LedgerScene scene, boolean prune)
            throws Exception {
        return new LedgerExplorer(runners, new MitigationFootprints()).explore(scene, "naive",
                ExploreOptions.DEFAULT.withPrune(prune), ProgressListener.NONE, new Cancellation());
    }

    @Test
    void aRunThatFailsOnceIsReplayedOnAFreshRunnerAndTheCountsAreThoseOfACleanSearch() throws Exception {
        LedgerScene scene = TestScenes.withdrawals(2);
        ExploreResult clean = search(FakeReadCommittedRunner::new, scene, false);
        FaultyRunners faulty = new FaultyRunners(FakeReadCommittedRunner::new, Set.of(5, 40), null);

        ExploreResult result = search(faulty, scene, false);

        assertThat(result.complete()).isTrue();
        assertThat(result.outcomes()).isEqualTo(clean.outcomes());
        assertThat(result.count(Outcome.ENGINE_ERROR)).isZero();
        assertThat(result.minimal().schedule()).isEqualTo(clean.minimal().schedule());
        // One fresh runner per failure, and every runner was closed: the failed ones at once, the last at the end.
        assertThat(faulty.closed).hasSize(3).containsOnly(true);
    }

    @Test
    void aScheduleThatFailsOnTwoFreshEnginesIsRecordedAsAnEngineErrorAndTheSearchGoesOn() throws Exception {
        LedgerScene scene = TestScenes.withdrawals(2);
        ExploreResult clean = search(FakeReadCommittedRunner::new, scene, false);
        List<StepRef> doomed = Lanes.of(scene).toSteps(new InterleavingIterator(Lanes.of(scene),
                Independence.none(Lanes.of(scene))).next());
        FaultyRunners faulty = new FaultyRunners(FakeReadCommittedRunner::new, Set.of(), doomed);

        ExploreResult result = search(faulty, scene, false);

        assertThat(result.complete()).isTrue();
        assertThat(result.explored()).isEqualTo(clean.explored());
        assertThat(result.count(Outcome.ENGINE_ERROR)).isEqualTo(1);
        // Every other result is kept: the violations found before and after the failure are all there.
        assertThat(result.count(Outcome.VIOLATED)).isEqualTo(clean.count(Outcome.VIOLATED));
        assertThat(result.sound()).isFalse();
        assertThat(result.examples().get(Outcome.ENGINE_ERROR).anomalies()).singleElement().asString()
                .startsWith("ENGINE_ERROR").contains("General error");
        assertThat(ExploreReport.text(result)).contains("1 runs failed in the database");
        assertThat(faulty.closed).containsOnly(true);
    }

    @Test
    void onRealH2AnInjectedInternalErrorCostsNoResult() throws Exception {
        LedgerScene scene = LedgerSceneLoader.load(Path.of("scenes/double-spend.yaml"));
        ExploreResult clean = search(new LedgerEngineRunners(), scene, true);
        FaultyRunners faulty = new FaultyRunners(new LedgerEngineRunners(), Set.of(3, 7), null);

        ExploreResult result = search(faulty, scene, true);

        assertThat(result.outcomes()).isEqualTo(clean.outcomes());
        assertThat(result.schedulesByOutcome()).isEqualTo(clean.schedulesByOutcome());
        assertThat(faulty.closed).containsOnly(true);
    }
}
