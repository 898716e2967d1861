package racelab.explore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import racelab.check.Anomaly;
import racelab.check.AnomalyType;
import racelab.ledger.LedgerRun;
import racelab.ledger.StepOutcome;
import racelab.ledger.TraceStep;
import racelab.scenario.StepRef;

class OutcomeTest {

    @Test
    void aBrokenLedgerIsViolatedEvenWhenADeadlockWasAlsoHandled() {
        assertThat(Outcome.of(run(List.of(StepOutcome.DEADLOCK_VICTIM),
                List.of(new Anomaly(AnomalyType.LOST_UPDATE, "alice", "lost", 3))))).isEqualTo(Outcome.VIOLATED);
    }

    @Test
    void stepOutcomesDecideWhenTheLedgerIsIntact() {
        assertThat(Outcome.of(run(List.of(StepOutcome.RAN, StepOutcome.DEADLOCK_VICTIM, StepOutcome.RETRIED), List.of())))
                .isEqualTo(Outcome.DEADLOCK);
        assertThat(Outcome.of(run(List.of(StepOutcome.ABORTED, StepOutcome.RETRIED), List.of())))
                .isEqualTo(Outcome.ABORTED_RETRIED);
        assertThat(Outcome.of(run(List.of(StepOutcome.ABORTED, StepOutcome.SKIPPED), List.of())))
                .isEqualTo(Outcome.ABORTED);
        assertThat(Outcome.of(run(List.of(StepOutcome.BLOCKED, StepOutcome.UNBLOCKED, StepOutcome.DECLINED), List.of())))
                .isEqualTo(Outcome.DECLINED);
        assertThat(Outcome.of(run(List.of(StepOutcome.RAN, StepOutcome.BLOCKED, StepOutcome.UNBLOCKED), List.of())))
                .isEqualTo(Outcome.SAFE);
    }

    private static LedgerRun run(List<StepOutcome> outcomes, List<Anomaly> anomalies) {
        List<TraceStep> steps = new java.util.ArrayList<>();
        for (StepOutcome outcome : outcomes) {
            steps.add(new TraceStep(steps.size(), new StepRef("T1", "check"), List.of(), 0, 0, outcome, null, null, "",
                    Map.of()));
        }
        return new LedgerRun(TestScenes.withdrawals(1), "naive", List.of(), Map.of(), steps, Map.of(), anomalies);
    }
}
