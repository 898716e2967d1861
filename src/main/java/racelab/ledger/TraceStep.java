package racelab.ledger;

import java.util.List;
import java.util.Map;
import racelab.scenario.StepRef;

/**
 * One event of a run's trace, with the state of every account right after it.
 *
 * <p>A blocked step appears twice: once as {@link StepOutcome#BLOCKED} when it was released, once as
 * {@link StepOutcome#UNBLOCKED} (or aborted) when the lock holder let go. The UI steps over these events.
 *
 * @param index 0-based position in the trace
 * @param step the schedule step this event belongs to
 * @param sql the exact statements sent, in order; empty when the step is pure application logic
 * @param rowsRead rows returned by reads in this event
 * @param rowsAffected rows changed by writes in this event
 * @param blockedBy lane holding the lock, for BLOCKED; otherwise null
 * @param sqlState SQLState of the error, for ABORTED and DEADLOCK_VICTIM; otherwise null
 * @param detail one sentence for people, e.g. "reads alice = 100, 100 >= 80: allowed"
 * @param balances committed balance of every account after this event, in scene order
 */
public record TraceStep(
        int index,
        StepRef step,
        List<String> sql,
        int rowsRead,
        int rowsAffected,
        StepOutcome outcome,
        String blockedBy,
        String sqlState,
        String detail,
        Map<String, Long> balances) {

    public TraceStep {
        sql = List.copyOf(sql);
        balances = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(balances));
    }

    public String lane() {
        return step.lane();
    }

    public String phase() {
        return step.phase();
    }
}
