package racelab.explore;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import racelab.check.Anomaly;
import racelab.check.AnomalyType;
import racelab.ledger.LedgerRun;
import racelab.ledger.StepOutcome;
import racelab.ledger.TraceStep;
import racelab.scenario.LedgerScene;
import racelab.scenario.StepRef;
import racelab.scenario.Transfer;

/**
 * An in-memory stand-in for the naive mitigation under read committed, for tests that must not depend on the
 * database: a check reads the committed balance, an apply buffers a relative debit, a commit publishes it.
 */
final class FakeReadCommittedRunner implements ScheduleRunner {

    private final LedgerScene scene;
    boolean closed;
    int runs;

    FakeReadCommittedRunner(LedgerScene scene) {
        this.scene = scene;
    }

    @Override
    public LedgerRun run(String mitigation, List<StepRef> schedule) {
        runs++;
        Map<String, Long> committed = new LinkedHashMap<>();
        scene.accounts().forEach(a -> committed.put(a.id(), a.balance()));
        Map<String, Long> initial = new LinkedHashMap<>(committed);
        Map<String, Transfer> transfers = new HashMap<>();
        scene.transfers().forEach(t -> transfers.put(t.id(), t));
        Map<String, Boolean> declined = new HashMap<>();
        Map<String, Boolean> applied = new HashMap<>();
        List<TraceStep> trace = new ArrayList<>();
        for (StepRef step : schedule) {
            Transfer transfer = transfers.get(step.lane());
            StepOutcome outcome = StepOutcome.RAN;
            if (declined.getOrDefault(step.lane(), false)) {
                outcome = StepOutcome.SKIPPED;
            } else if (step.phase().equals("check")) {
                if (committed.get(transfer.from()) < transfer.amount()) {
                    declined.put(step.lane(), true);
                    outcome = StepOutcome.DECLINED;
                }
            } else if (step.phase().equals("apply")) {
                applied.put(step.lane(), true);
            } else if (step.phase().equals("commit") && applied.getOrDefault(step.lane(), false)) {
                committed.merge(transfer.from(), -transfer.amount(), Long::sum);
                committed.merge(transfer.to(), transfer.amount(), Long::sum);
            }
            trace.add(new TraceStep(trace.size(), step, List.of(), 0, 0, outcome, null, null, "", committed));
        }
        List<Anomaly> anomalies = new ArrayList<>();
        scene.accounts().forEach(a -> {
            if (!a.constraint().allows(committed.get(a.id()))) {
                anomalies.add(new Anomaly(AnomalyType.CONSTRAINT_VIOLATED, a.id(), "overdrawn", -1));
            }
        });
        return new LedgerRun(scene, "naive", schedule, initial, trace, committed, anomalies);
    }

    @Override
    public void close() {
        closed = true;
    }
}
