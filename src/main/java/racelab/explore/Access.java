package racelab.explore;

/**
 * How one step touches the accounts in its footprint, from the point of view of the other lanes.
 *
 * <p>Two steps of different lanes that share an account commute only when both are {@link #SNAPSHOT_READ}:
 * multiversion readers neither block each other nor change what anyone else sees. Every other pair on a shared
 * account is treated as conflicting, which is conservative (a locking read and a plain read do commute on H2, but
 * pruning them buys little and would need a proof per isolation level).
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
