package racelab.compare;

import java.util.List;
import racelab.ledger.LedgerRun;
import racelab.ledger.StepOutcome;
import racelab.ledger.TraceStep;

/**
 * What one run cost, counted from its trace: the price a mitigation paid for its verdict on this interleaving.
 *
 * @param statements statements sent to H2 (a blocked statement counts once, when it completes; ROLLBACKs count)
 * @param lockWaits times a step was observed waiting on a lock (H2 row lock, in-process lock or writer queue)
 * @param stepsBlocked schedule steps spent waiting, summed over all waits: a step blocked at schedule step 4 and
 *     released by step 6 spent 2 steps blocked
 * @param retries times a transaction was rolled back and run again
 * @param aborts transactions that ended with a database error, deadlock victims included
 */
public record RunCost(int statements, int lockWaits, int stepsBlocked, int retries, int aborts) {

    /** Counts the costs of a finished run. */
    public static RunCost of(LedgerRun run) {
        List<TraceStep> trace = run.steps();
        int[] positions = SchedulePositions.of(run.schedule(), trace);
        int statements = 0;
        int lockWaits = 0;
        int stepsBlocked = 0;
        int retries = 0;
        int aborts = 0;
        for (int j = 0; j < trace.size(); j++) {
            TraceStep event = trace.get(j);
            StepOutcome outcome = event.outcome();
            if (outcome == StepOutcome.BLOCKED) {
                // Its statements are repeated in the event that completes the step; count them there.
                lockWaits++;
                stepsBlocked += releasedAt(trace, positions, j, run.schedule().size()) - positions[j];
                continue;
            }
            statements += event.sql().size();
            if (outcome == StepOutcome.RETRIED) {
                retries++;
            } else if (outcome == StepOutcome.ABORTED || outcome == StepOutcome.DEADLOCK_VICTIM) {
                aborts++;
            }
        }
        return new RunCost(statements, lockWaits, stepsBlocked, retries, aborts);
    }

    /** Schedule position of the event that ended the wait of blocked event {@code j}. */
    private static int releasedAt(List<TraceStep> trace, int[] positions, int j, int scheduleSize) {
        String lane = trace.get(j).lane();
        for (int k = j + 1; k < trace.size(); k++) {
            if (trace.get(k).lane().equals(lane) && trace.get(k).outcome() != StepOutcome.BLOCKED) {
                return positions[k];
            }
        }
        return scheduleSize;
    }

    /** One line for tables: {@code 14 statements · 1 lock wait (2 steps) · 0 retries · 0 aborts}. */
    public String summary() {
        return statements + " statement" + plural(statements) + " · " + lockWaits + " lock wait" + plural(lockWaits)
                + " (" + stepsBlocked + " step" + plural(stepsBlocked) + " blocked) · " + retries + " retr"
                + (retries == 1 ? "y" : "ies") + " · " + aborts + " abort" + plural(aborts);
    }

    private static String plural(int count) {
        return count == 1 ? "" : "s";
    }
}
