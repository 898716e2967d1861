package racelab.check;

/**
 * Standard names of what can go wrong in a ledger run. {@link #literatureName()} gives the isolation literature's
 * name where there is one: Berenson et al., "A Critique of ANSI SQL Isolation Levels" (P4 lost update), and Adya's
 * phenomena as Kleppmann's Hermitage tests them (G2-item write skew).
 */
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
    WRITE_SKEW;

    /**
     * The usual literature name, or null when this is no isolation anomaly. A rule broken on one account by two
     * read-check-write transactions on the same row (the double spend) is P4: r2[x] ... w1[x] ... w2[x] c2, the
     * pattern snapshot isolation's first-updater-wins stops; a rule across rows broken by transactions that wrote
     * different rows is G2-item, which snapshot isolation allows. The detector renames a broken rule whose cause is
     * a stale replica or a repeated request (see {@link AnomalyDetector}).
     */
    /**
     * The literature name of write skew through a phantom: the other transaction's predicate read missed a row that
     * joined its predicate. Adya's G2 (anti-dependency cycles, predicate dependencies included) as Hermitage tests
     * it ("G2: anti-dependency cycles", the predicate form), rather than G2-item; Berenson et al. call the read's
     * side P3 (phantom).
     */
    public static final String PHANTOM_LITERATURE_NAME = "G2 predicate write skew, P3 phantom";

    public String literatureName() {
        switch (this) {
            case CONSTRAINT_VIOLATED:
            case LOST_UPDATE:
                return "P4 lost update";
            case WRITE_SKEW:
                return "G2-item write skew";
            default:
                return null;
        }
    }
}
