package racelab.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import racelab.ledger.StepOutcome;
import racelab.scenario.LedgerScene;
import racelab.scenario.LedgerSceneLoader;

/** The comparison on real H2, for the seed's double spend. */
class ComparisonTest {

    private static Comparison comparison;

    @BeforeAll
    static void run() throws Exception {
        LedgerScene scene = LedgerSceneLoader.load(Path.of("scenes/double-spend.yaml"));
        comparison = Comparison.run(scene, List.of("naive", "for-update", "optimistic-version", "check-constraint"),
                scene.schedule());
    }

    private static ComparedRun run(String mitigation) {
        return comparison.runs().stream().filter(r -> r.mitigation().equals(mitigation)).findFirst().orElseThrow();
    }

    @Test
    void naiveIsViolatedAndPaysNothing() {
        ComparedRun naive = run("naive");
        assertThat(naive.outcome().kind()).isEqualTo(Outcome.Kind.VIOLATED);
        assertThat(naive.outcome().safe()).isFalse();
        assertThat(naive.cost().lockWaits()).isZero();
        assertThat(naive.cost().retries()).isZero();
        assertThat(naive.run().finalBalances().get("alice")).isNegative();
    }

    @Test
    void forUpdateWaitsAtTheCheckUntilT1CommitsThenDeclines() {
        ComparedRun forUpdate = run("for-update");
        assertThat(forUpdate.outcome().kind()).isEqualTo(Outcome.Kind.DECLINED);
        assertThat(forUpdate.outcome().label()).isEqualTo("safe: T2 declined");
        // T2.check (schedule step 4) waits for T1's lock until T1.commit (step 6): two steps blocked.
        assertThat(forUpdate.cost().lockWaits()).isEqualTo(1);
        assertThat(forUpdate.cost().stepsBlocked()).isEqualTo(2);
        assertThat(forUpdate.cost().aborts()).isZero();
    }

    @Test
    void optimisticVersionIsSafeAfterARetryAndCountsItsStatements() {
        ComparedRun optimistic = run("optimistic-version");
        assertThat(optimistic.outcome().kind()).isEqualTo(Outcome.Kind.SAFE_AFTER_RETRIES);
        assertThat(optimistic.cost().retries()).isEqualTo(
                (int) optimistic.run().steps().stream().filter(s -> s.outcome() == StepOutcome.RETRIED).count());
        assertThat(optimistic.cost().retries()).isPositive();
        assertThat(optimistic.cost().statements()).isGreaterThan(run("naive").cost().statements());
    }

    @Test
    void checkConstraintAbortsWithTheCheckViolationState() {
        ComparedRun check = run("check-constraint");
        assertThat(check.outcome().kind()).isEqualTo(Outcome.Kind.ABORTED);
        assertThat(check.outcome().label()).contains("23513");
        assertThat(check.cost().aborts()).isEqualTo(1);
    }

    @Test
    void everyColumnHasItsOneLineTradeOff() {
        comparison.runs().forEach(r -> assertThat(r.tradeOffNote()).isNotBlank());
        assertThat(TradeOffNotes.figuresLink("for-update")).isEqualTo("docs/tradeoffs.md#what-the-table-says-fix-by-fix");
    }

    @Test
    void anUnknownMitigationIsRefusedBeforeAnythingRuns() {
        assertThatThrownBy(() -> Comparison.run(comparison.scene(), List.of("naive", "nope"), comparison.schedule()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown mitigation 'nope'");
    }

    @Test
    void theReportsListEveryMitigationWithItsOutcome() {
        String table = CompareReport.table(comparison);
        String markdown = CompareReport.markdown(comparison, "compare.png");
        for (ComparedRun run : comparison.runs()) {
            assertThat(table).contains(run.mitigation()).contains(run.outcome().label());
            assertThat(markdown).contains("| `" + run.mitigation() + "` | " + run.outcome().label() + " |");
        }
        assertThat(markdown).contains("![Compare view of double-spend](compare.png)");
    }
}
