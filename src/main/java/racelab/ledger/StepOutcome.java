package racelab.ledger;

/** What happened to one step when it was released, as observed from the database. */
public enum StepOutcome {
    /** Ran to completion without waiting. */
    RAN,
    /** Waits on a lock held by another lane (see {@link TraceStep#blockedBy()}). */
    BLOCKED,
    /** A previously blocked step completed because the holder committed or rolled back. */
    UNBLOCKED,
    /** The application's own check refused the transfer; the transaction rolled back, nothing was written. */
    DECLINED,
    /** The database refused a statement (see {@link TraceStep#sqlState()}); the transaction rolled back. */
    ABORTED,
    /** Chosen by the database as the victim of a deadlock; the transaction rolled back. */
    DEADLOCK_VICTIM,
    /** The mitigation retried the transaction after an abort or a failed compare-and-set. */
    RETRIED,
    /** Not executed because the lane had already ended (declined or aborted). */
    SKIPPED
}
