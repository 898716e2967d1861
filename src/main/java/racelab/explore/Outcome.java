package racelab.explore;

import racelab.check.AnomalyType;
import racelab.ledger.LedgerRun;
import racelab.ledger.StepOutcome;
import racelab.ledger.TraceStep;

/**
 * The class of one run's result, from worst to best; a run gets the first class that applies.
 *
 * <p>Only {@link #VIOLATED} means the ledger is wrong; the others are ways a correct mitigation can behave under
 * contention (a deadlock is correct but costly; a decline is the check doing its job).
 */
public enum Outcome {
    /** An anomaly other than a handled deadlock: overdraft, lost update, money created or destroyed. */
    VIOLATED("violated"),
    /**
     * The database failed while replaying the schedule, on two fresh engines in a row, so its outcome is unknown;
     * a search with such runs proves nothing about those schedules (see {@link FreshRunnerOnFailure}).
     */
    ENGINE_ERROR("engine error"),
    /** The database chose a deadlock victim. */
    DEADLOCK("deadlock"),
    /** A transaction was aborted by the database (or failed a compare-and-set) and retried. */
    ABORTED_RETRIED("aborted+retried"),
    /** A transaction was aborted and not retried. */
    ABORTED("aborted"),
    /** The application's check refused a transfer; nothing was written for it. */
    DECLINED("declined"),
    /** Every transfer committed and the ledger is consistent. */
    SAFE("safe");

    private final String label;

    Outcome(String label) {
        this.label = label;
    }

    /** The name used in JSON and tables. */
    public String label() {
        return label;
    }

    /** Classifies a run from its anomalies and the observed outcome of every trace step. */
    public static Outcome of(LedgerRun run) {
        if (run.anomalies().stream().anyMatch(a -> a.type() != AnomalyType.DEADLOCK)) {
            return VIOLATED;
        }
        boolean deadlock = run.anomalies().stream().anyMatch(a -> a.type() == AnomalyType.DEADLOCK);
        boolean retried = false;
        boolean aborted = false;
        boolean declined = false;
        for (TraceStep step : run.steps()) {
            StepOutcome outcome = step.outcome();
            deadlock |= outcome == StepOutcome.DEADLOCK_VICTIM;
            retried |= outcome == StepOutcome.RETRIED;
            aborted |= outcome == StepOutcome.ABORTED;
            declined |= outcome == StepOutcome.DECLINED;
        }
        if (deadlock) {
            return DEADLOCK;
        }
        if (retried) {
            return ABORTED_RETRIED;
        }
        if (aborted) {
            return ABORTED;
        }
        if (declined) {
            return DECLINED;
        }
        return SAFE;
    }
}
