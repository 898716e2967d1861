package racelab.ui.replay;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import racelab.ledger.StepOutcome;
import racelab.ledger.TraceStep;
import racelab.scenario.StepRef;

/** Small hand-written traces for view model tests (the engine's own traces are used by the UI tests). */
public final class Traces {

    private Traces() {
    }

    public static TraceStep step(int index, String ref, StepOutcome outcome, String blockedBy, long alice, long bob) {
        Map<String, Long> balances = new LinkedHashMap<>();
        balances.put("alice", alice);
        balances.put("bob", bob);
        return new TraceStep(index, StepRef.parseOrNull(ref), List.of("SELECT 1 -- " + ref), 0, 0, outcome, blockedBy,
                null, "detail of " + ref, balances);
    }

    public static Map<String, Long> opening(long alice, long bob) {
        Map<String, Long> balances = new LinkedHashMap<>();
        balances.put("alice", alice);
        balances.put("bob", bob);
        return balances;
    }

    /** T1 and T2 both withdraw 80 from alice's 100; the overdraft shows after T2.commit. */
    public static List<TraceStep> doubleSpend() {
        return List.of(
                step(0, "T1.begin", StepOutcome.RAN, null, 100, 0),
                step(1, "T1.check", StepOutcome.RAN, null, 100, 0),
                step(2, "T2.begin", StepOutcome.RAN, null, 100, 0),
                step(3, "T2.check", StepOutcome.RAN, null, 100, 0),
                step(4, "T1.apply", StepOutcome.RAN, null, 100, 0),
                step(5, "T1.commit", StepOutcome.RAN, null, 20, 80),
                step(6, "T2.apply", StepOutcome.RAN, null, 20, 80),
                step(7, "T2.commit", StepOutcome.RAN, null, -60, 160));
    }
}
