package racelab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import racelab.ledger.LedgerBenchTargets;
import racelab.ledger.Mitigations;

/**
 * A short load benchmark of each of the ledger's mitigations, checking the honest shape, never a timing: every
 * request is accounted for, the sound fixes never let an account break its rule and conserve money, and the naive
 * one does break rules under load.
 *
 * <p>Which fixes are unsafe is the specification, not a measured result: on this workload (one rule per account,
 * relative writes, one app instance) only {@code naive} lets the race through on H2. Snapshot isolation
 * (repeatable-read, serializable) aborts the second writer of a row; FOR UPDATE, app locks and writer queues
 * serialise the check with the write; the version compare-and-set, the conditional UPDATE and the CHECK constraint
 * re-test the rule on the latest row. (H2 cannot show write skew across rows, which none of these transfers has.)
 */
class MitigationShapeBenchTest {

    private static final Set<String> UNSAFE_ON_H2 = Set.of("naive");

    /** Many workers on few hot accounts, with amounts as large as the opening balance, so the rules bite. */
    private static BenchSettings hot(String mitigation, long transfers) {
        return new BenchSettings(List.of(mitigation), List.of(8), Workload.hotSet(200, 4, 0.9, 11), 0, transfers, 0,
                transfers / 10, 1, 100, 0);
    }

    static List<String> mitigations() {
        return Mitigations.ids();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mitigations")
    void everyRequestIsAccountedForAndSoundFixesNeverBreakARule(String mitigation) {
        RunStats run = new BenchRunner(LedgerBenchTargets.catalog()).runOnce(mitigation, 8, hot(mitigation, 3000));

        assertThat(run.requested()).isEqualTo(3300);
        assertThat(run.applied() + run.declined() + run.failed()).isEqualTo(run.requested());
        assertThat(run.applied()).as("some transfers go through").isPositive();
        assertThat(run.declined()).as("the rules bite on this workload").isPositive();
        if (!UNSAFE_ON_H2.contains(mitigation)) {
            assertThat(run.violations()).as("committed updates that broke a rule").isZero();
            assertThat(run.accountsOutsideRuleAtEnd()).isZero();
            assertThat(run.moneyAfter()).as("money conserved").isEqualTo(run.moneyBefore());
        }
    }

    @Test
    void naiveCheckThenActBreaksRulesUnderLoad() {
        BenchRunner runner = new BenchRunner(LedgerBenchTargets.catalog());
        long violations = 0;
        // The race needs two transfers between read and write at once; a few runs make that all but certain.
        for (int attempt = 0; attempt < 8 && violations == 0; attempt++) {
            RunStats run = runner.runOnce("naive", 8, hot("naive", 5000));
            assertThat(run.applied() + run.declined() + run.failed()).isEqualTo(run.requested());
            violations += run.violations();
        }
        assertThat(violations).isPositive();
    }

    @Test
    void theCatalogOffersEveryMitigationOfTheLedger() {
        assertThat(LedgerBenchTargets.catalog().ids()).containsExactlyElementsOf(Mitigations.ids()).hasSize(11);
    }
}
