package racelab.ui.compare;

import java.util.List;
import racelab.ledger.StepOutcome;
import racelab.ledger.TraceStep;

/**
 * One trace event as a compare column lists it.
 *
 * @param scheduleStep 0-based schedule step whose release produced the event
 * @param outcome what happened, for the line's colour
 * @param summary e.g. {@code T2.apply blocked by T1} or {@code T2.apply aborted · SQLState 23513}
 * @param sql the statements the event sent (empty for a blocked event: they are listed when it completes)
 * @param detail the engine's sentence about it
 * @param current whether the event belongs to the schedule step under the cursor
 */
public record TraceLine(int scheduleStep, StepOutcome outcome, String summary, List<String> sql, String detail,
                        boolean current) {

    public TraceLine {
        sql = List.copyOf(sql);
    }

    static TraceLine of(TraceStep event, int scheduleStep, boolean current) {
        List<String> sql = event.outcome() == StepOutcome.BLOCKED ? List.of() : event.sql();
        return new TraceLine(scheduleStep, event.outcome(), summary(event), sql,
                event.detail() == null ? "" : event.detail(), current);
    }

    /** The event in a few words: who did what, and the SQLState or blocker when there is one. */
    static String summary(TraceStep event) {
        String step = event.step().toString();
        String state = event.sqlState() == null ? "" : " · SQLState " + event.sqlState();
        switch (event.outcome()) {
            case RAN:
                return step + " ran";
            case BLOCKED:
                return step + " blocked by " + event.blockedBy();
            case UNBLOCKED:
                return step + " unblocked, ran";
            case DECLINED:
                return step + " declined by the app";
            case ABORTED:
                return step + " aborted" + state;
            case DEADLOCK_VICTIM:
                return step + " deadlock victim" + state;
            case RETRIED:
                return step + " retried" + state;
            case SKIPPED:
                return step + " skipped (lane ended)";
            default:
                return step + " " + event.outcome();
        }
    }
}
