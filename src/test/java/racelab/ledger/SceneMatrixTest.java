package racelab.ledger;

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
import racelab.scenario.LedgerScene;
import racelab.scenario.LedgerSceneLoader;
import racelab.scenario.StepRef;

/**
 * Every shipped scene under every mitigation on real H2. The expected verdicts are what each fix is known to do
 * on H2 (see docs and reference/h2-vs-postgres.md); the run must reach them from the database's behaviour.
 */
class SceneMatrixTest {

    private static final Set<String> ALL = Set.copyOf(Mitigations.ids());

    static Stream<Arguments> scenes() {
        return Stream.of(
                Arguments.of("double-spend", Set.of("naive")),
                Arguments.of("loan-goes-positive", Set.of("naive")),
                // Per-row fixes and H2's snapshot-based SERIALIZABLE cannot see a rule across rows.
                Arguments.of("write-skew", Set.of("naive", "repeatable-read", "repeatable-read-retry", "serializable",
                        "conditional-update", "check-constraint")),
                // A CHECK constraint cannot see a lost update that stays within bounds.
                Arguments.of("lost-update-absolute-write", Set.of("naive", "check-constraint")),
                Arguments.of("opposite-transfers-deadlock", Set.of()),
                // Without idempotency keys only repeatable-read escapes, because the retry's UPDATE hits a row
                // changed after its snapshot and aborts with 40001; repeatable-read-retry retries that 40001 and
                // charges twice after all.
                Arguments.of("retry-applied-twice", Set.of("naive", "repeatable-read-retry", "serializable",
                        "for-update", "for-update-unordered", "optimistic-version", "conditional-update",
                        "check-constraint", "app-lock", "single-writer")),
                // Isolation levels of the primary do not cover reads from another database, nor does an app lock.
                Arguments.of("stale-replica-read", Set.of("naive", "repeatable-read", "repeatable-read-retry",
                        "serializable", "app-lock")),
                Arguments.of("app-lock-two-instances", Set.of("naive", "app-lock")),
                // A member joins the group: row locks on the existing members miss it (a phantom), and so does H2's
                // snapshot-based SERIALIZABLE; the version bump on both existing members, a group queue, app locks
                // taken before the read, and this schedule's conditional UPDATE (run after T1 committed) stop it.
                Arguments.of("phantom-group-member", Set.of("naive", "repeatable-read", "repeatable-read-retry",
                        "serializable", "for-update", "for-update-unordered", "check-constraint")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenes")
    void everyMitigationReachesItsKnownVerdict(String sceneId, Set<String> violatedUnder) throws Exception {
        LedgerScene scene = LedgerSceneLoader.load(Path.of("scenes", sceneId + ".yaml"));
        Map<String, String> expected = new LinkedHashMap<>();
        Map<String, String> actual = new LinkedHashMap<>();
        try (LedgerEngine engine = LedgerEngine.open(scene)) {
            for (String mitigation : Mitigations.ids()) {
                LedgerRun run = engine.run(mitigation, scene.schedule());
                expected.put(mitigation, violatedUnder.contains(mitigation) ? "violated" : "safe");
                actual.put(mitigation, run.verdict());
                assertTraceIsWellFormed(run);
            }
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(ALL).containsAll(violatedUnder);
    }

    @ParameterizedTest(name = "{0} with idempotency keys")
    @MethodSource("scenes")
    void idempotencyKeysNeverBreakAScene(String sceneId, Set<String> violatedUnder) throws Exception {
        LedgerScene scene = LedgerSceneLoader.load(Path.of("scenes", sceneId + ".yaml"));
        try (LedgerEngine engine = LedgerEngine.open(scene)) {
            for (String mitigation : Mitigations.ids()) {
                LedgerRun run = engine.run(mitigation, scene.schedule(), true);
                assertThat(run.has(AnomalyType.DUPLICATE_APPLY)).as(mitigation).isFalse();
                if (!sceneId.equals("retry-applied-twice")) {
                    assertThat(run.verdict()).as(mitigation)
                            .isEqualTo(violatedUnder.contains(mitigation) ? "violated" : "safe");
                }
            }
        }
    }

    /** Structural facts every run must have, whatever the mitigation. */
    static void assertTraceIsWellFormed(LedgerRun run) {
        List<TraceStep> steps = run.steps();
        Map<StepRef, Integer> finalEvents = new HashMap<>();
        for (int i = 0; i < steps.size(); i++) {
            TraceStep step = steps.get(i);
            assertThat(step.index()).isEqualTo(i);
            // Every account that exists from the start is in every snapshot; one a transfer opens appears once
            // that transfer committed its INSERT.
            assertThat(step.balances().keySet()).containsAll(run.initialBalances().keySet());
            for (String account : step.balances().keySet()) {
                assertThat(run.initialBalances().containsKey(account)
                        || run.scene().account(account).orElseThrow().opened()).as(account).isTrue();
            }
            if (step.outcome() == StepOutcome.BLOCKED) {
                assertThat(step.blockedBy()).as("blocked step %s", step.step()).isNotNull().isNotEqualTo(step.lane());
            } else {
                assertThat(step.blockedBy()).isNull();
            }
            if (step.outcome() != StepOutcome.BLOCKED && step.outcome() != StepOutcome.RETRIED) {
                finalEvents.merge(step.step(), 1, Integer::sum);
            }
            if (step.outcome() == StepOutcome.DEADLOCK_VICTIM) {
                assertThat(step.sqlState()).isEqualTo("40001");
            }
        }
        // Every scheduled step ends exactly once, blocked or not: nothing hangs, nothing is lost.
        for (StepRef step : run.schedule()) {
            if (!step.lane().equals("replica")) {
                assertThat(finalEvents.get(step)).as("final events of %s", step).isEqualTo(1);
            }
        }
        assertThat(steps.get(steps.size() - 1).balances()).isEqualTo(run.finalBalances());
        // Retries are bounded: never more than the mitigation's attempts minus the first one, per lane.
        int attempts = Mitigations.byId(run.mitigation()).orElseThrow().maxAttempts();
        Map<String, Long> retries = new HashMap<>();
        steps.stream().filter(s -> s.outcome() == StepOutcome.RETRIED).forEach(s -> retries.merge(s.lane(), 1L, Long::sum));
        retries.values().forEach(count -> assertThat(count).isLessThanOrEqualTo(attempts - 1));
        long before = run.initialBalances().values().stream().mapToLong(Long::longValue).sum();
        long after = run.finalBalances().values().stream().mapToLong(Long::longValue).sum();
        assertThat(run.has(AnomalyType.MONEY_CREATED)).isEqualTo(after > before);
        assertThat(run.has(AnomalyType.MONEY_DESTROYED)).isEqualTo(after < before);
    }
}
