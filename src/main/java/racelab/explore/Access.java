package racelab.explore;

/**
 * How one step touches the accounts in its footprint, from the point of view of the other lanes.
 *
 * <p>Two steps of different lanes that share an account commute when one is a {@link #SNAPSHOT_READ} and the
 * other is not an {@link #END}: a multiversion reader neither blocks nor sees uncommitted writes or locks. Every
 * other pair on a shared account is treated as conflicting (see {@link StepFootprint#conflictsWith}).
 */
public enum Access {
    /** No SQL and no lock: pure application logic or session-local settings. Commutes with everything. */
    NONE,
    /** A plain multiversion read: takes no lock, sees committed data. */
    SNAPSHOT_READ,
    /** A read that takes row locks ({@code SELECT ... FOR UPDATE}) or an application lock. */
    LOCKING_READ,
    /** A write; takes row locks and makes data visible at commit. */
    WRITE,
    /** Commit or rollback: publishes writes and releases locks. */
    END,
    /** Not known: conflicts with every step of every other lane. */
    UNKNOWN
}
