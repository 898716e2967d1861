package racelab.check;

/** Standard names of what can go wrong in a ledger run. */
public enum AnomalyType {
    /** An account ended outside its constraint (overdrawn, or a loan pushed positive). */
    CONSTRAINT_VIOLATED,
    /** A committed write was overwritten by a transaction that had not seen it. */
    LOST_UPDATE,
    /** Two transactions waited on each other; the database aborted one. */
    DEADLOCK,
    /** The sum of balances went up. */
    MONEY_CREATED,
    /** The sum of balances went down. */
    MONEY_DESTROYED,
    /** One request was applied more than once. */
    DUPLICATE_APPLY,
    /** A decision was taken on a balance older than the committed one. */
    STALE_READ,
    /** Each transaction kept the rule on its own rows; together they broke a rule across rows. */
    WRITE_SKEW
}
