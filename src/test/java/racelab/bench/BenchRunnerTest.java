package racelab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The harness on its own, with two test-only targets: one racy, one atomic. */
class BenchRunnerTest {

    private static BenchSettings countMode(String mitigation, int workers, long transfers) {
        return new BenchSettings(List.of(mitigation), List.of(workers), Workload.hotSet(200, 4, 0.9, 42),
                0, transfers, 0, transfers / 10, 3, 50, 0);
    }

    @Test
    void racyCheckThenActOverdrawsUnderLoadAndTheAuditSeesIt() {
        BenchReport report = new BenchRunner(new TestTargets())
                .run(countMode("test-check-then-act", 8, 20_000), BenchProgress.NONE);
        CellResult cell = report.cells().get(0);
        System.out.println(cell);
        assertThat(cell.maxViolations()).isPositive();
        assertThat(cell.allAccountedFor()).isTrue();
    }

    @Test
    void atomicConditionalUpdateNeverOverdrawsAndConservesMoney() {
        BenchReport report = new BenchRunner(new TestTargets())
                .run(countMode("test-conditional", 8, 20_000), BenchProgress.NONE);
        CellResult cell = report.cells().get(0);
        System.out.println(cell);
        assertThat(cell.maxViolations()).isZero();
        assertThat(cell.allAccountedFor()).isTrue();
        assertThat(cell.moneyConservedInAllRuns()).isTrue();
        for (RunStats run : cell.runs()) {
            assertThat(run.requested()).isEqualTo(22_000);
            assertThat(run.accountsOutsideRuleAtEnd()).isZero();
            assertThat(run.measuredTransfers()).isEqualTo(20_000);
        }
    }
}
