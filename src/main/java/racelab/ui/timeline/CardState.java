package racelab.ui.timeline;

import java.util.List;
import racelab.ledger.StepOutcome;
import racelab.scenario.StepRef;

/**
 * How one card of the timeline looks at one replay position.
 *
 * @param step the schedule step the card stands for
 * @param column its position in the schedule
 * @param outcome the latest outcome of this step among the events already run, or null while it has not run
 * @param current whether the event that just ran belongs to this card
 * @param blockedBy the lane holding the lock while the step waits, else null
 * @param sqlState the database's error code when the latest event was an abort, else null
 * @param sql statements the step sent so far (empty before it ran), for hover and selection
 * @param detail the engine's sentence about the latest event of this step, or empty
 */
public record CardState(
        StepRef step,
        int column,
        StepOutcome outcome,
        boolean current,
        String blockedBy,
        String sqlState,
        List<String> sql,
        String detail) {

    public CardState {
        sql = List.copyOf(sql);
    }

    /** Whether the card is drawn as waiting for a lock right now. */
    public boolean waiting() {
        return outcome == StepOutcome.BLOCKED;
    }

    /** Whether the step has not run yet at this position. */
    public boolean pending() {
        return outcome == null;
    }
}
