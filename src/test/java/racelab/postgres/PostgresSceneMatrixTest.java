package racelab.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import racelab.check.AnomalyType;
import racelab.ledger.LedgerEngine;
import racelab.ledger.LedgerRun;
import racelab.ledger.Mitigations;
import racelab.ledger.StepOutcome;
import racelab.ledger.TraceStep;
import racelab.scenario.LedgerScene;
import racelab.scenario.LedgerSceneLoader;
import racelab.scenario.StepRef;

/**
 * Every shipped ledger scene under every mitigation (the eleven, and advisory-lock) on real PostgreSQL. The expected
 * verdicts come from PostgreSQL's measured behaviour (shared/reference/h2-vs-postgres.md, section 1): the same as
 * H2 except that SERIALIZABLE (SSI) stops write skew; advisory locks behave like an ordered FOR UPDATE that every
 * app instance shares. The run must reach them from the database's behaviour.
 */
class PostgresSceneMatrixTest {

    static Stream<Arguments> scenes() {
        return Stream.of(
                Arguments.of("double-spend", Set.of("naive")),
                Arguments.of("loan-goes-positive", Set.of("naive")),
                // SSI tracks the read of the other row and aborts one of the two: serializable is safe here.
                // repeatable-read-retry is still snapshot isolation: SSI is SERIALIZABLE only.
                Arguments.of("write-skew", Set.of("naive", "repeatable-read", "repeatable-read-retry",
                        "conditional-update", "check-constraint")),
                Arguments.of("lost-update-absolute-write", Set.of("naive", "check-constraint")),
                Arguments.of("opposite-transfers-deadlock", Set.of()),
                // Without idempotency keys only repeatable-read escapes (40001 on the retry's UPDATE); a lock does not
                // make a repeated request a different one.
                Arguments.of("retry-applied-twice", Set.of("naive", "repeatable-read-retry", "serializable",
                        "for-update", "for-update-unordered", "optimistic-version", "conditional-update", "check-constraint",
                        "app-lock", "single-writer", "advisory-lock")),
                // The check reads the replica: no lock on the primary makes that read current.
                Arguments.of("stale-replica-read", Set.of("naive", "repeatable-read", "repeatable-read-retry",
                        "serializable", "app-lock", "advisory-lock")),
                // An advisory lock lives in the database, so both app instances queue on it.
                Arguments.of("app-lock-two-instances", Set.of("naive", "app-lock")),
                // Row locks miss the new member (13.2.1: a locking read that waited does not see rows inserted by the
                // transaction it waited for); SSI tracks the predicate read and aborts T2 with 40001 (13.2.3).
                Arguments.of("phantom-group-member", Set.of("naive", "repeatable-read", "repeatable-read-retry",
                        "for-update", "for-update-unordered", "check-constraint")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenes")
    void everyMitigationReachesWhatPostgresReallyGives(String sceneId, Set<String> violatedUnder) throws Exception {
        LedgerScene scene = LedgerSceneLoader.load(Path.of("scenes", sceneId + ".yaml"));
        PostgresBackend backend = SharedPostgres.backend();
        assertThat(Mitigations.idsOn(backend)).hasSize(12).contains("advisory-lock");
        Map<String, String> expected = new LinkedHashMap<>();
        Map<String, String> actual = new LinkedHashMap<>();
        try (LedgerEngine engine = LedgerEngine.open(scene, backend)) {
            for (String mitigation : Mitigations.idsOn(backend)) {
                LedgerRun run = engine.run(mitigation, scene.schedule());
                expected.put(mitigation, violatedUnder.contains(mitigation) ? "violated" : "safe");
                actual.put(mitigation, run.verdict());
                assertTraceIsWellFormed(run);
                assertThat(run.database().backend()).isEqualTo("postgres");
                assertThat(run.database().server()).startsWith("PostgreSQL 17.");
            }
        }
        assertThat(actual).isEqualTo(expected);
    }

    /** Structural facts every run must have, with PostgreSQL's SQLStates. */
    static void assertTraceIsWellFormed(LedgerRun run) {
        List<TraceStep> steps = run.steps();
        Map<StepRef, Integer> finalEvents = new HashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            TraceStep step = steps.get(i);
            assertThat(step.index()).isEqualTo(i);
            if (step.outcome() == StepOutcome.BLOCKED) {
                assertThat(step.blockedBy()).as("blocked step %s", step.step()).isNotNull().isNotEqualTo(step.lane());
            } else {
                assertThat(step.blockedBy()).isNull();
                finalEvents.merge(step.step(), step.outcome() == StepOutcome.RETRIED ? 0 : 1, Integer::sum);
            }
            if (step.outcome() == StepOutcome.DEADLOCK_VICTIM) {
                assertThat(step.sqlState()).isEqualTo(PostgresSqlStates.DEADLOCK_DETECTED);
            }
            // H2's codes never appear: a CHECK violation is 23514 and a deadlock is never reported as 40001.
            assertThat(step.sqlState()).isNotIn("23513", "HYT00");
        }
        for (StepRef step : run.schedule()) {
            if (!step.lane().equals("replica")) {
                assertThat(finalEvents.get(step)).as("final events of %s", step).isEqualTo(1);
            }
        }
        assertThat(steps.get(steps.size() - 1).balances()).isEqualTo(run.finalBalances());
        long before = run.initialBalances().values().stream().mapToLong(Long::longValue).sum();
        long after = run.finalBalances().values().stream().mapToLong(Long::longValue).sum();
        assertThat(run.has(AnomalyType.MONEY_CREATED)).isEqualTo(after > before);
        assertThat(run.has(AnomalyType.MONEY_DESTROYED)).isEqualTo(after < before);
    }
}
