package racelab.bench;

/** How one try of a transfer ended, as the mitigation saw it (a database refusal is an exception instead). */
public enum AttemptOutcome {
    /** Committed: money moved. */
    APPLIED,
    /** The application's check refused the transfer; rolled back, nothing written. */
    DECLINED,
    /** Lost a compare-and-set or similar optimistic race; rolled back, the bench tries again. */
    CONFLICT
}
